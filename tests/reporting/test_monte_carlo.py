"""The Monte Carlo: returns drawn year by year with a stated mean and volatility from a fixed
seed, giving the probability that the fund runs short within the term."""

import datetime
from decimal import Decimal as D

from reporting.forecast import ForecastInputs, project
from reporting.monte_carlo import PATHS, SEED, simulate


def inputs(**overrides) -> ForecastInputs:
    base = {
        "today": datetime.date(2026, 6, 1),
        "opening_balance": D("1000000.00"),
        "real_return": D("0.035"),
        "inflation": D("0.02"),
        "running_cost_rate": D("0.01"),
        "scheduled": {year: D("100000.00") for year in range(2026, 2036)},
        "unscheduled": {},
        "years": 15,
    }
    return ForecastInputs(**{**base, **overrides})


def test_ten_thousand_paths_from_a_fixed_seed_give_the_same_answer_every_time():
    first = simulate(inputs(), volatility=D("0.10"))
    assert first.paths == PATHS == 10_000 and first.seed == SEED
    assert first.mean == D("0.035") and first.volatility == D("0.10")
    assert simulate(inputs(), volatility=D("0.10")) == first


def test_without_volatility_every_path_is_the_central_case():
    safe = simulate(inputs(), volatility=D("0"), paths=50)
    assert project(inputs()).shortfall_year is None
    assert safe.shortfall_probability == D("0")
    short = inputs(opening_balance=D("500000.00"))
    assert project(short).shortfall_year is not None
    assert simulate(short, volatility=D("0"), paths=50).shortfall_probability == D("1")
    # The median end balance in today's pounds is the central case's, to the pound.
    central = project(inputs()).free_capital_end_real
    assert abs(safe.end_real_median - central) <= D("1")


def test_a_fund_that_only_just_covers_its_promises_is_short_on_some_paths_not_all():
    # 1,000,000 pays 10 x 100,000 on its own: any bad luck early on leaves it short.
    result = simulate(inputs(real_return=D("0.0"), running_cost_rate=D("0.0")),
                      volatility=D("0.12"))  # fmt: skip
    assert D("0.2") < result.shortfall_probability < D("0.8")
    by_year = result.shortfall_by_year
    # Cumulative: never falls, ends at the total, and no one is short before money runs low.
    assert [p for _, p in by_year] == sorted(p for _, p in by_year)
    assert by_year[-1][1] == result.shortfall_probability
    assert by_year[0] == (2026, D("0"))
    assert result.end_real_low <= result.end_real_median <= result.end_real_high


def test_more_volatility_more_risk():
    calm = simulate(inputs(opening_balance=D("900000.00")), volatility=D("0.05"), paths=2000)
    wild = simulate(inputs(opening_balance=D("900000.00")), volatility=D("0.20"), paths=2000)
    assert wild.shortfall_probability > calm.shortfall_probability
    assert wild.real_loss_probability >= calm.real_loss_probability
