"""The coverage forecast, against figures worked out by hand (exact pence): real and cash terms,
the part of this year that is left, payments before returns, stress paths that can fail, and
what the fund can commit each year."""

import datetime
from dataclasses import replace
from decimal import Decimal as D

import pytest

from reporting.forecast import (
    CENTRAL,
    ForecastInputs,
    Rates,
    add_up,
    combine,
    coverage_ratio,
    fall_and_recovery_path,
    forecast,
    horizon,
    inflation_shock_path,
    lost_decade_path,
    lower_return_path,
    project,
    spread_by_days,
    sustainable_commitment,
)

NEW_YEAR = datetime.date(2026, 1, 1)


def inputs(**overrides) -> ForecastInputs:
    base = {
        "today": NEW_YEAR,
        "opening_balance": D("1000000.00"),
        "real_return": D("0.05"),
        "inflation": D("0"),
        "running_cost_rate": D("0.01"),
        "scheduled": {2026: D("300000.00"), 2027: D("300000.00")},
        "unscheduled": {2028: D("500000.00")},
        "years": 3,
    }
    return ForecastInputs(**{**base, **overrides})


def test_payments_are_taken_before_the_year_earns_its_return():
    projection = project(inputs())
    rows = [(y.year, y.opening, y.investment_return, y.costs, y.payments, y.closing)
            for y in projection.years]  # fmt: skip
    # 1,000,000 - 300,000 = 700,000 earns 5% (35,000) and costs 1% (7,000).
    assert rows == [
        (2026, D("1000000.00"), D("35000.00"), D("7000.00"), D("300000.00"), D("728000.00")),
        (2027, D("728000.00"), D("21400.00"), D("4280.00"), D("300000.00"), D("445120.00")),
        (2028, D("445120.00"), D("0"), D("0"), D("500000.00"), D("-54880.00")),
    ]
    assert projection.shortfall_year == 2028


def test_the_first_year_is_the_part_left_26_days_earn_26_365ths():
    projection = project(
        inputs(today=datetime.date(2026, 12, 6), real_return=D("0.035"), scheduled={},
               unscheduled={}, years=2)
    )  # fmt: skip
    first, second = projection.years
    assert (first.days, first.year_days, first.is_part_year) == (26, 365, True)
    # 1,000,000 x 3.5% x 26/365 = 2,493.150...; x 1% x 26/365 = 712.328...
    assert (first.investment_return, first.costs, first.closing) == (
        D("2493.15"), D("712.33"), D("1001780.82")
    )  # fmt: skip
    # A whole year: 1,001,780.82 x 3.5% = 35,062.3287; x 1% = 10,017.8082.
    assert (second.days, second.investment_return, second.costs, second.closing) == (
        365, D("35062.33"), D("10017.81"), D("1026825.34")
    )  # fmt: skip


def test_a_real_return_is_earned_in_cash_terms_and_said_in_todays_pounds():
    projection = project(
        inputs(real_return=D("0.03"), inflation=D("0.02"), running_cost_rate=D("0"),
               scheduled={}, unscheduled={}, years=2)
    )  # fmt: skip
    first, second = projection.years
    assert first.rates.cash_return == D("0.0506")  # 1.03 x 1.02 - 1
    assert (first.closing, first.closing_real) == (D("1050600.00"), D("1030000.00"))
    # 1,050,600 x 5.06% = 53,160.36; in today's pounds 1,103,760.36 / 1.0404 = 1,060,900.
    assert (second.closing, second.closing_real) == (D("1103760.36"), D("1060900.00"))
    assert second.price_index == D("1.0404")


def test_a_fund_that_only_keeps_up_with_inflation_loses_real_capital_to_its_costs():
    lost = project(
        inputs(real_return=D("0"), inflation=D("0.02"), scheduled={2026: D("100000.00"),
               2027: D("100000.00")}, unscheduled={}, years=2)
    )  # fmt: skip
    # 900,000 + 18,000 - 9,000 = 909,000; 809,000 + 16,180 - 8,090 = 817,090 in cash terms,
    # 817,090 / 1.0404 = 785,361.40 in today's pounds, against 800,000 free today.
    assert [y.closing for y in lost.years] == [D("909000.00"), D("817090.00")]
    assert lost.free_capital == D("800000.00")
    assert lost.free_capital_end_real == D("785361.40")
    assert not lost.keeps_real_capital
    payments = {2026: D("100000.00"), 2027: D("100000.00")}
    kept = project(inputs(real_return=D("0.035"), inflation=D("0.02"), years=2,
                          scheduled=payments, unscheduled={}))  # fmt: skip
    assert kept.keeps_real_capital


