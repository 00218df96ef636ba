"""Who may open a partnership's pages: each is fetched through the viewer's selectors (so anything
outside their scope is a 404), its people's pages need `sees_people`, and its writes need an
officer or its chair (`require_runner`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from cwf.accounts import permissions

from ..composition import composition_from_annotations
from ..models import Partnership
from ..selectors import partnership_overview_list


def get_partnership(request, pk: int) -> Partnership:
    partnership = get_object_or_404(partnership_overview_list(viewer=request.user), pk=pk)
    partnership.composition = composition_from_annotations(partnership)
    return partnership


def require_people(request, partnership: Partnership) -> None:
    if not permissions.sees_people(request.user, partnership.pk):
        raise Http404


def require_runner(request, partnership: Partnership) -> None:
    """Writes to a partnership: officers and its chair. Its other people may look, not change."""
    require_people(request, partnership)
    if not permissions.can_run_partnership(request.user, partnership.pk):
        raise PermissionDenied("Only a fund officer or the partnership's chair can do this.")
    if partnership.is_closed:
        raise PermissionDenied("This partnership is closed and can no longer be changed.")
