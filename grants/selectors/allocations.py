"""Allocations, their amendments and their figures, scoped to the viewer."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    DecimalField,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from cwf.accounts import permissions
from cwf.core.money import ZERO

from ..models import Account, Allocation, AllocationAmendment, Tranche
from ..sums import pence
from .closeout import close_out_flagged, close_out_remaining
from .spending_totals import logs_spend, spent_since_start

MONEY = DecimalField(max_digits=14, decimal_places=2)


def _scoped(qs: QuerySet, viewer, partnership_field: str) -> QuerySet:
    if permissions.sees_portfolio(viewer):
        return qs
    return qs.filter(**{f"{partnership_field}__in": permissions.partnership_ids(viewer)})


def _tranche_total(statuses, *, with_contribution: bool = True):
    value = F("amount") + F("management_contribution") if with_contribution else F("amount")
    totals = (
        Tranche.objects.filter(allocation=OuterRef("pk"), status__in=statuses)
        .values("allocation")
        .annotate(total=Sum(value))
        .values("total")
    )
    return Coalesce(Subquery(totals, output_field=MONEY), Value(ZERO), output_field=MONEY)


def allocation_list(*, viewer) -> QuerySet[Allocation]:
    """Officers, trustees and admins see every allocation; partnership members their own.
    Each row carries what has been released and paid (with the management contribution) and
    its ledger accounts, in a fixed number of queries whatever the page size."""
    qs = (
        Allocation.objects.select_related("partnership")
        .annotate(
            released_total=_tranche_total(Tranche.RELEASED_STATUSES),
            paid_total=_tranche_total([Tranche.Status.PAID]),
            # For the close-out hook (selectors.spending.released_but_unspent), so the list
            # reads spend in the same query whatever its length.
            released_amount=_tranche_total(Tranche.RELEASED_STATUSES, with_contribution=False),
            spent_since_start=spent_since_start(),
            logs_spend=logs_spend(),
        )
        .prefetch_related(
            Prefetch("ledger_accounts", queryset=Account.objects.order_by("kind")),
        )
    )
    return _scoped(qs, viewer, "partnership_id")


def allocation_proposals(*, viewer) -> QuerySet[Allocation]:
    """Allocations another officer proposed, waiting for this one to approve or reject (no
    officer approves their own): none for anyone who is not an officer."""
    if not permissions.is_officer(viewer):
        return Allocation.objects.none()
    return (
        Allocation.objects.select_related("partnership", "proposed_by")
        .filter(status=Allocation.Status.PROPOSED)
        .exclude(proposed_by=viewer)
        .order_by("proposed_at", "pk")
    )


def amendment_list(*, viewer) -> QuerySet[AllocationAmendment]:
    qs = AllocationAmendment.objects.select_related(
        "allocation__partnership", "proposed_by", "decided_by"
    )
    return _scoped(qs, viewer, "allocation__partnership_id")


@dataclass(frozen=True)
class AllocationFigures:
    amount: Decimal
    management_contribution: Decimal
    committed_unreleased: Decimal  # commitment + contribution still to release
    released: Decimal  # grant + contribution released so far (paid or not)
    released_unpaid: Decimal
    paid: Decimal
    underspend_returned: Decimal
    remaining_for_close_out: Decimal
    flagged_for_close_out: bool

    @property
    def total(self) -> Decimal:
        return self.amount + self.management_contribution


def allocation_figures(allocation: Allocation) -> AllocationFigures:
    """The money of one allocation, from its ledger accounts and its tranches. Works on a row of
    allocation_list (no further queries) or on any allocation."""
    balances = {a.kind: a.balance for a in allocation.ledger_accounts.all()}
    released = getattr(allocation, "released_total", None)
    paid = getattr(allocation, "paid_total", None)
    if released is None or paid is None:
        totals = allocation.tranches.aggregate(
            released=Sum(
                F("amount") + F("management_contribution"),
                filter=Q(status__in=Tranche.RELEASED_STATUSES),
            ),
            paid=Sum(
                F("amount") + F("management_contribution"),
                filter=Q(status=Tranche.Status.PAID),
            ),
        )
        released, paid = totals["released"], totals["paid"]
    returned = (allocation.underspend_returned or ZERO) + (
        allocation.underspend_contribution_returned or ZERO
    )
    kind = Account.Kind
    return AllocationFigures(
        amount=allocation.amount,
        management_contribution=allocation.management_contribution,
        committed_unreleased=balances.get(kind.COMMITMENT, ZERO)
        + balances.get(kind.MANAGEMENT_CONTRIBUTION, ZERO),
        released=pence(released),
        released_unpaid=balances.get(kind.PAYABLE, ZERO),
        paid=pence(paid),
        underspend_returned=returned,
        remaining_for_close_out=close_out_remaining(allocation),
        flagged_for_close_out=close_out_flagged(allocation),
    )
