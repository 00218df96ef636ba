"""Can the endowment meet every promise it has made, and keep its real value? Plain functions
over plain figures: the money held now, the assumptions (a real return, inflation, running
costs), and the payments by the year they fall due. It knows nothing of the database;
reporting/selectors/forecast.py gathers its inputs. reporting/texts.py says the same in words.

Real and nominal. The payments are fixed sums of pounds (cash terms). The assumed return is real
(after inflation), so each year's return in cash terms is (1 + real) x (1 + inflation) - 1.
Every balance is worked out in cash terms, then divided by the price index (1 at the start,
rising with inflation) to say it in today's pounds.

Each year (the first is the rest of this calendar year: from today to 31 December):
    fall      = the balance at the start x the path's one-off fall that year (usually none)
    payments  = tranches due + approved money not yet scheduled + proposed allocations
    after     = start - fall - payments       (payments first: the fund earns nothing on money
                                               it pays out during the year, which is prudent)
    return    = after x cash return x days / days in the year  (nothing on a balance below zero)
    costs     = after x running-cost rate x days / days in the year
    end       = after + return - costs
    index     = index x (1 + inflation x days / days in the year)
    in today's pounds = end / index
The fund cannot pay in the first year whose balance after payments is below zero. Amounts are
rounded to the penny, half up, where they are worked out."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from cwf.core.money import ZERO, pence

YEARS = 15  # at least this many years are projected; more when payments fall due later
MAX_YEARS = 50
RATIO = Decimal("0.01")
RATE = Decimal("1e-10")  # rates worked out from others (a recovery, a combination) are kept to this
ONE = Decimal(1)


def _rate(value: Decimal) -> Decimal:
    return value.quantize(RATE, rounding=ROUND_HALF_UP)


def days_in_year(year: int) -> int:
    return (datetime.date(year + 1, 1, 1) - datetime.date(year, 1, 1)).days


# --- Rates and stress paths ---------------------------------------------------------------------
@dataclass(frozen=True)
class Rates:
    """One year of a path: fractions a year (0.035 for 3.5%), and a one-off fall."""

    real_return: Decimal
    inflation: Decimal
    fall: Decimal = ZERO  # the share of the balance lost at the start of the year: 0.2 for 20%

    @property
    def cash_return(self) -> Decimal:
        """The return in cash terms: (1 + real) x (1 + inflation) - 1."""
        return (ONE + self.real_return) * (ONE + self.inflation) - ONE


@dataclass(frozen=True)
class StressPath:
    """Returns and inflation year by year from the first year; after `rates`, every year takes
    `then`, or the assumptions when `then` is None."""

    key: str
    name: str
    description: str
    rates: tuple[Rates, ...] = ()
    then: Rates | None = None
    short: str = ""  # a few words, for a chart's legend

    @property
    def label(self) -> str:
        return self.short or self.name

    def rates_in(self, index: int, assumed: Rates) -> Rates:
        if index < len(self.rates):
            return self.rates[index]
        return self.then or assumed


CENTRAL = StressPath("central", "Central case", "The assumptions as they are.", short="Central")


def lower_return_path(
    key: str, name: str, description: str, *, drop: Decimal, assumed: Rates, short: str = ""
) -> StressPath:
    """The real return `drop` lower in every year."""
    then = Rates(assumed.real_return - drop, assumed.inflation)
    return StressPath(key, name, description, then=then, short=short)


def fall_and_recovery_path(
    key: str,
    name: str,
    description: str,
    *,
    fall: Decimal,
    years: int,
    assumed: Rates,
    short: str = "",
) -> StressPath:
    """The endowment loses `fall` of its value at the start of the first year; over the next
    `years` years its return is higher, so that by then it is back where the assumed return
    would have taken it: (1 - fall) x (1 + recovery)^years = (1 + assumed)^years. No recovery
    when `years` is 0."""
    rates = [Rates(assumed.real_return, assumed.inflation, fall)]
    if years and fall < ONE:
        recovery = _rate((ONE + assumed.real_return) / (ONE - fall) ** (ONE / years) - ONE)
        rates += [Rates(recovery, assumed.inflation)] * years
    return StressPath(key, name, description, tuple(rates), short=short)


def lost_decade_path(
    key: str, name: str, description: str, *, years: int, assumed: Rates, short: str = ""
) -> StressPath:
    """No real return at all (cash returns only match inflation) for `years` years."""
    rates = (Rates(ZERO, assumed.inflation),) * years
    return StressPath(key, name, description, rates, short=short)


def inflation_shock_path(
    key: str,
    name: str,
    description: str,
    *,
    inflation: Decimal,
    years: int,
    assumed: Rates,
    short: str = "",
) -> StressPath:
    """Inflation at `inflation` for `years` years while cash returns stay where they were
    assumed to be (as in 2022, when prices rose faster than investments), so the real return
    falls: (1 + assumed cash return) / (1 + inflation) - 1."""
    real = _rate((ONE + assumed.cash_return) / (ONE + inflation) - ONE)
    return StressPath(key, name, description, (Rates(real, inflation),) * years, short=short)


def combine(
    paths: Sequence[StressPath], *, assumed: Rates, years: int, short: str = "Together"
) -> StressPath:
    """Several paths at once: each year, their departures from the assumptions together. Real
    growth multiplies ((1 + a)(1 + b) / (1 + assumed)), inflation adds (a + b - assumed), and
    falls compound (1 - (1 - a)(1 - b))."""
    if len(paths) == 1:
        return paths[0]
    rates = []
    for index in range(years):
        growth, inflation, kept = ONE, ZERO, ONE
        for path in paths:
            r = path.rates_in(index, assumed)
            growth *= (ONE + r.real_return) / (ONE + assumed.real_return)
            inflation += r.inflation - assumed.inflation
            kept *= ONE - r.fall
        rates.append(
            Rates(
                _rate((ONE + assumed.real_return) * growth - ONE),
                assumed.inflation + inflation,
                ONE - kept,
            )
        )
    names = [p.name[:1].lower() + p.name[1:] for p in paths]
    return StressPath(
        "+".join(p.key for p in paths),
        f"Together: {', '.join(names[:-1])} and {names[-1]}",
        "Each of these at the same time, year by year, as described above.",
        tuple(rates),
        short=short,
    )


# --- The projection -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ForecastInputs:
    today: datetime.date
    opening_balance: Decimal  # the money the fund holds today (book or market value)
    real_return: Decimal  # a fraction a year, after inflation: 0.035 for 3.5%
    inflation: Decimal  # a fraction a year: 0.02 for 2%
    running_cost_rate: Decimal  # a fraction of the balance a year
    scheduled: Mapping[int, Decimal]  # year -> tranches due (grant and LTO contribution)
    unscheduled: Mapping[int, Decimal]  # year -> approved money not yet in a payment schedule
    proposed: Mapping[int, Decimal] = field(default_factory=dict)  # year -> proposed, not approved
    years: int = YEARS

    @property
    def start_year(self) -> int:
        return self.today.year

    @property
    def first_year_days(self) -> int:
        """Days left in this year, today included: 26 on 6 December."""
        return (datetime.date(self.today.year, 12, 31) - self.today).days + 1

    @property
    def assumed(self) -> Rates:
        return Rates(self.real_return, self.inflation)

    def payments_by_year(self) -> dict[int, tuple[Decimal, Decimal, Decimal]]:
        """year -> (scheduled, unscheduled, proposed), with anything due before this year (an
        overdue tranche, money released and not yet paid) brought into this year."""
        out: dict[int, list[Decimal]] = {}
        for column, amounts in enumerate((self.scheduled, self.unscheduled, self.proposed)):
            for year, amount in amounts.items():
                row = out.setdefault(max(year, self.start_year), [ZERO, ZERO, ZERO])
                row[column] += amount
        return {year: (a, b, c) for year, (a, b, c) in out.items()}

    @property
    def commitments(self) -> Decimal:
        """Approved and not yet paid: scheduled and not yet scheduled."""
        return sum(self.scheduled.values(), ZERO) + sum(self.unscheduled.values(), ZERO)

    @property
    def pipeline(self) -> Decimal:
        return sum(self.proposed.values(), ZERO)

    @property
    def free_capital(self) -> Decimal:
        """What the fund holds beyond everything approved and proposed."""
        return self.opening_balance - self.commitments - self.pipeline


@dataclass(frozen=True)
class ForecastYear:
    year: int
    days: int  # the days of the year projected: fewer than a year's in the first year
    year_days: int
    rates: Rates
    opening: Decimal
    fall: Decimal
    scheduled: Decimal
    unscheduled: Decimal
    proposed: Decimal
    investment_return: Decimal
    costs: Decimal
    closing: Decimal
    price_index: Decimal  # prices at the end of the year, today's being 1
    closing_real: Decimal  # the closing balance in today's pounds
    owed: Decimal  # everything still to pay from the start of this year, pipeline included

    @property
    def payments(self) -> Decimal:
        return self.scheduled + self.unscheduled + self.proposed

    @property
    def after_payments(self) -> Decimal:
        return self.opening - self.fall - self.payments

    @property
    def is_short(self) -> bool:
        return self.after_payments < ZERO

    @property
    def is_part_year(self) -> bool:
        return self.days < self.year_days

    @property
    def cover(self) -> Decimal | None:
        """The balance at the start over everything still to pay."""
        return coverage_ratio(self.opening, self.owed)


@dataclass(frozen=True)
class Projection:
    path: StressPath
    opening_balance: Decimal
    commitments: Decimal  # approved and not yet paid
    pipeline: Decimal  # proposed, not yet approved
    years: list[ForecastYear]

    @property
    def owed(self) -> Decimal:
        return self.commitments + self.pipeline

    @property
    def shortfall_year(self) -> int | None:
        """The first year the fund cannot pay what falls due, or None."""
        return next((y.year for y in self.years if y.is_short), None)

    @property
    def end_year(self) -> int | None:
        return self.years[-1].year if self.years else None

    @property
    def closing_balance(self) -> Decimal:
        return self.years[-1].closing if self.years else self.opening_balance

    @property
    def closing_real(self) -> Decimal:
        return self.years[-1].closing_real if self.years else self.opening_balance

    @property
    def owed_beyond(self) -> Decimal:
        """Payments falling due after the last year projected."""
        return self.owed - sum((y.payments for y in self.years), ZERO)

    @property
    def free_capital(self) -> Decimal:
        """Today: what the fund holds beyond everything approved and proposed."""
        return self.opening_balance - self.owed

    @property
    def free_capital_end_real(self) -> Decimal:
        """At the end, in today's pounds: what is left after every payment."""
        if not self.years:
            return self.free_capital
        last = self.years[-1]
        return pence((last.closing - self.owed_beyond) / last.price_index)

    @property
    def keeps_real_capital(self) -> bool:
        """Whether what is left at the end is worth, in today's pounds, at least what is free
        today."""
        return self.shortfall_year is None and self.free_capital_end_real >= self.free_capital

    @property
    def lowest_cover(self) -> Decimal | None:
        covers = [y.cover for y in self.years if y.cover is not None]
        return min(covers) if covers else None

    @property
    def coverage_ratio(self) -> Decimal | None:
        """What the fund holds now over everything approved or proposed and not yet paid."""
        return coverage_ratio(self.opening_balance, self.owed)


