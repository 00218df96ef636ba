from django.dispatch import receiver

from cwf.accounts.invitations import invitation_accepted

from .services.members import member_link_from_invitation


@receiver(invitation_accepted)
def link_member_on_acceptance(sender, invitation, user, **kwargs) -> None:
    member_link_from_invitation(invitation=invitation, user=user)
