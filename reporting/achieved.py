"""The return the books show, to set beside the assumption: each complete year's investment
income booked in the ledger over the money the fund held that year (the average of the book
balance at its start and its end). Booked income is in cash terms, and leaves out gains and
losses in the investments' value; the market value, where the fund records one, shows those.
Plain figures in, plain figures out; reporting/selectors/forecast.py reads the ledger."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from cwf.core.money import ZERO, pence

from .forecast import Rates

RATE = Decimal("0.0001")  # a fraction to four places: 0.0124 is 1.24%


def _rate(income: Decimal, held: Decimal) -> Decimal | None:
    if held <= ZERO:
        return None
    return (income / held).quantize(RATE, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class AchievedYear:
    year: int
    income: Decimal
    held_start: Decimal
    held_end: Decimal

    @property
    def average_held(self) -> Decimal:
        return pence((self.held_start + self.held_end) / 2)

    @property
    def rate(self) -> Decimal | None:
        return _rate(self.income, self.average_held)


@dataclass(frozen=True)
class AchievedReturn:
    years: list[AchievedYear]  # complete years, from the first the fund began holding money
    income_this_year: Decimal  # booked so far this year (a part year: no rate is worked out)
    assumed: Rates

    @property
    def rate(self) -> Decimal | None:
        """Over every year shown: all the income over all the average balances, so a year
        with more money in it counts for more."""
        held = sum((y.average_held for y in self.years), ZERO)
        return _rate(sum((y.income for y in self.years), ZERO), held)

    @property
    def first_year(self) -> int | None:
        return self.years[0].year if self.years else None

    @property
    def last_year(self) -> int | None:
        return self.years[-1].year if self.years else None

    @property
    def assumed_cash_return(self) -> Decimal:
        return self.assumed.cash_return

    @property
    def below_assumption(self) -> bool:
        return self.rate is not None and self.rate < self.assumed_cash_return


def achieved_return(
    *,
    held_changes: Mapping[int, Decimal],
    income: Mapping[int, Decimal],
    this_year: int,
    assumed: Rates,
) -> AchievedReturn:
    """`held_changes`: year -> the net change in the money the fund held (book value);
    `income`: year -> investment income booked. Years before this one whose start balance was
    above zero are shown."""
    years, held = [], ZERO
    for year in range(min(held_changes, default=this_year), this_year):
        start, held = held, held + held_changes.get(year, ZERO)
        if start > ZERO:
            years.append(AchievedYear(year, income.get(year, ZERO), start, held))
    return AchievedReturn(years, income.get(this_year, ZERO), assumed)
