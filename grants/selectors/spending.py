"""The spending log and "where the money is", scoped to the viewer.

Who sees what: a partnership's own people and officers see its spend entries (payees,
descriptions, receipts); trustees see aggregates only (totals by theme and year), never entries.

Selectors other features call (documented in docs/architecture.md):
- `spend_summary(partnership_id=..., start=None, end=None)`: received (released tranches), spent,
  held by the LTO, spent by theme, and planned against actual by theme and plan year, for a
  period (quarterly reports, issue 7);
- `spend_totals_by_partnership()`: received and spent per partnership, aggregated in SQL (the
  trustee dashboard, issue 8).
Both take no viewer: callers scope the partnerships first (e.g. with partnership_list)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Case, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from cwf.accounts import permissions
from cwf.core.money import ZERO
from partnerships.models import Partnership

from ..models import Allocation, Release, Spend, SpendImport, SpendingPlan, SpendTotal, Tranche
from ..models.allocation import add_years
from ..sums import pence
from .allocations import MONEY


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
    received: Decimal
    spent: Decimal
    by_theme: dict[str, Decimal] = field(default_factory=dict)
    rows: list[ThemeYear] = field(default_factory=list)
    plan_version: int | None = None
    year_starts: dict[int, date] = field(default_factory=dict)

    @property
    def held(self) -> Decimal:
        return self.received - self.spent

    @property
    def planned_total(self) -> Decimal:
        return sum((r.planned for r in self.rows), ZERO)


def spend_summary(
    *, partnership_id: int, start: date | None = None, end: date | None = None
) -> SpendSummary:
    """Received, spent and held for one partnership (in a period, if given: start and end
    inclusive), and planned against actual by theme and plan year. Figures come from releases
    (the ledger's record of money paid to the LTO) and the spending log."""
    releases = Release.objects.filter(tranche__allocation__partnership_id=partnership_id)
    spends = Spend.objects.filter(partnership_id=partnership_id)
    if start:
        releases, spends = (
            releases.filter(released_on__gte=start),
            spends.filter(spent_on__gte=start),
        )
    if end:
        releases, spends = releases.filter(released_on__lte=end), spends.filter(spent_on__lte=end)
    received = pence(releases.aggregate(s=Sum("tranche__amount"))["s"])
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
        received=received,
        spent=sum(actual.values(), ZERO),
        by_theme=dict(sorted(by_theme.items())),
        rows=rows,
        plan_version=plan.version if plan else None,
        year_starts=year_starts,
    )


def spend_totals_by_partnership() -> QuerySet[Partnership]:
    """Every partnership with `received` (released tranches) and `spent` (net of reversals),
    each one subquery, so the query count does not grow with the number of partnerships."""
    received = (
        Tranche.objects.filter(
            allocation__partnership=OuterRef("pk"), status__in=Tranche.RELEASED_STATUSES
        )
        .values("allocation__partnership")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    spent = (
        SpendTotal.objects.filter(partnership=OuterRef("pk"))
        .values("partnership")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    return Partnership.objects.annotate(
        received=Coalesce(Subquery(received, output_field=MONEY), Value(ZERO), output_field=MONEY),
        spent=Coalesce(Subquery(spent, output_field=MONEY), Value(ZERO), output_field=MONEY),
    ).order_by("name")


def released_but_unspent(allocation: Allocation) -> Decimal:
    """Close-out hook (grants.selectors.closeout.RELEASED_BUT_UNSPENT): what the LTO holds of
    this allocation's released money, unspent, counting spends from the allocation's start.

    A partnership that has never logged a spend keeps the earlier rule (released money counts
    as spent): its spend was reported outside the log, before the log existed. From its first
    logged spend, close-out uses the log. Reads allocation_list's annotations when present, so a
    list costs no query per row."""
    if hasattr(allocation, "logs_spend"):
        if not allocation.logs_spend:
            return ZERO
        return max(pence(allocation.released_amount) - pence(allocation.spent_since_start), ZERO)
    spends = Spend.objects.filter(partnership_id=allocation.partnership_id)
    if not spends.exists():
        return ZERO
    released = pence(
        Tranche.objects.filter(
            allocation=allocation, status__in=Tranche.RELEASED_STATUSES
        ).aggregate(s=Sum("amount"))["s"]
    )
    spent = pence(spends.filter(spent_on__gte=allocation.starts_on).aggregate(s=Sum("amount"))["s"])
    return max(released - spent, ZERO)