def test_a_fall_then_recovery_that_exhausts_the_fund_reports_its_year_of_shortfall():
    assumed = Rates(D("0"), D("0"))
    payments = {year: D("250000.00") for year in range(2026, 2030)}
    base = inputs(real_return=D("0"), running_cost_rate=D("0"), scheduled=payments,
                  unscheduled={}, years=4)  # fmt: skip
    path = fall_and_recovery_path("fall", "Fall", "", fall=D("0.2"), years=2, assumed=assumed)
    # Back to where no return at all would leave it after two years: 1 / 0.8^(1/2) - 1.
    assert path.rates[1].real_return == D("0.1180339887")
    central, fall = forecast(base, [path]).projections
    assert central.shortfall_year is None  # 750,000, 500,000, 250,000, then exactly 0
    # 2026: 1,000,000 - 200,000 fall - 250,000 = 550,000, no return that year;
    # 2027: 300,000 + 35,410.20; 2028: 85,410.20 + 10,081.31; 2029: 95,491.51 - 250,000.
    assert [y.closing for y in fall.years] == [
        D("550000.00"), D("335410.20"), D("95491.51"), D("-154508.49")
    ]  # fmt: skip
    assert fall.years[0].fall == D("200000.00")
    assert fall.shortfall_year == 2029
    assert not fall.keeps_real_capital


def test_a_lost_decade_and_an_inflation_shock_year_by_year():
    assumed = Rates(D("0.035"), D("0.02"))
    decade = lost_decade_path("decade", "Lost decade", "", years=10, assumed=assumed)
    assert [decade.rates_in(i, assumed).real_return for i in (0, 9, 10)] == [
        D("0"), D("0"), D("0.035")
    ]  # fmt: skip
    shock = inflation_shock_path("shock", "Shock", "", inflation=D("0.10"), years=2,
                                 assumed=assumed)  # fmt: skip
    # Cash returns stay at 1.035 x 1.02 - 1 = 5.57%; prices rise 10%: 1.0557 / 1.1 - 1.
    first = shock.rates_in(0, assumed)
    assert (first.real_return, first.inflation) == (D("-0.0402727273"), D("0.10"))
    assert shock.rates_in(2, assumed) == assumed
    lower = lower_return_path("lower", "Lower", "", drop=D("0.01"), assumed=assumed)
    assert lower.rates_in(30, assumed).real_return == D("0.025")


def test_paths_combine_year_by_year():
    assumed = Rates(D("0.035"), D("0.02"))
    fall = fall_and_recovery_path("fall", "Fall", "", fall=D("0.2"), years=3, assumed=assumed)
    shock = inflation_shock_path("shock", "Shock", "", inflation=D("0.10"), years=2,
                                 assumed=assumed)  # fmt: skip
    decade = lost_decade_path("decade", "Lost decade", "", years=10, assumed=assumed)
    both = combine([fall, shock], assumed=assumed, years=5)
    first = both.rates[0]
    assert (first.real_return, first.inflation, first.fall) == (
        D("-0.0402727273"), D("0.10"), D("0.2")
    )  # fmt: skip
    assert both.key == "fall+shock" and "fall and shock" in both.name.lower()
    # Year 4: the recovery alone, inflation back to 2%.
    assert both.rates[3] == Rates(fall.rates[3].real_return, D("0.02"))
    # A lost decade with an inflation shock: no real return, less the shock's.
    worst = combine([decade, shock], assumed=assumed, years=3)
    expected = D("1.0557") / D("1.1") / D("1.035") - 1
    assert abs(worst.rates[0].real_return - expected) < D("1e-9")
    assert worst.rates[2] == Rates(D("0"), D("0.02"))


def test_the_proposed_pipeline_counts_in_the_shortfall_and_the_cover():
    approved_only = project(inputs(unscheduled={}, years=3))
    assert approved_only.shortfall_year is None
    with_pipeline = project(inputs(unscheduled={}, proposed={2028: D("500000.00")}, years=3))
    assert with_pipeline.pipeline == D("500000.00")
    assert with_pipeline.owed == D("1100000.00")
    assert with_pipeline.coverage_ratio == D("0.91")
    # 445,120 is left at the start of 2028, against the 500,000 proposed.
    assert with_pipeline.shortfall_year == 2028
    # Cover is each year's start balance over what is still to pay: it moves with the path.
    assert [y.cover for y in with_pipeline.years] == [D("0.91"), D("0.91"), D("0.89")]
    assert with_pipeline.lowest_cover == D("0.89")


def with_new_commitments(base: ForecastInputs, per_year: D, term: int) -> ForecastInputs:
    """`base` plus `per_year` (today's pounds, rising with inflation) committed each year from
    next year, each paid in `term` equal yearly parts from the year it is made."""
    extra: dict[int, D] = {}
    for k in range(1, base.years):
        # Prices at the start of year k: the part of this year left, then whole years.
        prices = (1 + base.inflation * base.first_year_days / 365) * (1 + base.inflation) ** (k - 1)
        part = (per_year * prices / term).quantize(D("0.01"))
        for n in range(term):
            extra[2026 + k + n] = extra.get(2026 + k + n, D(0)) + part
    return replace(base, proposed=add_up(base.proposed, extra))


