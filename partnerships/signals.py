from django.dispatch import Signal, receiver

from cwf.accounts.invitations import invitation_accepted

from .services.members import member_link_from_invitation


@receiver(invitation_accepted)
def link_member_on_acceptance(sender, invitation, user, **kwargs) -> None:
    member_link_from_invitation(invitation=invitation, user=user)


# Sent by a page after a membership change was refused for breaking the composition rules (the
# refusal itself rolled back), with `partnership`, `actor` and `message`: reporting tells the
# partnership's lead officer and chairs (issue 24).
composition_change_refused = Signal()
