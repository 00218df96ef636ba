"""The coverage forecast's inputs, from the ledger, the payment schedules, the allocations
proposed and approved and the latest market valuation, and the forecast itself under the
assumptions in force: the stress paths, the Monte Carlo, what the fund can commit each year, and
the return the books show. Fund-wide roles only. Seven queries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import F, OuterRef, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from cwf.accounts import permissions
from cwf.core.dates import add_years
from cwf.core.errors import DomainError
from cwf.core.money import ZERO, pence
from grants.models import Account, Allocation, EndowmentValuation, Entry, Tranche
from grants.selectors.endowment import HELD_KINDS, endowment_summary, latest_valuation
from grants.selectors.money import TOTAL, UNRELEASED_KINDS, sum_subquery

from ..achieved import AchievedReturn, achieved_return
from ..forecast import (
    Forecast,
    ForecastInputs,
    StressPath,
    SustainableCommitment,
    add_up,
    combine,
    forecast,
    horizon,
    spread_by_days,
    sustainable_commitment,
)
from ..monte_carlo import MonteCarlo, simulate
from .assumptions import Assumptions, assumptions_in_force

# The paths shown together by default: the three that happen to the fund, not to the assumption.
TOGETHER = ("fall", "lost_decade", "inflation_shock")


@dataclass(frozen=True)
class StartingPoint:
    """Where the forecast starts: the money the fund holds by its ledger (book value), moved by
    the difference between market and book value at the latest valuation, if there is one."""

    book_value: Decimal
    valuation: EndowmentValuation | None

    @property
    def market_adjustment(self) -> Decimal:
        return self.valuation.difference if self.valuation else ZERO

    @property
    def opening_balance(self) -> Decimal:
        return self.book_value + self.market_adjustment

    @property
    def basis(self) -> str:
        return "market" if self.valuation else "book"


@dataclass(frozen=True)
class PortfolioForecast:
    as_of: datetime.date
    inputs: ForecastInputs
    forecast: Forecast
    assumptions: Assumptions
    start: StartingPoint
    monte_carlo: MonteCarlo
    sustainable: SustainableCommitment
    achieved: AchievedReturn
    paths: list[StressPath]  # each path alone, for choosing a combination
    chosen: tuple[str, ...] = ()  # the keys the reader combined


@dataclass(frozen=True)
class _Payments:
    scheduled: dict[int, Decimal]
    unscheduled: dict[int, Decimal]
    proposed: dict[int, Decimal]
    committed_last_year: Decimal


def _payments(*, summary, today: datetime.date) -> _Payments:
    """The open tranches by the year they fall due (with what is released and not yet paid due
    now); each approved allocation's money not yet in a schedule, and each proposed allocation's
    (with its LTO contribution), spread over the rest of its term by the days of each year.
    Two queries."""
    committed = Allocation.objects.filter(status__in=Allocation.COMMITTED_STATUSES)
    due = (
        Tranche.objects.filter(status__in=Tranche.OPEN_STATUSES, allocation__in=committed)
        .annotate(year=ExtractYear("due_on"))
        .values("year")
        .annotate(total=Sum(TOTAL))
        .order_by()
    )
    scheduled = add_up(
        {row["year"]: pence(row["total"]) for row in due},
        {today.year: summary.released_unpaid} if summary.released_unpaid else {},
    )
    accounts = Account.objects.filter(allocation_id=OuterRef("pk"), kind__in=UNRELEASED_KINDS)
    open_tranches = Tranche.objects.filter(
        allocation_id=OuterRef("pk"), status__in=Tranche.OPEN_STATUSES
    )
    rows = (
        Allocation.objects.filter(
            status__in=(Allocation.Status.PROPOSED, *Allocation.COMMITTED_STATUSES)
        )
        .annotate(
            unreleased=sum_subquery(accounts, "allocation_id", "balance"),
            open=sum_subquery(open_tranches, "allocation_id", TOTAL),
        )
        .values(
            "status",
            "starts_on",
            "term_years",
            "unreleased",
            "open",
            "approved_at",
            "amount",
            "management_contribution",
        )
    )
    unscheduled: dict[int, Decimal] = {}
    proposed: dict[int, Decimal] = {}
    committed_last_year = ZERO
    a_year_ago = today - datetime.timedelta(days=365)
    for row in rows:
        end = add_years(row["starts_on"], row["term_years"])
        first_day = max(today, row["starts_on"])
        if row["status"] == Allocation.Status.PROPOSED:
            whole = row["amount"] + row["management_contribution"]
            proposed = add_up(proposed, spread_by_days(whole, first_day, end))
            continue
        rest = pence(row["unreleased"]) - pence(row["open"])
        if rest > ZERO:
            unscheduled = add_up(unscheduled, spread_by_days(rest, first_day, end))
        approved_on = row["approved_at"] and timezone.localdate(row["approved_at"])
        if approved_on and a_year_ago < approved_on <= today:
            committed_last_year += row["amount"] + row["management_contribution"]
    return _Payments(scheduled, unscheduled, proposed, committed_last_year)


def _achieved(*, today: datetime.date, assumptions: Assumptions) -> AchievedReturn:
    """Income booked and the change in money held, year by year, from the ledger. One query."""
    kinds = (*HELD_KINDS, Account.Kind.INVESTMENT_INCOME)
    rows = (
        Entry.objects.filter(account__kind__in=kinds, transaction__effective_on__lte=today)
        .annotate(year=ExtractYear("transaction__effective_on"), kind=F("account__kind"))
        .values("year", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    held: dict[int, Decimal] = defaultdict(lambda: ZERO)
    income: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        if row["kind"] == Account.Kind.INVESTMENT_INCOME:
            income[row["year"]] -= pence(row["total"])  # a credit account: income is negative
        else:
            held[row["year"]] += pence(row["total"])
    return achieved_return(
        held_changes=held, income=income, this_year=today.year, assumed=assumptions.assumed_rates
    )


def chosen_paths(paths: Sequence[StressPath], keys: Sequence[str]) -> list[StressPath]:
    """The paths named by `keys`, in the order they are listed; a name that is not a path is
    refused, naming the ones there are."""
    by_key = {p.key: p for p in paths}
    unknown = [k for k in keys if k not in by_key]
    if unknown:
        raise DomainError(
            f"There is no stress path called {', '.join(repr(k) for k in unknown)}: choose from "
            f"{', '.join(by_key)}.",
            field="paths",
        )
    return [p for p in paths if p.key in keys]


def portfolio_forecast(
    *, viewer, today: datetime.date | None = None, combine_keys: Sequence[str] = ()
) -> PortfolioForecast | None:
    """`combine_keys`: stress paths the reader wants to see together (as well as the default
    combination)."""
    if not permissions.sees_portfolio(viewer):
        return None
    today = today or timezone.localdate()
    assumptions = assumptions_in_force(on=today)
    summary = endowment_summary(viewer=viewer)
    start = StartingPoint(summary.held, latest_valuation(viewer=viewer))
    payments = _payments(summary=summary, today=today)
    years = horizon(today.year, payments.scheduled, payments.unscheduled, payments.proposed)
    inputs = ForecastInputs(
        today=today,
        opening_balance=start.opening_balance,
        real_return=assumptions.return_rate,
        inflation=assumptions.inflation,
        running_cost_rate=assumptions.running_cost_rate,
        scheduled=payments.scheduled,
        unscheduled=payments.unscheduled,
        proposed=payments.proposed,
        years=years,
    )
    paths = assumptions.stress_paths()
    assumed = assumptions.assumed_rates
    together = combine(chosen_paths(paths, TOGETHER), assumed=assumed, years=years)
    chosen = chosen_paths(paths, combine_keys) if combine_keys else []
    custom = combine(chosen, assumed=assumed, years=years, short="Your choice") if chosen else None
    return PortfolioForecast(
        as_of=today,
        inputs=inputs,
        forecast=forecast(inputs, [*paths, together], custom),
        assumptions=assumptions,
        start=start,
        monte_carlo=simulate(inputs, volatility=assumptions.volatility),
        sustainable=sustainable_commitment(
            inputs,
            term_years=settings.ALLOCATION_MIN_YEARS,
            committed_last_year=payments.committed_last_year,
        ),
        achieved=_achieved(today=today, assumptions=assumptions),
        paths=paths,
        chosen=tuple(p.key for p in chosen),
    )


__all__ = ["PortfolioForecast", "StartingPoint", "chosen_paths", "portfolio_forecast"]
