"""The coverage forecast, against figures worked out by hand (exact pence)."""

from decimal import Decimal as D

import pytest

from reporting.forecast import (
    ForecastInputs,
    StressCase,
    add_up,
    coverage_ratio,
    forecast,
    project,
    spread_over_years,
)


def inputs(**overrides) -> ForecastInputs:
    base = {
        "start_year": 2026,
        "opening_balance": D("1000000.00"),
        "return_rate": D("0.05"),
        "running_cost_rate": D("0.01"),
        "scheduled": {2026: D("300000.00"), 2027: D("300000.00")},
        "unscheduled": {2028: D("500000.00")},
        "years": 3,
    }
    return ForecastInputs(**{**base, **overrides})


def test_each_year_earns_pays_costs_and_commitments():
    projection = project(inputs())
    rows = [(y.year, y.opening, y.investment_return, y.costs, y.payments, y.closing)
            for y in projection.years]  # fmt: skip
    assert rows == [
        (2026, D("1000000.00"), D("50000.00"), D("10000.00"), D("300000.00"), D("740000.00")),
        (2027, D("740000.00"), D("37000.00"), D("7400.00"), D("300000.00"), D("469600.00")),
        (2028, D("469600.00"), D("23480.00"), D("4696.00"), D("500000.00"), D("-11616.00")),
    ]


def test_the_first_year_that_cannot_be_met_and_the_coverage_ratio():
    projection = project(inputs())
    assert projection.shortfall_year == 2028
    assert projection.commitments == D("1100000.00")
    # 1,000,000 / 1,100,000 = 0.9090...
    assert projection.coverage_ratio == D("0.91")
    assert [y.commitments_remaining for y in projection.years] == [
        D("1100000.00"), D("800000.00"), D("500000.00")
    ]  # fmt: skip
    # 469,600 / 500,000 in the last year
    assert projection.years[-1].coverage == D("0.94")


def test_a_fund_that_covers_everything_has_no_shortfall_year():
    projection = project(inputs(opening_balance=D("2000000.00")))
    assert projection.shortfall_year is None
    assert projection.coverage_ratio == D("1.82")


def test_returns_and_costs_are_rounded_to_the_penny_half_up():
    projection = project(
        inputs(opening_balance=D("1234.56"), return_rate=D("0.035"), running_cost_rate=D("0.0125"),
               scheduled={}, unscheduled={}, years=2)
    )  # fmt: skip
    first, second = projection.years
    # 1234.56 x 0.035 = 43.2096; x 0.0125 = 15.432
    assert (first.investment_return, first.costs, first.closing) == (
        D("43.21"), D("15.43"), D("1262.34")
    )  # fmt: skip
    # 1262.34 x 0.035 = 44.1819; x 0.0125 = 15.77925
    assert (second.investment_return, second.costs, second.closing) == (
        D("44.18"), D("15.78"), D("1290.74")
    )  # fmt: skip
    assert projection.coverage_ratio is None  # nothing is owed


def test_overdue_commitments_fall_in_the_first_year_and_later_ones_count_beyond_the_horizon():
    projection = project(
        inputs(scheduled={2024: D("10.00"), 2026: D("5.00")}, unscheduled={2040: D("7.00")})
    )
    assert projection.years[0].scheduled == D("15.00")
    assert projection.commitments == D("22.00")
    assert projection.commitments_beyond == D("7.00")


def test_stress_cases_lower_the_return_or_take_capital_at_the_start():
    result = forecast(
        inputs(),
        [
            StressCase("One point lower", "", return_drop=D("0.01")),
            StressCase("Capital falls 20%", "", capital_fall=D("0.20")),
        ],
    )
    lower, fall = result.stresses
    assert [y.closing for y in lower.years] == [D("730000.00"), D("451900.00"), D("-34543.00")]
    assert fall.opening_balance == D("800000.00")
    assert [y.closing for y in fall.years] == [D("532000.00"), D("253280.00"), D("-236588.80")]
    assert fall.coverage_ratio == D("0.73")
    assert result.base.return_rate == D("0.05") and lower.return_rate == D("0.04")
    assert len(result.projections) == 3


def test_nothing_is_earned_or_charged_on_a_negative_balance():
    projection = project(inputs(opening_balance=D("100.00"), scheduled={2026: D("200.00")},
                                unscheduled={}, years=2))  # fmt: skip
    first, second = projection.years
    assert first.closing == D("-96.00")  # 100 + 5 - 1 - 200
    assert (second.investment_return, second.costs, second.closing) == (D("0"), D("0"), D("-96.00"))
    assert projection.shortfall_year == 2026


def test_fifteen_years_by_default():
    projection = project(
        ForecastInputs(2026, D("1.00"), D("0"), D("0"), scheduled={}, unscheduled={})
    )
    assert [y.year for y in projection.years] == list(range(2026, 2041))


def test_spreading_a_commitment_over_its_years_to_the_penny():
    assert spread_over_years(D("100.00"), 2026, 2028) == {
        2026: D("33.34"), 2027: D("33.33"), 2028: D("33.33")
    }  # fmt: skip
    assert spread_over_years(D("100.00"), 2030, 2029) == {2030: D("100.00")}
    assert add_up({2026: D("1.00")}, {2026: D("2.00"), 2027: D("3.00")}) == {
        2026: D("3.00"), 2027: D("3.00")
    }  # fmt: skip


@pytest.mark.parametrize(
    ("held", "owed", "ratio"),
    [(D("1"), D("3"), D("0.33")), (D("2"), D("3"), D("0.67")), (D("5"), D("0"), None)],
)
def test_coverage_ratio(held, owed, ratio):
    assert coverage_ratio(held, owed) == ratio