@dataclass(frozen=True)
class Forecast:
    base: Projection
    stresses: list[Projection]
    combined: Projection | None = None  # paths chosen together by the reader

    @property
    def projections(self) -> list[Projection]:
        return [self.base, *self.stresses, *([self.combined] if self.combined else [])]


def coverage_ratio(held: Decimal, owed: Decimal) -> Decimal | None:
    """held / owed to two places; None when nothing is owed (every promise is covered)."""
    if owed <= ZERO:
        return None
    return (held / owed).quantize(RATIO, rounding=ROUND_HALF_UP)


def project(inputs: ForecastInputs, path: StressPath = CENTRAL) -> Projection:
    """The year-by-year projection along one path (the assumptions as they are by default)."""
    payments = inputs.payments_by_year()
    owed = inputs.commitments + inputs.pipeline
    balance, index, rows = inputs.opening_balance, ONE, []
    for offset in range(inputs.years):
        year = inputs.start_year + offset
        year_days = days_in_year(year)
        days = inputs.first_year_days if offset == 0 else year_days
        rates = path.rates_in(offset, inputs.assumed)
        scheduled, unscheduled, proposed = payments.get(year, (ZERO, ZERO, ZERO))
        fall = pence(max(balance, ZERO) * rates.fall)
        after = balance - fall - scheduled - unscheduled - proposed
        earning = max(after, ZERO)
        investment_return = pence(earning * rates.cash_return * days / year_days)
        costs = pence(earning * inputs.running_cost_rate * days / year_days)
        closing = after + investment_return - costs
        index *= ONE + rates.inflation * days / year_days
        rows.append(
            ForecastYear(
                year=year,
                days=days,
                year_days=year_days,
                rates=rates,
                opening=balance,
                fall=fall,
                scheduled=scheduled,
                unscheduled=unscheduled,
                proposed=proposed,
                investment_return=investment_return,
                costs=costs,
                closing=closing,
                price_index=index,
                closing_real=pence(closing / index),
                owed=owed,
            )
        )
        balance, owed = closing, owed - scheduled - unscheduled - proposed
    return Projection(path, inputs.opening_balance, inputs.commitments, inputs.pipeline, rows)


