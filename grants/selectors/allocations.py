"""Allocations, their amendments and their figures, scoped to the viewer."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from cwf.accounts import permissions

from ..models import Account, Allocation, AllocationAmendment
from .money import MONEY, AllocationMoney, allocation_money, allocation_tranche_annotations

__all__ = ["MONEY", "AllocationFigures", "allocation_figures", "allocation_list", "amendment_list"]


def _scoped(qs: QuerySet, viewer, partnership_field: str) -> QuerySet:
    if permissions.sees_portfolio(viewer):
        return qs
    return qs.filter(**{f"{partnership_field}__in": permissions.partnership_ids(viewer)})


def allocation_list(*, viewer) -> QuerySet[Allocation]:
    """Officers, trustees and admins see every allocation; partnership members their own.
    Each row carries what has been released and paid (with the management contribution) and
    its ledger accounts, in a fixed number of queries whatever the page size."""
    qs = (
        Allocation.objects.select_related("partnership")
        # Released, paid, and what close-out needs (money.left_to_spend), in the same query
        # whatever the list's length.
        .annotate(**allocation_tranche_annotations())
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


# The figures of one allocation are defined in money.py, with every other money figure.
AllocationFigures = AllocationMoney


def allocation_figures(allocation: Allocation) -> AllocationMoney:
    """The money of one allocation (grants.selectors.money.allocation_money): no further query
    on a row of allocation_list."""
    return allocation_money(allocation)
