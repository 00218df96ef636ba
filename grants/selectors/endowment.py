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
from cwf.core.money import ZERO

from ..models import (
    Account,
    Allocation,
    CapitalSource,
    EndowmentMovement,
    EndowmentValuation,
    Entry,
    Tranche,
)
from ..sums import pence

KIND = Account.Kind
# Where the fund's money is while it has not been paid out or spent on fees.
HELD_KINDS = (KIND.UNCOMMITTED, KIND.COMMITMENT, KIND.MANAGEMENT_CONTRIBUTION, KIND.PAYABLE)
COMMITTED_KINDS = (KIND.COMMITMENT, KIND.MANAGEMENT_CONTRIBUTION, KIND.PAYABLE)


@dataclass(frozen=True)
class EndowmentSummary:
    capital_by_source: list[tuple[str, Decimal]]
    investment_income: Decimal
    returned_underspend: Decimal
    fees: Decimal
    uncommitted: Decimal
    committed_unreleased: Decimal
    released_unpaid: Decimal
    paid: Decimal

    @property
    def capital(self) -> Decimal:
        return sum((amount for _, amount in self.capital_by_source), ZERO)

    @property
    def money_in(self) -> Decimal:
        return self.capital + self.investment_income + self.returned_underspend

    @property
    def held(self) -> Decimal:
        """Money the fund still holds: uncommitted, committed or released but not yet paid."""
        return self.uncommitted + self.committed_unreleased + self.released_unpaid

    @property
    def balances(self) -> bool:
        """The ledger's identity: what came in is held, paid out or spent on fees."""
        return self.money_in == self.held + self.paid + self.fees


def endowment_summary(*, viewer) -> EndowmentSummary | None:
    """One query over the running balances; None for people who may not see the portfolio."""
    if not permissions.sees_portfolio(viewer):
        return None
    totals: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for row in Account.objects.values("kind", "source").annotate(total=Sum("balance")).order_by():
        totals[(row["kind"], row["source"])] = pence(row["total"])

    def kind_total(kind) -> Decimal:
        return sum((v for (k, _), v in totals.items() if k == kind), ZERO)

    return EndowmentSummary(
        capital_by_source=[
            (label, -totals[(KIND.CAPITAL, value)]) for value, label in CapitalSource.choices
        ],
        investment_income=-kind_total(KIND.INVESTMENT_INCOME),
        returned_underspend=-kind_total(KIND.RETURNED_UNDERSPEND),
        fees=kind_total(KIND.FEES),
        uncommitted=kind_total(KIND.UNCOMMITTED),
        committed_unreleased=kind_total(KIND.COMMITMENT) + kind_total(KIND.MANAGEMENT_CONTRIBUTION),
        released_unpaid=kind_total(KIND.PAYABLE),
        paid=kind_total(KIND.PAID),
    )


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
