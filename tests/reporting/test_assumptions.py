"""Assumptions: dated values with sources, refused when negative or absurd (the field named),
changed by officers only, read by trustees, invisible to partnerships."""

import datetime
from decimal import Decimal as D

import pytest
from django.utils import timezone

from cwf.core.errors import DomainError, ScopeError
from reporting.assumptions import DEFINITIONS, AssumptionKey
from reporting.models import Assumption
from reporting.selectors.assumptions import assumptions_in_force
from reporting.services.assumptions import assumption_set, assumptions_ensure_defaults
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_defaults_apply_until_a_value_is_recorded_and_are_recorded_once():
    values = assumptions_in_force()
    assert values.return_rate == D("0.035")
    assert values[AssumptionKey.DISCOUNT_RATE].is_default
    assert "Green Book" in values[AssumptionKey.DISCOUNT_RATE].source
    assert len(assumptions_ensure_defaults()) == len(DEFINITIONS)
    assert assumptions_ensure_defaults() == []
    assert Assumption.objects.count() == len(DEFINITIONS)
    sv = assumptions_in_force().social_value()
    assert [c.per_million for c in sv.categories] == [
        D("1200000"), D("740000"), D("670000"), D("500000"), D("130000")
    ]  # fmt: skip
    assert (sv.years, sv.discount_rate) == (10, D("0.035"))


def test_a_new_value_applies_from_its_date_and_the_old_one_is_kept(officer):
    assumption_set(actor=officer, key="investment_return", value="4.25", source="Policy 2026",
                   effective_on=TODAY)  # fmt: skip
    assumption_set(actor=officer, key="investment_return", value="3", source="Policy 2027",
                   effective_on=TODAY + datetime.timedelta(days=30))  # fmt: skip
    assert assumptions_in_force().return_rate == D("0.0425")
    later = assumptions_in_force(on=TODAY + datetime.timedelta(days=31))
    assert later.return_rate == D("0.03")
    assert later["investment_return"].source == "Policy 2027"
    assert Assumption.objects.filter(key="investment_return").count() == 2


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("investment_return", "-1", "The investment return (real) cannot be negative."),
        ("investment_return", "25", "must be between 0% and 20%"),
        ("discount_rate", "11", "must be between 0% and 10%"),
        ("fiscal_per_million", "99000000", "must be between £0 and £10,000,000"),
        ("benefit_years", "2.5", "whole number of years"),
        ("benefit_years", "0", "must be between 1 year and 30 years"),
        ("stress_capital_fall", "95", "must be between 0% and 90%"),
        ("running_costs", "lots", "Enter the running costs as a number"),
        ("running_costs", "1.00001", "at most four decimal places"),
    ],
)
def test_negative_or_absurd_values_are_refused_naming_the_field(officer, key, value, message):
    with pytest.raises(DomainError) as refused:
        assumption_set(actor=officer, key=key, value=value, source="x", effective_on=TODAY)
    assert refused.value.field == "value"
    assert message in refused.value.message
    assert not Assumption.objects.exists()


def test_a_source_is_required_and_the_date_must_be_sensible(officer):
    with pytest.raises(DomainError) as refused:
        assumption_set(actor=officer, key="discount_rate", value="3", source=" ",
                       effective_on=TODAY)  # fmt: skip
    assert refused.value.field == "source"
    with pytest.raises(DomainError) as refused:
        assumption_set(actor=officer, key="discount_rate", value="3", source="x",
                       effective_on=datetime.date(1999, 1, 1))  # fmt: skip
    assert refused.value.field == "effective_on"


def test_only_officers_change_assumptions(trustee):
    with pytest.raises(ScopeError):
        assumption_set(actor=trustee, key="discount_rate", value="3", source="x",
                       effective_on=TODAY)  # fmt: skip


def test_the_database_refuses_a_negative_value_or_no_source():
    from django.db import IntegrityError, transaction

    for fields in ({"value": D("-1"), "source": "x"}, {"value": D("1"), "source": ""}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Assumption.objects.create(key="discount_rate", effective_on=TODAY, **fields)


def test_officer_changes_an_assumption_from_the_page(officer_client):
    page = officer_client.get("/portfolio/assumptions/")
    assert page.status_code == 200
    assert "HM Treasury, The Green Book" in page.content.decode()
    url = "/portfolio/assumptions/investment_return/"
    form = officer_client.get(url)
    assert form.status_code == 200 and 'value="3.5"' in form.content.decode()
    response = officer_client.post(
        url,
        {
            "value": "4",
            "source": "Investment committee, March",
            "effective_on": TODAY.isoformat(),
            "note": "New policy",
        },
    )
    assert response.status_code == 302
    page = officer_client.get("/portfolio/assumptions/").content.decode()
    assert "Investment committee, March" in page and "4%" in page


def test_an_absurd_value_on_the_page_shows_the_error_on_the_field(officer_client):
    response = officer_client.post(
        "/portfolio/assumptions/investment_return/",
        {"value": "25", "source": "Hope", "effective_on": TODAY.isoformat()},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert 'href="#id_value"' in body
    assert "The investment return (real) must be between 0% and 20%" in body
    assert not Assumption.objects.exists()


def test_trustees_read_but_cannot_change(trustee):
    client = signed_in(trustee)
    page = client.get("/portfolio/assumptions/")
    assert page.status_code == 200 and "Change" not in page.content.decode()
    assert client.get("/portfolio/assumptions/investment_return/").status_code == 403
    response = client.post(
        "/portfolio/assumptions/investment_return/",
        {"value": "4", "source": "x", "effective_on": TODAY.isoformat()},
    )
    assert response.status_code == 403
    assert not Assumption.objects.exists()


def test_partnership_people_get_404(chair):
    client = signed_in(chair)
    assert client.get("/portfolio/assumptions/").status_code == 404
    assert client.get("/portfolio/assumptions/investment_return/").status_code == 404
    assert client.get("/portfolio/").status_code == 404


def test_an_unknown_assumption_is_404(officer_client):
    assert officer_client.get("/portfolio/assumptions/no_such_thing/").status_code == 404
