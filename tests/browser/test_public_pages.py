"""Issue 17, "done when": signed out, a visitor opens the demo's Horden page, follows a purchase
to the decision it rests on, and downloads the partnership's spending CSV; the figures equal the
signed-in money page's, and the purchase marked "not for publication" is in neither."""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from cwf.accounts.models import User
from grants.models import SpendWithholding
from partnerships.models import Partnership

pytestmark = pytest.mark.django_db(transaction=True)
FIGURES = ("committed", "received", "spent", "held")


def pounds(text: str) -> Decimal:
    return Decimal(re.sub(r"[£,\s]", "", text))


def test_a_signed_out_visitor_follows_horden_from_a_purchase_to_its_decision(page_as, tmp_path):
    call_command("seed_demo", stdout=StringIO())
    horden = Partnership.objects.get(name="Horden Together")
    withheld = SpendWithholding.objects.select_related("spend").get(spend__partnership=horden)

    officer = page_as(User.objects.get(email="officer@example.org"), phone=False)
    officer.goto(f"/plans/partnership/{horden.pk}/money/")
    signed_in = {name: officer.locator(f"#{name}").inner_text() for name in FIGURES}

    visitor = page_as(None)
    visitor.goto("/open/")
    visitor.get_by_role("link", name="Horden Together").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Horden Together")
    for name in FIGURES:
        expect(visitor.locator(f"#{name}")).to_have_text(signed_in[name])
    expect(visitor.locator("#withheld")).to_contain_text("1 purchase is not shown here")

    rows = visitor.locator("#purchase-table tbody tr")
    shown = rows.count()
    first = rows.filter(has=visitor.locator("a")).first
    title = first.locator("a").inner_text()
    first.locator("a").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
    expect(visitor.locator("#decided-on")).to_be_visible()
    visitor.go_back()

    with visitor.expect_download() as download:
        visitor.locator("#spending-csv").click()
    saved = Path(tmp_path) / "spending.csv"
    download.value.save_as(saved)
    lines = list(csv.DictReader(StringIO(saved.read_text(encoding="utf-8"))))
    assert len(lines) == shown
    total = sum((Decimal(r["Amount (GBP)"]) for r in lines), Decimal(0))
    assert total + withheld.spend.amount == pounds(signed_in["spent"])
    assert not visitor.context.cookies()
