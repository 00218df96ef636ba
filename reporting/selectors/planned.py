"""What partnerships planned to spend, by theme: the costed vision of each partnership's endorsed
spending plan (grants.models.VisionLine), over the whole term and to date. One grouped query,
whatever the size of the portfolio.

Planned to date follows the plan years of grants.selectors.spending.spend_summary: plan year n
starts on the allocation's start plus n - 1 years (grants.models.plans.plan_year_starts). A year
that has ended counts in full; the current year counts by the fraction of its days that have
passed. The database works out how many plan years have ended (from the start date's year, month
and day, so no date arithmetic differs between SQLite and PostgreSQL) and sums the lines of the
ended years and of the current year; Python takes the elapsed fraction of the current year's sum,
exactly, with the same add_years the plan pages use."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear

from cwf.accounts import permissions
from cwf.core.dates import add_years
from cwf.core.money import pence
from grants.models import Allocation, SpendingPlan, VisionLine

START = "plan__allocation__starts_on"
# An allocation that is over (closed or withdrawn) needs no one's attention for its plan.
FINISHED = (Allocation.Status.CLOSED, Allocation.Status.WITHDRAWN)


@dataclass(frozen=True)
class PlannedTheme:
    """One partnership's costed vision for one theme."""

    partnership_id: int
    partnership: str  # its name
    theme_id: int
    term: Decimal  # over the whole term of the allocation
    to_date: Decimal  # the ended plan years, and the elapsed part of the current one
    allocation_finished: bool


def with_years_ended(lines: QuerySet[VisionLine], today: datetime.date) -> QuerySet[VisionLine]:
    """Annotates `elapsed`: how many plan years of the line's allocation have ended by `today`
    (negative before the allocation starts). Year n has ended once add_years(start, n) <= today,
    that is, once this year's anniversary of the start has come; in a year that is not a leap
    year, add_years moves a 29 February start to the 28th."""
    february_end = 29 if calendar.isleap(today.year) else 28
    years = Value(today.year) - F("_start_year")
    return (
        lines.annotate(
            _start_year=ExtractYear(START),
            _start_month=ExtractMonth(START),
            _start_day=ExtractDay(START),
        )
        .annotate(
            _anniversary_day=Case(
                When(Q(_start_month=2, _start_day=29), then=Value(february_end)),
                default=F("_start_day"),
                output_field=IntegerField(),
            )
        )
        .annotate(
            elapsed=Case(
                When(
                    Q(_start_month__lt=today.month)
                    | Q(_start_month=today.month, _anniversary_day__lte=today.day),
                    then=years,
                ),
                default=years - Value(1),
                output_field=IntegerField(),
            )
        )
    )


def _to_date(ended: Decimal, current: Decimal, starts_on, elapsed: int, today) -> Decimal:
    if elapsed < 0 or not current:
        return ended
    year_starts = add_years(starts_on, elapsed)
    next_starts = add_years(starts_on, elapsed + 1)
    fraction = Decimal((today - year_starts).days) / Decimal((next_starts - year_starts).days)
    return ended + pence(current * fraction)


def planned_by_partnership_theme(
    *, viewer, today: datetime.date, theme_id: int | None = None
) -> list[PlannedTheme]:
    """Every partnership's endorsed costed vision, summed by theme, over the term and to date
    (`today`). Fund-wide roles only; one query."""
    if not permissions.sees_portfolio(viewer):
        return []
    lines = VisionLine.objects.filter(plan__status=SpendingPlan.Status.ENDORSED)
    if theme_id is not None:
        lines = lines.filter(theme_id=theme_id)
    rows = (
        with_years_ended(lines, today)
        .values(
            "plan__partnership_id",
            "plan__partnership__name",
            "plan__allocation__status",
            START,
            "theme_id",
            "elapsed",
        )
        .annotate(
            term=Sum("amount"),
            ended=Sum("amount", filter=Q(year__lte=F("elapsed"))),
            current=Sum("amount", filter=Q(year=F("elapsed") + 1)),
        )
        .order_by()
    )
    return [
        PlannedTheme(
            partnership_id=row["plan__partnership_id"],
            partnership=row["plan__partnership__name"],
            theme_id=row["theme_id"],
            term=pence(row["term"]),
            to_date=_to_date(
                pence(row["ended"]), pence(row["current"]), row[START], row["elapsed"], today
            ),
            allocation_finished=row["plan__allocation__status"] in FINISHED,
        )
        for row in rows
    ]


__all__ = ["PlannedTheme", "planned_by_partnership_theme", "with_years_ended"]