def forecast(
    inputs: ForecastInputs, paths: Iterable[StressPath], combined: StressPath | None = None
) -> Forecast:
    return Forecast(
        base=project(inputs),
        stresses=[project(inputs, path) for path in paths],
        combined=project(inputs, combined) if combined else None,
    )


def horizon(start_year: int, *by_year: Mapping[int, Decimal]) -> int:
    """Years to project: at least YEARS, and to the last payment (at most MAX_YEARS)."""
    last = max((year for amounts in by_year for year, v in amounts.items() if v), default=0)
    return min(max(YEARS, last - start_year + 1), MAX_YEARS)


# --- What the fund can commit each year ---------------------------------------------------------
@dataclass(frozen=True)
class SustainableCommitment:
    """What the fund could commit each year, in today's pounds and rising with inflation, on
    top of everything approved and proposed, and still keep the real value of its free capital
    (what it holds beyond all of that) to the end of the forecast. New commitments start next
    year and are paid in equal yearly parts over `term_years`, the first in the year they are
    made; money waiting to be paid earns the return like the rest."""

    held: Decimal
    commitments: Decimal
    pipeline: Decimal
    net_real_return: Decimal  # real return less running costs, in today's pounds
    per_year: Decimal  # to the pound
    term_years: int
    committed_last_year: Decimal | None = None  # approved in the 12 months to today

    @property
    def free_capital(self) -> Decimal:
        return self.held - self.commitments - self.pipeline

    @property
    def uncommitted(self) -> Decimal:
        return self.held - self.commitments


