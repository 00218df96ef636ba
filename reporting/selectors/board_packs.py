from django.db.models import Prefetch, QuerySet

from cwf.accounts import permissions

from ..models import BoardPack, BoardPackRequest


def board_pack_list(*, viewer) -> QuerySet[BoardPack]:
    """Every pack, newest first, with who asked: fund-wide roles only (a pack has every
    partnership in it)."""
    if not permissions.sees_portfolio(viewer):
        return BoardPack.objects.none()
    return BoardPack.objects.select_related("requested_by").prefetch_related(
        Prefetch("requests", queryset=BoardPackRequest.objects.select_related("requested_by"))
    )
