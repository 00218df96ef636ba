"""The forecast's inputs read from the ledger and schedules, and the social value per
partnership, against the hand-worked scenario (exact pence); the pages say what they are."""

import datetime
from decimal import Decimal as D

import pytest

from reporting.selectors.forecast import portfolio_forecast
from reporting.selectors.social_value import portfolio_social_value
from tests.conftest import signed_in
from tests.reporting import scenario

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def portfolio():
    return scenario.build()


def test_forecast_inputs_from_the_ledger_and_the_schedules(portfolio, trustee):
    inputs = portfolio_forecast(viewer=trustee, today=TODAY).inputs
    # Uncommitted 6,850,000 + committed and unreleased 2,940,000 + released and unpaid 105,000.
    assert inputs.opening_balance == D("9895000.00")
    # Alpha's open tranches 3 to 10 (one of them on hold) plus the released, unpaid tranche 2.
    assert inputs.scheduled == {
        2026: D("210000.00"),
        **{y: D("105000.00") for y in range(2027, 2034)},
    }
    # Beta has no schedule: £2,100,000 over 2026 to 2034, the three odd pence first.
    assert inputs.unscheduled[2026] == D("233333.34") == inputs.unscheduled[2028]
    assert inputs.unscheduled[2029] == D("233333.33") == inputs.unscheduled[2034]
    assert sum(inputs.unscheduled.values()) == D("2100000.00")
    assert (inputs.return_rate, inputs.running_cost_rate) == (D("0.035"), D("0.01"))


def test_forecast_first_year_and_coverage(portfolio, trustee):
    result = portfolio_forecast(viewer=trustee, today=TODAY).forecast
    first = result.base.years[0]
    # 9,895,000 + 346,325 (3.5%) - 98,950 (1%) - 210,000 - 233,333.34
    assert first.closing == D("9699041.66")
    assert result.base.commitments == D("3045000.00")
    assert result.base.coverage_ratio == D("3.25")  # 9,895,000 / 3,045,000
    assert result.base.shortfall_year is None
    fall = result.stresses[2]
    assert fall.opening_balance == D("7916000.00")  # 20% lower
    assert fall.coverage_ratio == D("2.60")


def test_social_value_per_partnership_from_the_money_paid(portfolio, trustee):
    report = portfolio_social_value(viewer=trustee)
    assert not report.spend_is_proxy
    [(pk, name, value)] = report.rows
    assert (pk, name) == (portfolio.alpha.pk, "Alpha Big Local")
    assert value.spent == D("100000.00")
    # £120,000 fiscal over 10 years at 3.5%: 12,000 x 8.3166053... = 99,799.26
    assert value.benefits[0].present_value == D("99799.26")
    assert value.present_value == D("269458.02")
    assert value.benefit_cost_ratio == D("2.69")
    assert report.result.total.present_value == value.present_value


def test_the_forecast_page_shows_the_answer_the_cases_and_the_sources(portfolio, trustee):
    body = signed_in(trustee).get("/portfolio/forecast/").content.decode()
    for text in ("Coverage ratio", "Capital falls 20%", "Return 2 points lower",
                 "HM Treasury, The Green Book", "Not yet scheduled", "the figures as a table",
                 "<svg"):  # fmt: skip
        assert text in body, text


def test_the_social_value_page_says_it_is_an_estimate(portfolio, trustee):
    body = signed_in(trustee).get("/portfolio/social-value/").content.decode()
    for text in ("This is an estimate, not a measurement", "Frontier Economics (2021)",
                 "recorded in their spending logs", "Alpha Big Local", "£269,458.02"):  # fmt: skip
        assert text in body, text
