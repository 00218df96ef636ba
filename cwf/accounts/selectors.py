from django.db.models import Q, QuerySet

from . import permissions
from .models import Invitation


def invitation_list(*, viewer) -> QuerySet[Invitation]:
    """Officers see every invitation; a chair sees those for their own partnerships."""
    qs = Invitation.objects.select_related("partnership", "invited_by")
    if permissions.is_officer(viewer):
        return qs
    chaired = permissions.partnership_ids(viewer, [permissions.Role.PARTNERSHIP_CHAIR])
    return qs.filter(Q(partnership_id__in=chaired))