def with_new_commitments(inputs: ForecastInputs, per_year: Decimal, term_years: int):
    """`inputs` with `per_year` (today's pounds) committed each year from next year, rising
    with prices, each commitment paid in `term_years` equal yearly parts (added to the
    pipeline, so it counts as owed from the day it is made)."""
    extra: dict[int, Decimal] = {}
    first = ONE + inputs.inflation * inputs.first_year_days / days_in_year(inputs.start_year)
    for k in range(1, inputs.years):
        prices = first * (ONE + inputs.inflation) ** (k - 1)
        part = pence(per_year * prices / term_years)
        for n in range(term_years):
            year = inputs.start_year + k + n
            extra[year] = extra.get(year, ZERO) + part
    return replace(inputs, proposed=add_up(inputs.proposed, extra))


def sustainable_commitment(
    inputs: ForecastInputs, *, term_years: int, committed_last_year: Decimal | None = None
) -> SustainableCommitment:
    """The most, to the pound, found by halving the range: more commitment never leaves more
    free capital, so the answer is where the end of the central case crosses today's free
    capital in today's pounds. Nothing when even no new commitment would keep it."""
    free = inputs.free_capital

    def keeps(per_year: int) -> bool:
        projection = project(with_new_commitments(inputs, Decimal(per_year), term_years))
        return projection.shortfall_year is None and projection.free_capital_end_real >= free

    low, high = 0, max(int(inputs.opening_balance), 0)
    if free <= ZERO or not keeps(0):
        high = 0
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if keeps(middle) else (low, middle - 1)
    net = _rate(inputs.real_return - inputs.running_cost_rate / (ONE + inputs.inflation))
    return SustainableCommitment(
        held=inputs.opening_balance,
        commitments=inputs.commitments,
        pipeline=inputs.pipeline,
        net_real_return=net,
        per_year=Decimal(low),
        term_years=term_years,
        committed_last_year=committed_last_year,
    )


# --- Spreading commitments over time -----------------------------------------------------------
def spread_by_days(
    amount: Decimal, first_day: datetime.date, end: datetime.date
) -> dict[int, Decimal]:
    """`amount` over the days from first_day up to (not including) end, each calendar year
    taking its share of the days, to the penny (running rounding, so the parts add up). An
    empty or past range puts it all in first_day's year."""
    total_days = (end - first_day).days
    if total_days <= 0:
        return {first_day.year: amount} if amount else {}
    out, given, counted = {}, ZERO, 0
    for year in range(first_day.year, end.year + 1):
        start = max(first_day, datetime.date(year, 1, 1))
        stop = min(end, datetime.date(year + 1, 1, 1))
        if stop <= start:
            continue
        counted += (stop - start).days
        share = pence(amount * counted / total_days) - given
        if share:
            out[year] = share
        given += share
    return out


def add_up(*by_year: Mapping[int, Decimal]) -> dict[int, Decimal]:
    out: dict[int, Decimal] = {}
    for amounts in by_year:
        for year, amount in amounts.items():
            out[year] = out.get(year, ZERO) + amount
    return out
