"""Issue 17: each partnership's public page, the fund's public page and the open data, as a
signed-out visitor sees them. The figures equal the signed-in money page's; a person paid is "a
local resident"; a spend marked "not for publication" is nowhere public."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from django.test import Client

from cwf.core.errors import DomainError, ScopeError
from grants.services.spending import SpendInput, spend_log, spend_withhold
from partnerships.services.partnerships import partnership_publish, partnership_unpublish
from reporting.models import OpenDataFile
from reporting.services import open_data
from reporting.services.open_data import open_data_publish
from tests.conftest import signed_in
from tests.grants.plan_scenario import (
    agreed_decision,
    endorsed_and_released,
    pay_released,
    setup_partnership,
)

pytestmark = pytest.mark.django_db


def spend(s, amount, payee, *, organisation, decision=None, actor="resident"):
    return spend_log(
        partnership_id=s["partnership"].pk,
        actor=s[actor],
        data=SpendInput(
            spent_on=date(2024, 6, 1),
            amount=amount,
            payee=payee,
            description="For the fun day",
            theme_id=s["themes"]["Community spaces"].pk,
            decision_id=decision.pk if decision else None,
            payee_is_organisation=organisation,
        ),
    )


@pytest.fixture
def s():
    s = setup_partnership()
    endorsed_and_released(s)
    pay_released(s)
    s["decision"] = agreed_decision(s["partnership"], s["officer"], title="Refit the hall")
    s["hall"] = spend(s, "1500.00", "Hall Fitters Ltd", organisation=True, decision=s["decision"])
    s["sitter"] = spend(s, "80.00", "Wendy Childminder", organisation=False)
    s["secret"] = spend(s, "45.00", "Safehouse Refuge CIC", organisation=True)
    spend_withhold(spend_id=s["secret"].pk, actor=s["finance"], reason="A refuge's address")
    partnership_publish(partnership_id=s["partnership"].pk, actor=s["chair"])
    return s


def text(response) -> str:
    return response.content.decode()


def figure(html: str, element_id: str) -> str:
    return re.search(rf'id="{element_id}">([^<]+)<', html).group(1).strip()


def test_the_page_shows_the_money_pages_figures_to_a_signed_out_visitor(s):
    pid = s["partnership"].pk
    money = text(signed_in(s["chair"]).get(f"/plans/partnership/{pid}/money/"))
    page = Client().get(f"/open/partnerships/{pid}/")
    assert page.status_code == 200
    html = text(page)
    for name in ("committed", "received", "spent", "held"):
        assert figure(html, name) == figure(money, name), name
    assert figure(html, "spent") == "£1,625.00"  # the withheld spend still counts


def test_a_person_paid_is_a_local_resident_and_an_organisation_is_named(s):
    html = text(Client().get(f"/open/partnerships/{s['partnership'].pk}/"))
    assert "Hall Fitters Ltd" in html
    assert "Wendy Childminder" not in html
    assert "A local resident" in html


def test_a_withheld_spend_is_on_no_public_page_file_or_endpoint_but_is_counted(s):
    pid, did = s["partnership"].pk, s["decision"].pk
    open_data_publish()
    visitor = Client()
    page = text(visitor.get(f"/open/partnerships/{pid}/"))
    assert "1 purchase is not shown here" in page
    bodies = [
        page,
        text(visitor.get(f"/open/partnerships/{pid}/decisions/{did}/")),
        text(visitor.get(f"/open/partnerships/{pid}/spending.csv")),
        text(visitor.get("/open/")),
        text(visitor.get("/open/fund.csv")),
    ]
    bodies += [bytes(f.content).decode("utf-8", "replace") for f in OpenDataFile.objects.all()]
    for body in bodies:
        assert "Safehouse" not in body
        assert "45.00" not in body


def test_a_reversal_of_a_withheld_spend_is_withheld_too(s):
    from grants.services.spending import spend_reverse

    spend_reverse(spend_id=s["secret"].pk, actor=s["finance"], reason="Logged twice")
    html = text(Client().get(f"/open/partnerships/{s['partnership'].pk}/"))
    assert "Safehouse" not in html and "1 purchase is not shown" in html


def test_the_spend_csv_follows_the_page(s):
    pid = s["partnership"].pk
    response = Client().get(f"/open/partnerships/{pid}/spending.csv")
    rows = list(csv.DictReader(io.StringIO(text(response))))
    assert [(r["Amount (GBP)"], r["Paid to"], r["Decision"]) for r in rows] == [
        ("1500.00", "Hall Fitters Ltd", "Refit the hall"),
        ("80.00", "A local resident", ""),
    ]


def test_the_decision_page_lists_what_was_spent_under_it_without_names(s):
    pid, did = s["partnership"].pk, s["decision"].pk
    html = text(Client().get(f"/open/partnerships/{pid}/decisions/{did}/"))
    assert "Refit the hall" in html and "£2,000.00" in html and "£1,500.00" in html
    assert "Member 1" not in html  # agreed_decision's voters


def test_an_unpublished_partnership_has_no_public_page(s):
    pid = s["partnership"].pk
    partnership_unpublish(partnership_id=pid, actor=s["officer"])
    assert Client().get(f"/open/partnerships/{pid}/").status_code == 404
    assert Client().get(f"/open/partnerships/{pid}/spending.csv").status_code == 404
    assert s["partnership"].name not in text(Client().get("/open/"))


def test_only_the_chair_or_an_officer_publishes_and_only_lto_finance_or_an_officer_withholds(s):
    with pytest.raises(ScopeError):
        partnership_publish(partnership_id=s["partnership"].pk, actor=s["resident"])
    with pytest.raises(ScopeError):
        spend_withhold(spend_id=s["hall"].pk, actor=s["resident"], reason="No")
    with pytest.raises(DomainError):
        spend_withhold(spend_id=s["hall"].pk, actor=s["finance"], reason=" ")


def test_public_pages_set_no_cookie_and_may_be_cached(s):
    for url in ("/open/", f"/open/partnerships/{s['partnership'].pk}/", "/open/data/"):
        response = Client().get(url)
        assert response.status_code == 200, url
        assert not response.cookies, url
        assert "public" in response["Cache-Control"], url


def test_a_signed_in_visitor_gets_the_same_page_without_their_address(s):
    html = text(signed_in(s["chair"]).get(f"/open/partnerships/{s['partnership'].pk}/"))
    assert s["chair"].email not in html


def test_the_data_files_have_stable_urls_etags_and_answer_304(s):
    assert open_data_publish()
    visitor = Client()
    listing = text(visitor.get("/open/data/"))
    for name in ("360giving.json", "360giving.csv", "360giving.xlsx", "spending.csv"):
        assert f"/open/data/{name}" in listing
    response = visitor.get("/open/data/360giving.json")
    assert response.status_code == 200 and response["ETag"] and response["Last-Modified"]
    again = visitor.get("/open/data/360giving.json", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    since = visitor.get(
        "/open/data/360giving.json", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]
    )
    assert since.status_code == 304


def test_the_published_360giving_json_validates(s):
    import json

    from tests.reporting.test_threesixtygiving import validator

    open_data_publish()
    package = json.loads(Client().get("/open/data/360giving.json").content)
    errors = list(validator().iter_errors(package))
    assert errors == [] and package["grants"]


def test_a_failed_run_keeps_the_previous_files(s, monkeypatch):
    open_data_publish()
    before = {f.name: f.etag for f in OpenDataFile.objects.all()}
    spend(s, "10.00", "Paint Shop Ltd", organisation=True)

    def broken(partnerships):
        raise RuntimeError("disk full")

    monkeypatch.setattr(open_data, "spending_csv", broken)
    assert open_data_publish() is False
    assert {f.name: f.etag for f in OpenDataFile.objects.all()} == before
    assert Client().get("/open/data/spending.csv").status_code == 200


def test_the_public_pages_are_rate_limited(s, settings):
    from rest_framework.settings import api_settings

    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "public": "2/minute"}
    monkey = pytest.MonkeyPatch()
    from cwf.core.public import PublicThrottle

    monkey.setattr(PublicThrottle, "THROTTLE_RATES", rates)
    try:
        visitor = Client()
        codes = [visitor.get("/open/").status_code for _ in range(3)]
    finally:
        monkey.undo()
    assert codes == [200, 200, 429]


def test_the_public_api_needs_no_token_and_leaves_the_withheld_spend_out(s):
    pid = s["partnership"].pk
    visitor = Client()
    detail = visitor.get(f"/api/v1/public/partnerships/{pid}/")
    assert detail.status_code == 200 and not detail.cookies
    body = detail.json()
    assert body["money"]["spent"] == "1625.00"
    assert body["withheld_purchases"] == 1
    assert {p["payee"] for p in body["purchases"]} == {"Hall Fitters Ltd", "A local resident"}
    assert "Safehouse" not in detail.content.decode()
    listed = visitor.get("/api/v1/public/partnerships/").json()
    assert [p["id"] for p in listed] == [pid]
    assert visitor.get("/api/v1/public/fund/").json()["spent"] == "1625.00"
    open_data_publish()
    names = {f["name"] for f in visitor.get("/api/v1/public/data/").json()}
    assert "360giving.json" in names
    assert visitor.post(f"/api/v1/public/partnerships/{pid}/", {}).status_code == 405


def test_the_public_api_gives_the_resident_share_as_a_fraction_like_every_rate(s):
    from decimal import Decimal

    from partnerships.models import Member

    voting = Member.objects.filter(
        partnership=s["partnership"], left_on__isnull=True, has_vote=True
    )
    expected = Decimal(voting.filter(is_resident=True).count()) / voting.count()
    body = Client().get(f"/api/v1/public/partnerships/{s['partnership'].pk}/").json()
    assert Decimal(body["resident_share"]) == expected.quantize(Decimal("0.0001"))
    assert 0 <= Decimal(body["resident_share"]) <= 1


def test_an_unpublished_partnership_is_not_in_the_public_api(s):
    pid = s["partnership"].pk
    partnership_unpublish(partnership_id=pid, actor=s["chair"])
    assert Client().get(f"/api/v1/public/partnerships/{pid}/").status_code == 404


def test_the_public_endpoints_are_in_the_schema():
    schema = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in ("/api/v1/public/fund/", "/api/v1/public/partnerships/{partnership_pk}/"):
        assert path in schema


def test_the_chair_publishes_from_the_partnership_page_and_an_officer_takes_it_down(s):
    pid = s["partnership"].pk
    partnership_unpublish(partnership_id=pid, actor=s["officer"])
    chair = signed_in(s["chair"])
    chair.post(f"/partnerships/{pid}/public/", {"publish": "yes"})
    assert Client().get(f"/open/partnerships/{pid}/").status_code == 200
    assert signed_in(s["resident"]).post(f"/partnerships/{pid}/public/", {}).status_code == 403
    signed_in(s["officer"]).post(f"/partnerships/{pid}/public/", {"publish": "no"})
    assert Client().get(f"/open/partnerships/{pid}/").status_code == 404


def test_lto_finance_marks_a_spend_not_for_publication_from_its_page(s):
    pid, hall = s["partnership"].pk, s["hall"].pk
    finance = signed_in(s["finance"])
    assert "Mark not for publication" in text(finance.get(f"/plans/spends/{hall}/"))
    response = finance.post(f"/plans/spends/{hall}/withhold/", {"reason": "A safeguarding case"})
    assert response.status_code == 302
    assert "Not for publication: A safeguarding case" in text(finance.get(f"/plans/spends/{hall}/"))
    assert "Hall Fitters" not in text(Client().get(f"/open/partnerships/{pid}/"))
    resident = signed_in(s["resident"])
    assert (
        resident.post(f"/plans/spends/{s['sitter'].pk}/withhold/", {"reason": "x"}).status_code
        == 403
    )


def test_a_shared_story_from_an_accepted_report_is_on_the_page_with_its_photo():
    from reporting.services import report_reviews as report_decisions
    from reporting.services import reports
    from tests.reporting.access_world import png_upload
    from tests.reporting.report_scenario import COMPLETE, World

    world = World()
    report = world.first_report()
    add = {"report_id": report.pk, "actor": world.chair}
    shared = reports.report_story_add(
        **add, title="The fun day", body="Games for all.", photo=png_upload(), is_public=True
    )
    reports.report_story_add(**add, title="A private worry", body="Not for the public.")
    reports.report_save_draft(report_id=report.pk, actor=world.chair, narrative=COMPLETE)
    reports.report_submit(report_id=report.pk, actor=world.chair)
    pid = world.partnership.pk
    partnership_publish(partnership_id=pid, actor=world.chair)
    photo = f"/open/partnerships/{pid}/stories/{shared.pk}/photo/"
    assert "The fun day" not in text(Client().get(f"/open/partnerships/{pid}/"))  # not accepted
    assert Client().get(photo).status_code == 404
    report_decisions.report_accept(report_id=report.pk, actor=world.officer)
    html = text(Client().get(f"/open/partnerships/{pid}/"))
    assert "The fun day" in html and photo in html
    assert "A private worry" not in html
    response = Client().get(photo)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_the_page_reads_a_fixed_number_of_queries_however_many_purchases(
    s, django_assert_max_num_queries
):
    pid = s["partnership"].pk
    with django_assert_max_num_queries(40) as few:
        Client().get(f"/open/partnerships/{pid}/")
    for n in range(10):
        spend(s, "5.00", f"Shop {n} Ltd", organisation=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        Client().get(f"/open/partnerships/{pid}/")
