"""The co-investment pages and API as people use them (issue 18): what they see, what they may
do, and what is refused (naming the field, writing nothing)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from cwf.accounts.roles import Role
from grants.models import CoFunder, LocalIncome, Pledge, PledgeReceipt, Transaction
from tests.conftest import signed_in
from tests.factories import PartnershipFactory, user_with_role
from tests.grants import scenario
from tests.grants.coinvestment_scenario import accepted, co_funder

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"grants:{name}", args=args)


@pytest.fixture
def officers():
    return scenario.officers()


def test_an_officer_records_a_pledge_and_a_second_officer_accepts_it(officers):
    first, second = (signed_in(o) for o in officers)
    partnership = PartnershipFactory(name="Horden Together")
    response = first.post(
        url("co_funder_new"),
        {"name": "East Durham Foundation", "charity_number": "1047625", "funds": "any",
         "contact_name": "Dawn Reed", "contact_email": "dawn@edcf.example"},
        follow=True,
    )  # fmt: skip
    funder = CoFunder.objects.get()
    assert "GB-CHC-1047625" in response.content.decode()
    form = {
        "co_funder": funder.pk, "amount": "50000", "currency": "EUR",
        "starts_on": "2024-04-01", "ends_on": "2025-03-31", "restriction": "partnership",
        "partnership": partnership.pk, "match_ratio": "1", "match_cap": "50000",
    }  # fmt: skip
    body = first.post(url("pledge_new"), form).content.decode()
    assert "There is a problem" in body and "pounds sterling (GBP)" in body
    assert not Pledge.objects.exists()
    first.post(url("pledge_new"), {**form, "currency": "GBP"})
    recorded = Pledge.objects.get()
    page = first.get(url("pledge_detail", recorded.pk)).content.decode()
    assert url("pledge_accept", recorded.pk) not in page
    response = first.post(url("pledge_accept", recorded.pk), follow=True)
    assert "different officer must accept it" in response.content.decode()
    assert (
        second.get(url("pledge_detail", recorded.pk))
        .content.decode()
        .count(url("pledge_accept", recorded.pk))
    )
    second.post(url("pledge_accept", recorded.pk))
    recorded.refresh_from_db()
    assert recorded.status == Pledge.Status.ACCEPTED


def test_an_over_receipt_is_refused_on_the_form(officers):
    p = accepted(*officers, partnership=PartnershipFactory(), amount="1000.00")
    client = signed_in(officers[0])
    before = Transaction.objects.count()
    body = client.post(
        url("pledge_receipt", p.pk),
        {"amount": "1000.01", "received_on": "2024-05-01", "bank_reference": "X1"},
    ).content.decode()
    assert "amends the pledge first" in body
    assert Transaction.objects.count() == before and not PledgeReceipt.objects.exists()


def test_a_receipt_beyond_the_match_rule_is_refused_on_the_form(officers):
    p = accepted(
        *officers, partnership=PartnershipFactory(), amount="50000.00", match_ratio="1",
        match_cap="50000.00",
    )  # fmt: skip
    client = signed_in(officers[0])
    page = client.get(url("pledge_receipt", p.pk)).content.decode()
    assert "This pledge has a match rule" in page
    response = client.post(
        url("pledge_receipt", p.pk),
        {"amount": "100.00", "received_on": "2024-05-01", "bank_reference": "X1"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    assert "it still allows £0.00" in body
    assert not PledgeReceipt.objects.exists()
    api = client.post(
        f"/api/v1/pledges/{p.pk}/receipts/",
        {"amount": "100.00", "received_on": "2024-05-01", "bank_reference": "X1"},
        content_type="application/json",
    )
    assert api.status_code == 400 and api.json()["field"] == "amount"
    assert "still allows £0.00" in json.dumps(api.json(), ensure_ascii=False)


def test_trustees_read_the_pages_and_never_write(officers):
    p = accepted(*officers, partnership=PartnershipFactory(), amount="1000.00")
    trustee = signed_in(user_with_role(Role.TRUSTEE))
    for name, args in (
        ("co_funder_list", ()), ("co_funder_detail", (p.co_funder_id,)), ("pledge_list", ()),
        ("pledge_detail", (p.pk,)), ("restricted_payments", ()), ("local_income_queue", ()),
    ):  # fmt: skip
        assert trustee.get(url(name, *args)).status_code == 200, name
    assert trustee.post(url("pledge_new"), {}).status_code == 403
    assert trustee.post(url("pledge_receipt", p.pk), {}).status_code == 403
    api = trustee.post("/api/v1/pledges/", {}, content_type="application/json")
    assert api.status_code == 403


def test_partnership_people_see_no_co_funders():
    partnership = PartnershipFactory()
    resident = signed_in(user_with_role(Role.RESIDENT_MEMBER, partnership))
    assert resident.get(url("co_funder_list")).status_code == 404
    assert resident.get(url("pledge_list")).status_code == 404
    assert json.loads(resident.get("/api/v1/pledges/").content)["results"] == []


def test_lto_finance_records_local_income_and_an_officer_verifies_it(officers):
    partnership = PartnershipFactory()
    finance = signed_in(user_with_role(Role.LTO_FINANCE, partnership))
    page_url = reverse("plans:local_income", args=[partnership.pk])
    form = {"kind": "donation", "source": "Gala day", "amount": "1100",
            "received_on": "2024-05-01", "evidence_reference": ""}  # fmt: skip
    body = finance.post(page_url, form).content.decode()
    assert "Give the evidence" in body and not LocalIncome.objects.exists()
    finance.post(page_url, {**form, "evidence_reference": "Bank statement May"})
    income = LocalIncome.objects.get()
    officer = signed_in(officers[0])
    assert "Gala day" in officer.get(url("local_income_queue")).content.decode()
    officer.post(url("local_income_verify", income.pk), {"verified": "yes"})
    income.refresh_from_db()
    assert income.status == LocalIncome.Status.VERIFIED
    money = finance.get(reverse("plans:money", args=[partnership.pk])).content.decode()
    assert "£1,100.00" in money  # beside the fund's money


def test_the_api_records_a_pledge_and_refuses_naming_the_field(officers):
    funder = co_funder(officers[0])
    partnership = PartnershipFactory()
    client = signed_in(officers[0])
    body = {
        "co_funder": funder.pk, "amount": "5000.00", "currency": "USD",
        "starts_on": "2024-04-01", "ends_on": "2024-12-31", "restriction": "partnership",
        "partnership": partnership.pk,
    }  # fmt: skip
    refused = client.post("/api/v1/pledges/", body, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["field"] == "currency"
    created = client.post(
        "/api/v1/pledges/", {**body, "currency": "GBP"}, content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["status"] == "pledged"
    pledge_id = created.json()["id"]
    second = signed_in(officers[1])
    assert second.post(f"/api/v1/pledges/{pledge_id}/accept/").json()["status"] == "accepted"
    over = client.post(
        f"/api/v1/pledges/{pledge_id}/receipts/",
        {"amount": "5000.01", "received_on": "2024-05-01", "bank_reference": "B1"},
        content_type="application/json",
    )
    assert over.status_code == 400 and over.json()["field"] == "amount"
    assert client.get("/api/v1/pledges/?colour=red").status_code == 400  # SyncableApi


def test_an_officer_marks_a_co_funder_as_a_private_person(officers):
    client = signed_in(officers[0])
    page = client.get(url("co_funder_new")).content.decode()
    assert "private person" in page and "A private donor" in page  # the hint says what it does
    client.post(
        url("co_funder_new"),
        {"name": "Marguerite Philanthrope", "is_individual": "on", "funds": "any"},
    )
    donor = CoFunder.objects.get()
    assert donor.is_individual and donor.public_name == "A private donor"
    assert (
        "Marguerite Philanthrope" in client.get(url("co_funder_detail", donor.pk)).content.decode()
    )
