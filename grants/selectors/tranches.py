"""Tranches, holds and the payment batch, scoped to the viewer."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from cwf.accounts import permissions

from ..models import Tranche, TrancheHold


def tranche_list(*, viewer) -> QuerySet[Tranche]:
    """Officers, trustees and admins see every tranche; partnership members their own
    partnership's. Rows carry their allocation, partnership, release and payee."""
    qs = Tranche.objects.select_related(
        "allocation__partnership", "release__lto", "allocation__funding_agreement__lto"
    )
    if permissions.sees_portfolio(viewer):
        return qs
    return qs.filter(allocation__partnership_id__in=permissions.partnership_ids(viewer))


def tranche_detail(*, viewer) -> QuerySet[Tranche]:
    return tranche_list(viewer=viewer).prefetch_related(
        Prefetch(
            "holds",
            queryset=TrancheHold.objects.select_related("placed_by", "lifted_by"),
        )
    )


def payment_batch(*, viewer) -> QuerySet[Tranche]:
    """Released tranches awaiting payment, oldest first: the next payment batch. Officers only."""
    if not permissions.is_officer(viewer):
        return Tranche.objects.none()
    return (
        tranche_list(viewer=viewer)
        .filter(status=Tranche.Status.RELEASED)
        .order_by("release__released_on", "pk")
    )
