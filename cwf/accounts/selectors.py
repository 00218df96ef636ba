from django.db.models import Q, QuerySet
from django.utils import timezone

from . import permissions
from .models import Invitation


def invitation_list(*, viewer) -> QuerySet[Invitation]:
    """Officers see every invitation; a chair sees those for their own partnerships."""
    qs = Invitation.objects.select_related("partnership", "invited_by")
    if permissions.is_officer(viewer):
        return qs
    chaired = permissions.partnership_ids(viewer, [permissions.Role.PARTNERSHIP_CHAIR])
    return qs.filter(Q(partnership_id__in=chaired))


def invitations_to(*, viewer) -> QuerySet[Invitation]:
    """Invitations sent to the viewer's own e-mail address, still open to accept."""
    return Invitation.objects.filter(
        email__iexact=viewer.email,
        status=Invitation.Status.PENDING,
        expires_at__gt=timezone.now(),
    ).select_related("partnership")
