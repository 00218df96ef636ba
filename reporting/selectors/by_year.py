"""The portfolio year by year: committed, planned, released and paid, for the burn-down and the
board pack. Four grouped queries, whatever the portfolio size."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, QuerySet, Sum
from django.db.models.functions import ExtractYear

from cwf.accounts import permissions
from cwf.core.money import ZERO
from grants.models import Allocation, Tranche
from grants.sums import pence

from .portfolio import COUNTED, TOTAL


@dataclass(frozen=True)
class YearRow:
    year: int
    committed: Decimal  # allocations approved that year (their amount now, with contribution)
    planned: Decimal  # tranches due that year (not cancelled)
    released: Decimal  # tranches released that year
    paid: Decimal  # tranches paid that year


def portfolio_by_year(*, viewer) -> list[YearRow]:
    """Committed, planned, released and paid by year: four grouped queries."""
    if not permissions.sees_portfolio(viewer):
        return []
    counted = Allocation.objects.filter(status__in=COUNTED, approved_at__isnull=False)
    committed = _by_year(counted, "approved_at", F("amount") + F("management_contribution"))
    tranches = Tranche.objects.exclude(status=Tranche.Status.CANCELLED)
    planned = _by_year(tranches, "due_on", TOTAL)
    released = _by_year(
        tranches.filter(status__in=Tranche.RELEASED_STATUSES), "release__released_on", TOTAL
    )
    paid = _by_year(tranches.filter(status=Tranche.Status.PAID), "paid_on", TOTAL)
    years = sorted(set(committed) | set(planned) | set(released) | set(paid))
    return [
        YearRow(
            year,
            committed.get(year, ZERO),
            planned.get(year, ZERO),
            released.get(year, ZERO),
            paid.get(year, ZERO),
        )
        for year in years
    ]


def _by_year(qs: QuerySet, date_field: str, value) -> dict[int, Decimal]:
    rows = (
        qs.annotate(year=ExtractYear(date_field))
        .values("year")
        .annotate(total=Sum(value))
        .order_by()
    )
    return {row["year"]: pence(row["total"]) for row in rows if row["year"] is not None}
