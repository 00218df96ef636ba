"""Issue 17, "done when": over the demo, every public page, file and endpoint is compared with
every member's, LTO contact's and user's name and e-mail address, and none is found; and the
demo's withheld purchase is on none of them."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from cwf.accounts.models import User
from cwf.core.dates import display_date
from cwf.core.money import format_gbp
from grants.models import Spend, SpendWithholding
from partnerships.models import LtoContact, Member
from reporting.models import OpenDataFile
from reporting.selectors.public import public_decisions, public_partnerships

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def public_urls() -> list[str]:
    urls = ["/open/", "/open/fund.csv", "/open/data/"]
    urls += ["/api/v1/public/fund/", "/api/v1/public/partnerships/", "/api/v1/public/data/"]
    for partnership in public_partnerships():
        base = f"/open/partnerships/{partnership.pk}/"
        urls += [base, base + "spending.csv", f"/api/v1/public/partnerships/{partnership.pk}/"]
        urls += [
            f"{base}decisions/{d.pk}/" for d in public_decisions(partnership_id=partnership.pk)
        ]
    urls += [f"/open/data/{f.name}" for f in OpenDataFile.objects.defer("content")]
    return urls


def personal_data() -> set[str]:
    found = set()
    for name, email in Member.objects.values_list("full_name", "email"):
        found |= {name, email}
    for name, email in LtoContact.objects.values_list("name", "email"):
        found |= {name, email}
    for user in User.objects.all():
        found |= {user.email, getattr(user, "full_name", "") or ""}
    return {value.strip().lower() for value in found if value and len(value.strip()) > 3}


def readable(url: str, content: bytes) -> str:
    if url.endswith(".xlsx"):
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        cells = (c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row)
        return "\n".join(str(c) for c in cells if c is not None)
    return content.decode("utf-8")


def shows(body: str, spend) -> bool:
    """The purchase's date and amount on one line (a table row, a CSV row) or in one JSON
    object."""
    dates = (spend.spent_on.isoformat(), display_date(spend.spent_on).lower())
    amounts = (str(spend.amount), format_gbp(spend.amount))
    for date_text in dates:
        for amount in amounts:
            if re.search(rf"{re.escape(date_text)}[^\n{{}}]*{re.escape(amount)}", body):
                return True
    return False


def test_no_public_page_file_or_endpoint_names_a_person_or_shows_a_withheld_purchase():
    call_command("seed_demo", stdout=io.StringIO())
    urls = public_urls()
    assert any("/open/partnerships/" in u for u in urls), "the demo publishes Horden"
    withheld = SpendWithholding.objects.select_related("spend").get()
    people = personal_data()
    assert len(people) > 20
    visitor = Client()
    problems = []
    for url in urls:
        response = visitor.get(url)
        assert response.status_code == 200, url
        body = readable(url, response.content).lower()
        problems += [f"{url}: {value}" for value in people if value in body]
        if shows(body, withheld.spend):
            problems.append(f"{url}: the withheld purchase")
    assert not problems, "\n".join(sorted(problems))
    # The detector finds a purchase that is published, on the page and in its CSV.
    horden = public_partnerships().get(name="Horden Together")
    shown = Spend.objects.filter(partnership=horden, reverses__isnull=True).exclude(
        pk=withheld.spend_id
    )[0]
    for url in (f"/open/partnerships/{horden.pk}/", f"/open/partnerships/{horden.pk}/spending.csv"):
        assert shows(visitor.get(url).content.decode().lower(), shown), url
