"""The portfolio year by year: committed, planned, released and paid, for the burn-down and the
board pack. Four grouped queries, whatever the portfolio size."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from cwf.accounts import permissions
from cwf.core.money import ZERO, money_column, pence
from grants.models import Allocation, Tranche

from .portfolio import COUNTED, TOTAL

MONEY = money_column()


@dataclass(frozen=True)
class YearRow:
    year: int
    committed: Decimal  # allocations approved that year (their amount now, with contribution)
    planned: Decimal  # tranches due that year (not cancelled)
    released: Decimal  # tranches released that year
    paid: Decimal  # tranches paid that year
    # Commitment given up that year: what a withdrawn or closed allocation had not released
    # (it keeps only what was released), so committed less taken back over all years is the
    # headline's committed.
    taken_back: Decimal = ZERO


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
    taken_back = _taken_back_by_year()
    years = sorted(set(committed) | set(planned) | set(released) | set(paid) | set(taken_back))
    return [
        YearRow(
            year,
            committed.get(year, ZERO),
            planned.get(year, ZERO),
            released.get(year, ZERO),
            paid.get(year, ZERO),
            taken_back.get(year, ZERO),
        )
        for year in years
    ]


def _taken_back_by_year() -> dict[int, Decimal]:
    """What withdrawn and closed allocations had not released, by the year they ended."""
    ended = Allocation.objects.filter(
        status__in=[Allocation.Status.WITHDRAWN, Allocation.Status.CLOSED],
        approved_at__isnull=False,
    ).annotate(
        released_total=Coalesce(
            Sum(
                F("tranches__amount") + F("tranches__management_contribution"),
                filter=Q(tranches__status__in=Tranche.RELEASED_STATUSES),
            ),
            Value(ZERO),
            output_field=MONEY,
        )
    )
    out: dict[int, Decimal] = {}
    for allocation in ended:
        ended_at = allocation.withdrawn_at or allocation.closed_at
        if ended_at is None:
            continue
        year = timezone.localtime(ended_at).year
        given_up = allocation.amount + allocation.management_contribution
        out[year] = out.get(year, ZERO) + pence(given_up - allocation.released_total)
    return out


def _by_year(qs: QuerySet, date_field: str, value) -> dict[int, Decimal]:
    rows = (
        qs.annotate(year=ExtractYear(date_field))
        .values("year")
        .annotate(total=Sum(value))
        .order_by()
    )
    return {row["year"]: pence(row["total"]) for row in rows if row["year"] is not None}
