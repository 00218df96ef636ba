"""Can the endowment meet every promise it has made? A plain function over plain figures: the
money held now, the return and running costs (assumptions), and the commitments by the year they
fall due. It knows nothing of the database; reporting/selectors/forecast.py gathers its inputs.

Each year, from the balance at its start:
    return   = balance x return rate          (nothing is earned on a balance at or below zero)
    costs    = balance x running-cost rate
    payments = scheduled tranches due that year + commitments not yet in a schedule
    closing  = balance + return - costs - payments
The fund cannot meet its commitments in the first year whose closing balance is below zero.
Amounts are rounded to the penny, half up, each year. Commitments that fell due before the first
year (overdue tranches, money released and not yet paid) are paid in the first year."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from cwf.core.money import PENNY, ZERO, split_evenly

YEARS = 15
RATIO = Decimal("0.01")


def _pence(value: Decimal) -> Decimal:
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ForecastInputs:
    start_year: int
    opening_balance: Decimal  # the money the fund holds at the start of the first year
    return_rate: Decimal  # a fraction: 0.035 for 3.5% a year
    running_cost_rate: Decimal  # a fraction of the balance at the start of each year
    scheduled: Mapping[int, Decimal]  # year -> tranches due (grant and LTO contribution)
    unscheduled: Mapping[int, Decimal]  # year -> committed money not yet in a payment schedule
    years: int = YEARS


@dataclass(frozen=True)
class StressCase:
    name: str
    description: str
    return_drop: Decimal = ZERO  # a fraction taken off the return rate: 0.01 for one point
    capital_fall: Decimal = ZERO  # a fraction of the opening balance lost at once: 0.2 for 20%


@dataclass(frozen=True)
class ForecastYear:
    year: int
    opening: Decimal
    investment_return: Decimal
    costs: Decimal
    scheduled: Decimal
    unscheduled: Decimal
    closing: Decimal
    # Everything still to pay from the start of this year, including beyond the horizon.
    commitments_remaining: Decimal

    @property
    def payments(self) -> Decimal:
        return self.scheduled + self.unscheduled

    @property
    def is_short(self) -> bool:
        return self.closing < ZERO

    @property
    def coverage(self) -> Decimal | None:
        return coverage_ratio(self.opening, self.commitments_remaining)


@dataclass(frozen=True)
class Projection:
    case: StressCase
    return_rate: Decimal
    opening_balance: Decimal  # after any one-off fall
    commitments: Decimal  # everything promised and not yet paid
    years: list[ForecastYear]

    @property
    def shortfall_year(self) -> int | None:
        """The first year the fund cannot meet its commitments, or None."""
        return next((y.year for y in self.years if y.is_short), None)

    @property
    def coverage_ratio(self) -> Decimal | None:
        """What the fund holds now over everything it has promised and not yet paid."""
        return coverage_ratio(self.opening_balance, self.commitments)

    @property
    def closing_balance(self) -> Decimal:
        return self.years[-1].closing if self.years else self.opening_balance

    @property
    def commitments_beyond(self) -> Decimal:
        """Commitments falling due after the last year projected."""
        return self.commitments - sum((y.payments for y in self.years), ZERO)


@dataclass(frozen=True)
class Forecast:
    base: Projection
    stresses: list[Projection]

    @property
    def projections(self) -> list[Projection]:
        return [self.base, *self.stresses]


def coverage_ratio(held: Decimal, owed: Decimal) -> Decimal | None:
    """held / owed to two places; None when nothing is owed (every promise is covered)."""
    if owed <= ZERO:
        return None
    return (held / owed).quantize(RATIO, rounding=ROUND_HALF_UP)


def _by_year(amounts: Mapping[int, Decimal], start_year: int) -> dict[int, Decimal]:
    """Amounts by year, with anything due before the first year brought into it."""
    out: dict[int, Decimal] = {}
    for year, amount in amounts.items():
        key = max(year, start_year)
        out[key] = out.get(key, ZERO) + amount
    return out


def project(inputs: ForecastInputs, case: StressCase | None = None) -> Projection:
    """The year-by-year projection under one case (the assumptions as they are by default)."""
    case = case or StressCase("Central case", "The assumptions as they are.")
    rate = inputs.return_rate - case.return_drop
    scheduled = _by_year(inputs.scheduled, inputs.start_year)
    unscheduled = _by_year(inputs.unscheduled, inputs.start_year)
    remaining = sum(scheduled.values(), ZERO) + sum(unscheduled.values(), ZERO)
    opening = _pence(inputs.opening_balance * (1 - case.capital_fall))
    balance, rows = opening, []
    for year in range(inputs.start_year, inputs.start_year + inputs.years):
        earning = max(balance, ZERO)
        row = ForecastYear(
            year=year,
            opening=balance,
            investment_return=_pence(earning * rate),
            costs=_pence(earning * inputs.running_cost_rate),
            scheduled=scheduled.get(year, ZERO),
            unscheduled=unscheduled.get(year, ZERO),
            closing=ZERO,
            commitments_remaining=remaining,
        )
        closing = row.opening + row.investment_return - row.costs - row.payments
        rows.append(replace(row, closing=closing))
        balance, remaining = closing, remaining - row.payments
    total = sum(scheduled.values(), ZERO) + sum(unscheduled.values(), ZERO)
    return Projection(case, rate, opening, total, rows)


def forecast(inputs: ForecastInputs, stresses: list[StressCase]) -> Forecast:
    return Forecast(base=project(inputs), stresses=[project(inputs, case) for case in stresses])


def spread_over_years(amount: Decimal, first_year: int, last_year: int) -> dict[int, Decimal]:
    """`amount` in equal yearly parts from first_year to last_year (inclusive), to the penny;
    the pence left over go to the first years. A last year before the first means all at once."""
    last_year = max(first_year, last_year)
    parts = split_evenly(amount, last_year - first_year + 1)
    return {first_year + i: part for i, part in enumerate(parts) if part}


def add_up(*by_year: Mapping[int, Decimal]) -> dict[int, Decimal]:
    out: dict[int, Decimal] = {}
    for amounts in by_year:
        for year, amount in amounts.items():
            out[year] = out.get(year, ZERO) + amount
    return out