def test_what_the_fund_can_commit_each_year_and_keep_its_real_capital():
    base = inputs(opening_balance=D("10000000.00"), real_return=D("0.035"),
                  inflation=D("0.02"), scheduled={2026: D("3000000.00")}, unscheduled={},
                  proposed={2027: D("1000000.00")}, years=15)  # fmt: skip
    result = sustainable_commitment(base, term_years=10)
    assert (result.free_capital, result.uncommitted) == (D("6000000.00"), D("7000000.00"))
    # Net real return: 3.5% - 1% / 1.02 = 2.5196...%.
    assert result.net_real_return == (D("0.035") - D("0.01") / D("1.02")).quantize(D("1e-10"))
    # The most, to the pound, that keeps what is free today worth as much at the end.
    free = base.free_capital
    kept = project(with_new_commitments(base, result.per_year, 10))
    assert kept.free_capital_end_real >= free
    more = project(with_new_commitments(base, result.per_year + 1, 10))
    assert more.free_capital_end_real < free
    # Money set aside for commitments earns a return too: more than free capital x g alone.
    assert result.per_year > free * result.net_real_return


def test_rounding_is_to_the_penny_half_up():
    projection = project(
        inputs(opening_balance=D("1234.56"), real_return=D("0.035"), running_cost_rate=D("0.0125"),
               scheduled={}, unscheduled={}, years=2)
    )  # fmt: skip
    first, second = projection.years
    # 1234.56 x 0.035 = 43.2096; x 0.0125 = 15.432
    assert (first.investment_return, first.costs, first.closing) == (
        D("43.21"), D("15.43"), D("1262.34")
    )  # fmt: skip
    assert (second.investment_return, second.costs, second.closing) == (
        D("44.18"), D("15.78"), D("1290.74")
    )  # fmt: skip
    assert projection.coverage_ratio is None  # nothing is owed


def test_overdue_payments_fall_in_the_first_year_and_later_ones_count_beyond_the_horizon():
    projection = project(
        inputs(scheduled={2024: D("10.00"), 2026: D("5.00")}, unscheduled={2040: D("7.00")})
    )
    assert projection.years[0].scheduled == D("15.00")
    assert projection.commitments == D("22.00")
    assert projection.owed_beyond == D("7.00")


def test_nothing_is_earned_or_charged_on_a_negative_balance():
    projection = project(inputs(opening_balance=D("100.00"), scheduled={2026: D("200.00")},
                                unscheduled={}, years=2))  # fmt: skip
    first, second = projection.years
    assert first.closing == D("-100.00")
    assert (second.investment_return, second.costs, second.closing) == (
        D("0"),
        D("0"),
        D("-100.00"),
    )
    assert projection.shortfall_year == 2026


def test_the_horizon_reaches_the_last_payment():
    assert horizon(2026, {}) == 15
    assert horizon(2026, {2030: D("1.00")}, {2044: D("1.00")}) == 19
    assert project(inputs(years=15, scheduled={}, unscheduled={})).years[-1].year == 2040
    assert CENTRAL.rates_in(0, Rates(D("0.01"), D("0.02"))) == Rates(D("0.01"), D("0.02"))


def test_spreading_a_commitment_by_the_days_of_each_year_to_the_penny():
    # 1 July 2026 to 1 July 2028: 184 days in 2026, 365 in 2027, 182 in 2028 (731 days).
    spread = spread_by_days(D("731.00"), datetime.date(2026, 7, 1), datetime.date(2028, 7, 1))
    assert spread == {2026: D("184.00"), 2027: D("365.00"), 2028: D("182.00")}
    assert sum(spread_by_days(D("100.00"), NEW_YEAR, datetime.date(2029, 1, 1)).values()) == D(
        "100.00"
    )
    assert spread_by_days(D("100.00"), NEW_YEAR, datetime.date(2025, 1, 1)) == {2026: D("100.00")}
    assert add_up({2026: D("1.00")}, {2026: D("2.00"), 2027: D("3.00")}) == {
        2026: D("3.00"), 2027: D("3.00")
    }  # fmt: skip


@pytest.mark.parametrize(
    ("held", "owed", "ratio"),
    [(D("1"), D("3"), D("0.33")), (D("2"), D("3"), D("0.67")), (D("5"), D("0"), None)],
)
def test_coverage_ratio(held, owed, ratio):
    assert coverage_ratio(held, owed) == ratio
