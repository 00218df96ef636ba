"""The endowment as trustees see it: where the capital came from, where the money is now, and
how the money still held burns down as commitments are paid. Portfolio roles only."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import F, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from cwf.accounts import permissions
from cwf.core.money import ZERO, pence

from ..models import (
    Account,
    Allocation,
    EndowmentMovement,
    EndowmentValuation,
    Entry,
    Tranche,
)
from .money import FundMoney, fund_money

KIND = Account.Kind
# Where the fund's money is while it has not been paid out or spent on fees.
HELD_KINDS = (KIND.UNCOMMITTED, KIND.COMMITMENT, KIND.MANAGEMENT_CONTRIBUTION, KIND.PAYABLE)
COMMITTED_KINDS = (KIND.COMMITMENT, KIND.MANAGEMENT_CONTRIBUTION, KIND.PAYABLE)


# The fund's figures are defined in money.py, with every other money figure.
EndowmentSummary = FundMoney
endowment_summary = fund_money


def endowment_movement_list(*, viewer) -> QuerySet[EndowmentMovement]:
    if not permissions.sees_portfolio(viewer):
        return EndowmentMovement.objects.none()
    return EndowmentMovement.objects.select_related("recorded_by", "reversed_by")


def book_value_on(day: date) -> Decimal:
    """The money the fund held at the end of `day` by its ledger (book value). One query. Not
    scoped: services call it; readers get it through valuations and the endowment summary."""
    total = Entry.objects.filter(
        account__kind__in=HELD_KINDS, transaction__effective_on__lte=day
    ).aggregate(total=Sum("amount"))["total"]
    return pence(total)


def endowment_valuation_list(*, viewer) -> QuerySet[EndowmentValuation]:
    """Every market valuation, the one in use first. Fund-wide roles only."""
    if not permissions.sees_portfolio(viewer):
        return EndowmentValuation.objects.none()
    return EndowmentValuation.objects.select_related("recorded_by").order_by(
        "-valued_on", "-recorded_at", "-pk"
    )


def latest_valuation(*, viewer) -> EndowmentValuation | None:
    """The valuation in use: the newest recorded for the latest day valued. One query."""
    return endowment_valuation_list(viewer=viewer).first()


@dataclass(frozen=True)
class BurnDownPoint:
    year: int
    held: Decimal  # money the fund holds at the end of the year
    committed: Decimal  # of which committed to allocations and not yet paid
    projected: bool


def endowment_burn_down(*, viewer, today: date | None = None) -> list[BurnDownPoint]:
    """Year by year: what the fund held and what it owed on commitments, from the ledger up to
    this year, then projected from the payment schedules (assuming no new money and no new
    allocations). Two queries."""
    if not permissions.sees_portfolio(viewer):
        return []
    today = today or timezone.localdate()
    by_year: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    rows = (
        Entry.objects.filter(account__kind__in=HELD_KINDS)
        .annotate(year=ExtractYear("transaction__effective_on"), kind=F("account__kind"))
        .values("year", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in rows:
        by_year[row["year"]][row["kind"]] += pence(row["total"])
    if not by_year:
        return []
    points, held, committed = [], ZERO, ZERO
    for year in range(min(by_year), today.year + 1):
        held += sum(by_year[year].values(), ZERO)
        committed += sum((by_year[year][k] for k in COMMITTED_KINDS), ZERO)
        points.append(BurnDownPoint(year, held, committed, projected=False))
    # Projection: what is owed now (payable) is paid this year; open tranches when they fall due.
    due = (
        Tranche.objects.filter(
            status__in=Tranche.OPEN_STATUSES,
            allocation__status__in=Allocation.COMMITTED_STATUSES,
        )
        .annotate(year=ExtractYear("due_on"))
        .values("year")
        .annotate(total=Sum(F("amount") + F("management_contribution")))
        .order_by()
    )
    due_by_year = {row["year"]: pence(row["total"]) for row in due}
    last_year = max(due_by_year, default=today.year)
    payable_now = sum((by_year[y][KIND.PAYABLE] for y in by_year), ZERO)
    outgoing = payable_now + sum((v for y, v in due_by_year.items() if y <= today.year), ZERO)
    for year in range(today.year + 1, last_year + 1):
        outgoing += due_by_year.get(year, ZERO)
        points.append(
            BurnDownPoint(year, held - outgoing, max(committed - outgoing, ZERO), projected=True)
        )
    return points
