"""Numbers that used to break the server: every amount goes through one parser
(cwf.core.money.money) and one form field (cwf.core.forms.MoneyField), bounded by what the
database holds; a bad amount, a NUL byte or an over-long cell in a CSV import, and a bad query
parameter each get a clear error naming the field (and the line), never a 500."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cwf.core.errors import DomainError
from cwf.core.money import MONEY_MAX, money
from grants.models import EndowmentMovement, Spend
from partnerships.forms.meetings import DecisionForm
from tests.conftest import signed_in
from tests.factories import Role, user_with_role
from tests.grants import scenario
from tests.grants.plan_scenario import setup_partnership, with_money_received

pytestmark = pytest.mark.django_db
HUGE = ["1e30", "1E+30", "NaN", "Infinity", "9" * 40, "1000000000000.00"]


@pytest.mark.parametrize("text", HUGE)
def test_the_parser_refuses_what_the_database_cannot_hold_naming_the_field(text):
    with pytest.raises(DomainError) as refused:
        money(text, field="underspend_returned", label="underspend returned")
    assert refused.value.field == "underspend_returned"
    assert refused.value.message.startswith("The underspend returned must")


def test_the_largest_amount_the_database_holds_is_accepted():
    assert money("999,999,999,999.99") == MONEY_MAX == Decimal("999999999999.99")


@pytest.mark.parametrize("text", ["1e30", "999999999999999999999"])
def test_the_spend_form_shows_the_error_on_the_amount(text):
    s = with_money_received(setup_partnership())
    client = signed_in(s["resident"])
    response = client.post(
        f"/plans/partnership/{s['partnership'].pk}/spending/log/",
        {"spent_on": "2024-06-01", "amount": text, "payee": "Print Shop", "description": "Ink",
         "theme": str(s["themes"]["Young people"].pk)},
    )  # fmt: skip
    assert response.status_code == 200
    body = response.content.decode()
    assert "The amount must" in body and not Spend.objects.exists()


def test_the_decision_form_refuses_an_absurd_amount():
    form = DecisionForm(
        data={"title": "Chairs", "decided": "Buy chairs", "amount": "1e30"}, attendees=[]
    )
    assert not form.is_valid()
    assert form.errors["amount"] == [
        "The amount must be in pounds and pence, like 1250.00, not '1e30'."
    ]


def test_the_endowment_page_refuses_income_the_running_balance_cannot_hold(officer_client):
    officer_client.post(
        "/grants/endowment/record/",
        {"kind": "capital_contribution", "source": "dormant_assets", "amount": "1000.00",
         "received_on": "2024-04-01", "description": "First"},
    )  # fmt: skip
    response = officer_client.post(
        "/grants/endowment/record/",
        {"kind": "investment_income", "source": "", "amount": "999999999999.99",
         "received_on": "2024-04-02", "description": "Too much"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "more than the £999,999,999,999.99 the ledger can hold" in response.content.decode()
    assert EndowmentMovement.objects.count() == 1
    response = officer_client.post(
        "/grants/endowment/record/",
        {"kind": "investment_income", "source": "", "amount": "1e30",
         "received_on": "2024-04-02", "description": "Too much"},
    )  # fmt: skip
    assert response.status_code == 200 and "The amount must" in response.content.decode()


def test_the_allocation_form_refuses_an_absurd_amount():
    proposer, _ = scenario.officers()
    client = signed_in(proposer)
    partnership = setup_partnership()["partnership"]
    response = client.post(
        "/grants/allocations/propose/",
        {"partnership": partnership.pk, "amount": "1e30", "starts_on": "2025-04-01",
         "term_years": "10"},
    )  # fmt: skip
    assert response.status_code == 200 and "The amount must" in response.content.decode()


def _import(s, text: str):
    client = signed_in(s["finance"])
    return client.post(
        f"/plans/partnership/{s['partnership'].pk}/spending/import/",
        {"file": SimpleUploadedFile("spends.csv", text.encode())},
    )


HEADER = "Date,Payee,Description,Amount,Theme,Decision\n"


def test_a_csv_amount_too_large_names_the_line():
    s = with_money_received(setup_partnership())
    body = _import(s, HEADER + "01/06/2024,Shop,Ink,1e30,Young people,\n").content.decode()
    assert "Line 2: The amount must be in pounds and pence" in body


def test_a_nul_byte_is_refused_at_preview_with_its_line_and_column():
    s = with_money_received(setup_partnership())
    text = (
        HEADER
        + "01/06/2024,Shop,Ink,10.00,Young people,\n01/06/2024,Sh\x00op,Ink,5.00,Young people,\n"
    )
    response = _import(s, text)
    assert response.status_code == 200
    assert "Line 3, column Payee: contains a NUL character" in response.content.decode()
    assert not s["partnership"].spend_imports.exists()


def test_an_over_long_cell_is_refused_at_preview_not_at_confirm():
    s = with_money_received(setup_partnership())
    text = HEADER + f"01/06/2024,{'P' * 250},Ink,10.00,Young people,\n"
    body = _import(s, text).content.decode()
    assert "Line 2, column Payee: 250 characters, more than the 200 it may have." in body
    assert not s["partnership"].spend_imports.exists()


def test_the_spend_service_refuses_an_over_long_payee_naming_the_field():
    from grants.services.spending import SpendInput, spend_log

    s = with_money_received(setup_partnership())
    with pytest.raises(DomainError) as refused:
        spend_log(
            partnership_id=s["partnership"].pk, actor=s["resident"],
            data=SpendInput(date(2024, 6, 1), "10.00", "P" * 201, "Ink",
                            s["themes"]["Young people"].pk),
        )  # fmt: skip
    assert refused.value.field == "payee"


@pytest.mark.parametrize("year", ["0", "99999999999999999999", "abc", "10000"])
def test_a_bad_year_on_spend_by_theme_is_a_400_naming_the_parameter(year):
    client = signed_in(user_with_role(Role.TRUSTEE))
    response = client.get("/api/v1/spend-by-theme/", {"year": year})
    assert response.status_code == 400
    assert list(response.json()) == ["year"]
    assert response.json()["year"][0].startswith("year must be")


def test_a_huge_id_filter_is_a_400_not_a_database_error():
    client = signed_in(user_with_role(Role.TRUSTEE))
    response = client.get("/api/v1/tranches/", {"partnership": "99999999999999999999"})
    assert response.status_code == 400 and "partnership" in response.json()
    assert client.get("/api/v1/spend-by-theme/", {"year": "2024"}).status_code == 200
