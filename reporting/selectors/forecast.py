"""The coverage forecast's inputs, from the ledger and the payment schedules, and the forecast
itself under the assumptions in force. Fund-wide roles only. Four queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from cwf.accounts import permissions
from cwf.core.money import ZERO
from grants.models import Account, Allocation, Tranche
from grants.models.allocation import add_years
from grants.selectors.endowment import endowment_summary
from grants.selectors.money import TOTAL, UNRELEASED_KINDS, sum_subquery
from grants.sums import pence

from ..forecast import Forecast, ForecastInputs, add_up, forecast, spread_over_years
from .assumptions import Assumptions, assumptions_in_force


@dataclass(frozen=True)
class PortfolioForecast:
    inputs: ForecastInputs
    forecast: Forecast
    assumptions: Assumptions


def forecast_inputs(
    *, viewer, today: datetime.date, assumptions: Assumptions
) -> ForecastInputs | None:
    """The money held now, the open tranches by the year they fall due (with what is released
    and not yet paid due this year), and each allocation's committed money that is not in a
    schedule yet, spread evenly over the rest of its term."""
    summary = endowment_summary(viewer=viewer)
    if summary is None:
        return None
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
    unscheduled: dict[int, object] = {}
    rows = committed.annotate(
        unreleased=sum_subquery(accounts, "allocation_id", "balance"),
        open=sum_subquery(open_tranches, "allocation_id", TOTAL),
    ).values("starts_on", "term_years", "unreleased", "open")
    for row in rows:
        rest = pence(row["unreleased"]) - pence(row["open"])
        if rest > ZERO:
            last_day = add_years(row["starts_on"], row["term_years"]) - datetime.timedelta(days=1)
            first_year = max(today.year, row["starts_on"].year)
            unscheduled = add_up(unscheduled, spread_over_years(rest, first_year, last_day.year))
    return ForecastInputs(
        start_year=today.year,
        opening_balance=summary.held,
        return_rate=assumptions.return_rate,
        running_cost_rate=assumptions.running_cost_rate,
        scheduled=scheduled,
        unscheduled=unscheduled,
    )


def portfolio_forecast(*, viewer, today: datetime.date | None = None) -> PortfolioForecast | None:
    if not permissions.sees_portfolio(viewer):
        return None
    today = today or timezone.localdate()
    assumptions = assumptions_in_force(on=today)
    inputs = forecast_inputs(viewer=viewer, today=today, assumptions=assumptions)
    return PortfolioForecast(inputs, forecast(inputs, assumptions.stress_cases()), assumptions)


__all__ = ["PortfolioForecast", "forecast_inputs", "portfolio_forecast"]
