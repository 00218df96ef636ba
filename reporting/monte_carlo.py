"""How likely is the fund to run short? A simple Monte Carlo over the forecast's own mechanics
(reporting/forecast.py): each path draws every year's real return independently from a normal
distribution with the assumed mean and a stated volatility (never below -95%), keeps inflation
and costs at their assumptions, and takes the same payments in the same order. The seed is fixed,
so the same inputs always give the same answer.

It works in floating point, not Decimal: it estimates a probability, not an amount anyone is
paid, and 10,000 paths of up to 50 years in pure Python stay well under a second that way. The
pounds it reports (the spread of what is left at the end) are rounded to the pound. Results are
kept per process for the same inputs, so a page, the API and a board pack asking together
simulate once."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from .forecast import ForecastInputs, days_in_year

PATHS = 10_000
SEED = 25  # any fixed number: the issue this was built for
FLOOR = -0.95  # no year loses more than 95% of the balance
PROBABILITY = Decimal("0.0001")
LOW, HIGH = 0.05, 0.95  # the spread shown: 5th and 95th percentiles


@dataclass(frozen=True)
class MonteCarlo:
    paths: int
    seed: int
    mean: Decimal  # the real return's mean, a fraction a year
    volatility: Decimal  # its standard deviation, a fraction a year
    inflation: Decimal
    shortfall_probability: Decimal  # 0 to 1: the share of paths that run short in the term
    real_loss_probability: Decimal  # 0 to 1: the share that run short or end with less real capital
    shortfall_by_year: tuple[tuple[int, Decimal], ...]  # (year, share short by then)
    end_real_low: Decimal  # what is left at the end, in today's pounds: 5th percentile
    end_real_median: Decimal
    end_real_high: Decimal  # 95th percentile
    free_capital: Decimal  # what is free today, to compare the end with


def simulate(
    inputs: ForecastInputs,
    *,
    volatility: Decimal,
    mean: Decimal | None = None,
    paths: int = PATHS,
    seed: int = SEED,
) -> MonteCarlo:
    mean = inputs.real_return if mean is None else mean
    payments = inputs.payments_by_year()
    years, fractions, paid = [], [], []
    for offset in range(inputs.years):
        year = inputs.start_year + offset
        days = inputs.first_year_days if offset == 0 else days_in_year(year)
        years.append(year)
        fractions.append(days / days_in_year(year))
        paid.append(sum(payments.get(year, ())))
    owed = inputs.commitments + inputs.pipeline
    beyond = owed - sum(paid, Decimal(0))
    counts, losses, ends = _run(
        opening=float(inputs.opening_balance),
        paid=tuple(float(p) for p in paid),
        fractions=tuple(fractions),
        inflation=float(inputs.inflation),
        cost=float(inputs.running_cost_rate),
        beyond=float(beyond),
        free=float(inputs.free_capital),
        mean=float(mean),
        volatility=float(volatility),
        paths=paths,
        seed=seed,
    )
    return MonteCarlo(
        paths=paths,
        seed=seed,
        mean=mean,
        volatility=volatility,
        inflation=inputs.inflation,
        shortfall_probability=_share(counts[-1] if counts else 0, paths),
        real_loss_probability=_share(losses, paths),
        shortfall_by_year=tuple(
            (year, _share(count, paths)) for year, count in zip(years, counts, strict=True)
        ),
        end_real_low=_pounds(ends[int(LOW * (paths - 1))]),
        end_real_median=_pounds(ends[(paths - 1) // 2]),
        end_real_high=_pounds(ends[int(HIGH * (paths - 1))]),
        free_capital=inputs.free_capital,
    )


def _share(count: int, paths: int) -> Decimal:
    return (Decimal(count) / Decimal(paths)).quantize(PROBABILITY)


def _pounds(value: float) -> Decimal:
    return Decimal(round(value))


@lru_cache(maxsize=16)
def _run(
    *,
    opening: float,
    paid: tuple[float, ...],
    fractions: tuple[float, ...],
    inflation: float,
    cost: float,
    beyond: float,
    free: float,
    mean: float,
    volatility: float,
    paths: int,
    seed: int,
) -> tuple[tuple[int, ...], int, tuple[float, ...]]:
    """(paths short by each year, cumulative; paths that lose real capital; sorted ends)."""
    gauss = random.Random(seed).gauss  # noqa: S311 (a simulation that must repeat, not a secret)
    n = len(paid)
    # Per year: the cash return less costs for one unit of real return, and the price rise.
    steps = [
        (paid[t], fractions[t], 1 + inflation, inflation - cost, 1 + inflation * fractions[t])
        for t in range(n)
    ]
    first_short = [0] * n
    losses, ends = 0, []
    for _ in range(paths):
        balance, index, short_at = opening, 1.0, -1
        for t, (pay, fraction, inflate, drift, price) in enumerate(steps):
            real = max(gauss(mean, volatility), FLOOR)
            balance -= pay
            if balance < 0:
                if short_at < 0:
                    short_at = t
            else:
                # (1 + real)(1 + inflation) - 1 - cost = real x (1 + inflation) + inflation - cost
                balance *= 1 + (real * inflate + drift) * fraction
            index *= price
        end = (balance - beyond) / index
        if short_at >= 0:
            first_short[short_at] += 1
        if short_at >= 0 or end < free:
            losses += 1
        ends.append(end)
    cumulative, running = [], 0
    for count in first_short:
        running += count
        cumulative.append(running)
    ends.sort()
    return tuple(cumulative), losses, tuple(ends)
