"""The spending log and "where the money is", scoped to the viewer.

Who sees what: a partnership's own people and officers see its spend entries (payees,
descriptions, receipts); trustees see aggregates only (totals by theme and year), never entries.

Selectors other features call (documented in docs/architecture.md):
- `spend_summary(partnership_id=..., start=None, end=None)`: received by the LTO, spent and held
  (grants.selectors.money.money_flow, the one definition: docs/money.md), spent by theme, and
  planned against actual by theme and plan year, for a period (quarterly reports);
- `spend_totals_by_partnership()`: every partnership with its money figures as columns
  (grants.selectors.money.with_money).
Both take no viewer: callers scope the partnerships first (e.g. with partnership_list)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Case, IntegerField, QuerySet, Sum, Value, When

from cwf.accounts import permissions
from cwf.core.dates import add_years
from cwf.core.money import ZERO, pence
from partnerships.models import Partnership

from ..models import Allocation, Spend, SpendImport, SpendingPlan
from .money import MoneyFlow, money_flow, with_money


def spend_list(*, viewer, partnership_id: int | None = None) -> QuerySet[Spend]:
    """Entries for officers and the partnership's own people; none for trustees."""
    qs = Spend.objects.select_related(
        "partnership", "theme", "action_line", "decision", "logged_by", "reverses"
    ).select_related("reversed_by")
    if not permissions.is_officer(viewer):
        qs = qs.filter(partnership_id__in=permissions.partnership_ids(viewer))
    if partnership_id is not None:
        qs = qs.filter(partnership_id=partnership_id)
    return qs


def spend_import_list(*, viewer) -> QuerySet[SpendImport]:
    return SpendImport.objects.filter(uploaded_by=viewer).select_related("partnership")


def _allocation(partnership_id: int) -> Allocation | None:
    return (
        Allocation.objects.filter(partnership_id=partnership_id)
        .exclude(status__in=[Allocation.Status.PROPOSED, Allocation.Status.WITHDRAWN])
        .order_by("-proposed_at")
        .first()
    )


def _year_case(allocation: Allocation | None):
    """The plan year (1, 2, ...) of a spend's date, computed in SQL."""
    if allocation is None:
        return Value(0, output_field=IntegerField())
    whens = [
        When(spent_on__lt=add_years(allocation.starts_on, n), then=Value(n))
        for n in range(1, allocation.term_years + 1)
    ]
    return Case(*whens, default=Value(allocation.term_years), output_field=IntegerField())


@dataclass
class ThemeYear:
    theme: str
    year: int
    planned: Decimal
    actual: Decimal

    @property
    def variance(self) -> Decimal:
        return self.planned - self.actual

    @property
    def over(self) -> bool:
        return self.actual > self.planned


@dataclass
class SpendSummary:
    flow: MoneyFlow  # received, spent and returned in the period: money.money_flow
    by_theme: dict[str, Decimal] = field(default_factory=dict)
    rows: list[ThemeYear] = field(default_factory=list)
    plan_version: int | None = None
    year_starts: dict[int, date] = field(default_factory=dict)

    @property
    def received(self) -> Decimal:
        return self.flow.received

    @property
    def spent(self) -> Decimal:
        return self.flow.spent

    @property
    def held(self) -> Decimal:
        return self.flow.held

    @property
    def spent_ahead(self) -> Decimal:
        return self.flow.spent_ahead

    @property
    def planned_total(self) -> Decimal:
        return sum((r.planned for r in self.rows), ZERO)


def spend_summary(
    *, partnership_id: int, start: date | None = None, end: date | None = None
) -> SpendSummary:
    """Received, spent and held for one partnership (in a period, if given: start and end
    inclusive), as grants.selectors.money.money_flow defines them, and planned against actual
    by theme and plan year from the spending log."""
    spends = Spend.objects.filter(partnership_id=partnership_id)
    if start:
        spends = spends.filter(spent_on__gte=start)
    if end:
        spends = spends.filter(spent_on__lte=end)
    allocation = _allocation(partnership_id)
    actual_rows = (
        spends.annotate(plan_year=_year_case(allocation))
        .values("theme__name", "plan_year")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    actual = {(r["theme__name"], r["plan_year"]): pence(r["total"]) for r in actual_rows}
    plan = (
        SpendingPlan.objects.filter(
            partnership_id=partnership_id, status=SpendingPlan.Status.ENDORSED
        )
        .prefetch_related("vision_lines__theme")
        .first()
    )
    planned: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    if plan:
        for line in plan.vision_lines.all():
            planned[(line.theme.name, line.year)] += line.amount
    by_theme: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for (theme, _), total in actual.items():
        by_theme[theme] += total
    keys = sorted(set(planned) | set(actual), key=lambda k: (k[1], k[0]))
    rows = [ThemeYear(t, y, planned.get((t, y), ZERO), actual.get((t, y), ZERO)) for t, y in keys]
    year_starts = (
        {n: add_years(allocation.starts_on, n - 1) for n in range(1, allocation.term_years + 1)}
        if allocation
        else {}
    )
    return SpendSummary(
        flow=money_flow(partnership_id=partnership_id, start=start, end=end),
        by_theme=dict(sorted(by_theme.items())),
        rows=rows,
        plan_version=plan.version if plan else None,
        year_starts=year_starts,
    )


def spend_totals_by_partnership() -> QuerySet[Partnership]:
    """Every partnership with its money figures as columns (received, spent, held, ...: see
    grants.selectors.money), each one subquery, so the query count does not grow with the
    number of partnerships."""
    return with_money(Partnership.objects.all()).order_by("name")
