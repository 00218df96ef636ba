"""Reads of partnerships, always scoped to the viewer."""

from django.db.models import QuerySet

from cwf.accounts import permissions

from .models import Partnership


def partnership_list(*, viewer) -> QuerySet[Partnership]:
    """Fund-wide roles see every partnership; everyone else only their own."""
    qs = Partnership.objects.all()
    if permissions.sees_portfolio(viewer):
        return qs
    return qs.filter(pk__in=permissions.partnership_ids(viewer))
