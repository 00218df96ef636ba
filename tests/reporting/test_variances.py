"""Large planned-against-actual variances in the attention list: flagged only above both
thresholds, never without an endorsed plan; figures from theme_scenario.py (exact pence)."""

from decimal import Decimal as D

import pytest

from reporting.selectors.summary import portfolio_summary
from tests.conftest import signed_in
from tests.reporting import scenario, theme_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio():
    portfolio = scenario.build()
    theme_scenario.build(portfolio)
    return portfolio


def flagged(viewer):
    attention = portfolio_summary(viewer=viewer, today=theme_scenario.TODAY).attention
    return attention, [
        (v.partnership, v.planned_to_date, v.spent, v.variance, v.percent, v.over)
        for v in attention.variances
    ]


def test_alphas_underspend_is_flagged_with_its_figures(portfolio, trustee):
    attention, variances = flagged(trustee)
    assert variances == [
        ("Alpha Big Local", D("250136.98"), D("105000.00"), D("145136.98"), D("58.0"), False)
    ]
    # One held tranche, one variance, and two partnerships spending ahead of their payments.
    assert attention.count == 4


@pytest.mark.parametrize(
    ("percent", "amount", "expected"),
    [
        ("25", "10000.00", True),
        ("58", "145136.97", True),  # just above both
        ("58.1", "10000.00", False),  # the percentage is not exceeded
        ("25", "145136.98", False),  # the amount is not exceeded (equal is not more)
    ],
)
def test_flagged_only_when_both_thresholds_are_exceeded(
    portfolio, trustee, settings, percent, amount, expected
):
    settings.VARIANCE_ATTENTION_PERCENT = D(percent)
    settings.VARIANCE_ATTENTION_MIN_AMOUNT = D(amount)
    assert bool(flagged(trustee)[1]) is expected


def test_never_flagged_without_an_endorsed_plan(portfolio, trustee, settings):
    # Beta spent £20,000 with nothing planned: with no plan there is nothing to measure against.
    settings.VARIANCE_ATTENTION_PERCENT = D("0")
    settings.VARIANCE_ATTENTION_MIN_AMOUNT = D("0")
    assert [v[0] for v in flagged(trustee)[1]] == ["Alpha Big Local"]


def test_the_dashboard_lists_the_variance_linking_to_planned_against_actual(portfolio, trustee):
    body = signed_in(trustee).get("/portfolio/").content.decode()
    assert "Spending far from plan (1)" in body
    assert f'href="/plans/partnership/{portfolio.alpha.pk}/money/">Alpha Big Local</a>' in body
    assert "under plan" in body and "more than 25% and by more than £10,000.00" in body


def test_the_api_attention_block_has_the_variances(portfolio, trustee):
    attention = signed_in(trustee).get("/api/v1/portfolio/summary/").json()["attention"]
    assert attention["large_variances"] == 1
    variance = attention["variances"][0]
    assert variance["partnership"] == {"id": portfolio.alpha.pk, "name": "Alpha Big Local"}
    assert variance["over"] is False
    assert variance["spent"] == "105000.00"
    # Rates are decimal fractions, as everywhere in the API: 25% is 0.25.
    assert (attention["variance_rate"], attention["variance_min_amount"]) == (
        "0.2500", "10000.00"
    )  # fmt: skip
    planned = D(variance["planned_to_date"])
    assert D(variance["rate"]) == round(abs(planned - 105000) / planned, 3)
    assert "not_yet" not in attention
