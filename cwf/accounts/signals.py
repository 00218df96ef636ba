from allauth.account.signals import user_signed_up
from django.dispatch import receiver

from .invitations import SESSION_KEY, invitation_accept


@receiver(user_signed_up)
def accept_invitation_on_sign_up(sender, request, user, **kwargs) -> None:
    token = request.session.pop(SESSION_KEY, None)
    if token:
        invitation_accept(token=token, user=user)
