"""Co-investment (issue 18) under hostile and careless input, through the pages and the API
with a token: every refusal is a field error (a form error, a 400 naming the field), never a
500, and a refused write writes nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cwf.accounts.tokens import api_token_create
from grants.models import LocalIncome, Pledge, PledgeReceipt
from tests.conftest import signed_in
from tests.factories import PartnershipFactory, Role, give_totp, user_with_role
from tests.grants import scenario
from tests.grants.coinvestment_scenario import accepted, co_funder

pytestmark = pytest.mark.django_db

NASTY = {
    "superscript": "²",
    "huge": "9" * 40,
    "negative": "-1",
    "exponent": "1e999",
    "nan": "NaN",
    "nul": "x\x00y",
    "long": "a" * 5000,
    "blank": " ",
    "far-date": "99999-01-01",
}
VALUES = pytest.mark.parametrize("value", list(NASTY.values()), ids=list(NASTY))


def api(user) -> Client:
    give_totp(user)
    _, raw = api_token_create(user=user, name="hostile")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def world():
    first, second = scenario.officers()
    partnership = PartnershipFactory(name="Horden Together")
    funder = co_funder(first)
    pledge = accepted(first, second, funder=funder, partnership=partnership, amount="1000.00")
    return {"first": first, "second": second, "partnership": partnership, "funder": funder,
            "pledge": pledge}  # fmt: skip


PLEDGE = ("amount", "currency", "starts_on", "ends_on", "restriction", "partnership", "region",
          "conditions", "match_ratio", "match_cap", "co_funder")  # fmt: skip


@VALUES
@pytest.mark.parametrize("field", PLEDGE)
def test_a_pledge_of_any_shape_through_the_api_is_a_400_naming_nothing_saved(world, field, value):
    data = {
        "co_funder": world["funder"].pk, "amount": "500.00", "currency": "GBP",
        "starts_on": "2024-04-01", "ends_on": "2025-03-31", "restriction": "partnership",
        "partnership": world["partnership"].pk, field: value,
    }  # fmt: skip
    before = Pledge.objects.count()
    response = api(world["first"]).post("/api/v1/pledges/", data, content_type="application/json")
    assert response.status_code in (201, 400), response.content[:300]
    assert Pledge.objects.count() == before + (response.status_code == 201)


@VALUES
@pytest.mark.parametrize("field", ["amount", "received_on", "bank_reference"])
def test_a_receipt_of_any_shape_through_the_api_is_a_400(world, field, value):
    data = {"amount": "10.00", "received_on": "2024-05-01", "bank_reference": "REF-1", field: value}
    url = f"/api/v1/pledges/{world['pledge'].pk}/receipts/"
    response = api(world["first"]).post(url, data, content_type="application/json")
    assert response.status_code in (201, 400), response.content[:300]
    assert PledgeReceipt.objects.count() == (response.status_code == 201)


@VALUES
@pytest.mark.parametrize("field", ["amount", "received_on", "bank_reference"])
def test_a_receipt_of_any_shape_on_the_page_is_a_form_error(world, field, value):
    data = {"amount": "10.00", "received_on": "1/5/2024", "bank_reference": "REF-1", field: value}
    url = reverse("grants:pledge_receipt", args=[world["pledge"].pk])
    response = signed_in(world["first"]).post(url, data)
    assert response.status_code in (200, 302)


@VALUES
@pytest.mark.parametrize("field", ["name", "charity_number", "region", "contact_email", "funds"])
def test_a_co_funder_of_any_shape_on_the_page_is_a_form_error(world, field, value):
    data = {"name": "Other Trust", "funds": "any", "contact_name": "Ann", field: value}
    response = signed_in(world["first"]).post(reverse("grants:co_funder_new"), data)
    assert response.status_code in (200, 302)


@VALUES
@pytest.mark.parametrize("field", ["source", "amount", "received_on", "evidence_reference"])
def test_local_income_of_any_shape_is_a_form_error(world, field, value):
    finance = user_with_role(Role.LTO_FINANCE, world["partnership"])
    data = {"kind": "donation", "source": "Raffle", "amount": "50.00", "received_on": "1/5/2024",
            "evidence_reference": "Bank statement May", field: value}  # fmt: skip
    url = reverse("plans:local_income", args=[world["partnership"].pk])
    response = signed_in(finance).post(url, data)
    assert response.status_code in (200, 302)
    assert LocalIncome.objects.count() == (response.status_code == 302)


@VALUES
def test_a_region_pledge_of_any_region_through_the_api_is_a_400(world, value):
    data = {"co_funder": world["funder"].pk, "amount": "500.00", "starts_on": "2024-04-01",
            "ends_on": "2025-03-31", "restriction": "region", "region": value}  # fmt: skip
    response = api(world["first"]).post("/api/v1/pledges/", data, content_type="application/json")
    assert response.status_code == 400, response.content[:300]
