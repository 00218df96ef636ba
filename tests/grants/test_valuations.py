"""Market valuations of the endowment: an officer records what the investments were worth on a
day, with its source; the book value the ledger shows that day is kept beside it. Audited, never
edited; a correction is a new valuation for the same day."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from cwf.accounts.roles import Role
from cwf.core.errors import DomainError, ScopeError
from grants.models import EndowmentMovement, EndowmentValuation
from grants.selectors.endowment import endowment_valuation_list, latest_valuation
from grants.services.endowment import endowment_movement_record
from grants.services.valuations import endowment_valuation_record
from tests.conftest import signed_in
from tests.factories import user_with_role
from tests.grants import scenario

pytestmark = pytest.mark.django_db
KIND = EndowmentMovement.Kind


@pytest.fixture
def officers():
    return scenario.officers()


@pytest.fixture
def funded(officers):
    officer = officers[0]
    scenario.fund(officer, amount="10000000.00", on=date(2024, 4, 1))
    endowment_movement_record(actor=officer, kind=KIND.INVESTMENT_INCOME, amount="150000.00",
                              received_on=date(2025, 3, 31), description="Income")  # fmt: skip
    return officer


def value(officer, *, on=date(2025, 3, 31), amount="10450000.00", source="Custodian statement"):
    return endowment_valuation_record(
        actor=officer, valued_on=on, market_value=amount, source=source, note="Year end"
    )


def test_a_valuation_keeps_the_book_value_of_its_day_and_is_audited(funded):
    valuation = value(funded)
    # The ledger held 10,000,000 + 150,000 on 31 March 2025.
    assert valuation.book_value == D("10150000.00")
    assert valuation.market_value == D("10450000.00")
    assert valuation.difference == D("300000.00")
    assert valuation.recorded_by == funded
    assert LogEntry.objects.get_for_object(valuation).count() == 1
    earlier = value(funded, on=date(2024, 12, 31), amount="9800000.00")
    assert earlier.book_value == D("10000000.00")
    assert latest_valuation(viewer=funded) == valuation


def test_a_correction_is_a_new_valuation_for_the_same_day_and_the_newest_counts(funded):
    first = value(funded)
    corrected = value(funded, amount="10400000.00", source="Custodian statement, corrected")
    assert latest_valuation(viewer=funded) == corrected
    assert list(endowment_valuation_list(viewer=funded)) == [corrected, first]


def test_sending_the_same_valuation_twice_saves_it_once(funded):
    assert value(funded) == value(funded)
    assert EndowmentValuation.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"amount": "-1.00"}, "market_value", "cannot be negative"),
        ({"amount": "12.345"}, "market_value", "fractions of a penny"),
        ({"source": "  "}, "source", "Say where the value comes from"),
        ({"on": date(2020, 1, 1)}, "valued_on", "held no money"),
        ({"on": timezone.localdate() + timedelta(days=1)}, "valued_on", "cannot be in the future"),
    ],
)
def test_bad_valuations_are_refused_naming_the_field(funded, changes, field, message):
    with pytest.raises(DomainError) as refused:
        value(funded, **changes)
    assert refused.value.field == field and message in str(refused.value)
    assert EndowmentValuation.objects.count() == 0


def test_only_officers_record_valuations(funded):
    with pytest.raises(ScopeError):
        value(user_with_role(Role.TRUSTEE))
    trustee = signed_in(user_with_role(Role.TRUSTEE))
    assert trustee.get("/grants/endowment/valuations/new/").status_code == 403
    assert trustee.post("/grants/endowment/valuations/new/", {}).status_code == 403
    assert EndowmentValuation.objects.count() == 0


def test_an_officer_records_one_from_the_form_and_the_page_shows_market_beside_book(funded):
    client = signed_in(funded)
    page = client.get("/grants/endowment/").content.decode()
    assert "No market value has been recorded" in page
    form = client.get("/grants/endowment/valuations/new/").content.decode()
    assert "Market value" in form and "valued_on_day" in form
    bad = client.post("/grants/endowment/valuations/new/", {"market_value": "lots"})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "There is a problem" in text and "Say where the value comes from" in text
    response = client.post(
        "/grants/endowment/valuations/new/",
        {"valued_on_day": "31", "valued_on_month": "3", "valued_on_year": "2025",
         "market_value": "10,450,000.00", "source": "Custodian statement", "note": ""},
        follow=True,
    )  # fmt: skip
    page = response.content.decode()
    assert "Market value of £10,450,000.00 on 31 Mar 2025 recorded" in page
    for text in ("Market value", "£10,450,000.00", "Book value", "£10,150,000.00",
                 "£300,000.00", "Custodian statement"):  # fmt: skip
        assert text in page, text
