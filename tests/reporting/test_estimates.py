"""The forecast's inputs read from the ledger and schedules, and the social value per
partnership, against the hand-worked scenario (exact pence); the pages say what they are."""

import datetime
from decimal import Decimal as D

import pytest
from django.db import connection

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
    # Beta has no schedule: £2,100,000 over the 2,861 days from today to 1 April 2034, each
    # year by its days: 214 this year (157,077.94), 90 in 2034.
    assert inputs.unscheduled[2026] == D("157077.94")
    assert inputs.unscheduled[2028] == D("268647.33")  # 366 days
    assert inputs.unscheduled[2034] == D("66060.82")
    assert sum(inputs.unscheduled.values()) == D("2100000.00")
    assert inputs.proposed == {}
    assert (inputs.real_return, inputs.inflation, inputs.running_cost_rate) == (
        D("0.035"), D("0.02"), D("0.01")
    )  # fmt: skip
    assert (inputs.first_year_days, inputs.years) == (214, 15)


def test_forecast_first_year_and_coverage(portfolio, trustee):
    result = portfolio_forecast(viewer=trustee, today=TODAY).forecast
    first = result.base.years[0]
    # After the year's payments, 9,895,000 - 210,000 - 157,077.94 = 9,527,922.06 earns
    # 5.57% in cash terms (3.5% real, 2% inflation) and bears 1% costs, for 214 days of 365:
    # 311,153.22 and 55,862.34.
    assert (first.investment_return, first.costs) == (D("311153.22"), D("55862.34"))
    assert first.closing == D("9783212.94")
    assert result.base.commitments == D("3045000.00")
    assert result.base.coverage_ratio == D("3.25")  # 9,895,000 / 3,045,000
    assert result.base.shortfall_year is None
    fall = next(p for p in result.stresses if p.path.key == "fall")
    assert fall.years[0].fall == D("1979000.00")  # 20% of 9,895,000 at the start
    assert fall.years[0].after_payments == D("7548922.06")


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
    for text in ("Cover today", "Value falls 20%, recovers over 3 years", "Return 2 points lower",
                 "No real return for 10 years", "Inflation of 10% for 2 years",
                 "in today&#x27;s pounds", "in cash terms", "Bank of England",
                 "HM Treasury, The Green Book", "Not yet scheduled", "the figures as a table",
                 "What the fund can commit each year", "simulated futures",
                 "payments due are taken first", "<svg"):  # fmt: skip
        assert text in body, text


def test_the_social_value_page_says_it_is_an_estimate(portfolio, trustee):
    body = signed_in(trustee).get("/portfolio/social-value/").content.decode()
    for text in ("This is an estimate, not a measurement", "Frontier Economics (2021)",
                 "recorded in their spending logs", "Alpha Big Local", "£269,458.02"):  # fmt: skip
        assert text in body, text


def test_the_forecast_page_and_api_query_counts_do_not_grow(
    portfolio, trustee, django_assert_num_queries, monkeypatch
):
    from tests.reporting.test_api import bearer

    # The token's last use is written once a minute; on a loaded machine this loop can take longer.
    monkeypatch.setattr("cwf.accounts.tokens._LAST_USED_RESOLUTION", datetime.timedelta(days=1))

    client, api = signed_in(trustee), bearer(trustee)
    client.get("/portfolio/forecast/")
    api.get("/api/v1/portfolio/forecast/")
    for more in (3, 0):
        with django_assert_num_queries(FORECAST_PAGE_QUERIES):
            client.get("/portfolio/forecast/?paths=fall,lost_decade")
        with django_assert_num_queries(FORECAST_API_QUERIES):
            api.get("/api/v1/portfolio/forecast/")
        scenario.add_partnerships(more, portfolio.officer, portfolio.approver)


# Session, user, MFA, roles; then the ledger's balances, the valuation, tranches due, the
# allocations (approved and proposed), the assumptions and the income booked.
FORECAST_PAGE_QUERIES = 12
# The token with its user and authenticator app in one query (issue 21), its roles in that query on
# PostgreSQL and apart on SQLite, then the same reads.
FORECAST_API_QUERIES = 9 + (0 if connection.vendor == "postgresql" else 1)


def test_a_fund_with_no_money_yet_gets_a_forecast_page_not_an_error(trustee):
    client = signed_in(trustee)
    body = client.get("/portfolio/forecast/").content.decode()
    assert "no complete year of investment income yet" in body
    assert "Not recorded: the forecast starts from book value" in body
    from tests.reporting.test_api import bearer

    api = bearer(trustee).get("/api/v1/portfolio/forecast/").json()
    assert api["base"]["shortfall_year"] is None and api["sustainable"]["per_year"] == "0.00"
    assert client.get("/portfolio/").status_code == 200
