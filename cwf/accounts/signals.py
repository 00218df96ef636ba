from allauth.account.internal.flows.login import record_authentication
from allauth.account.signals import user_signed_up
from django.dispatch import receiver

from .invitations import SESSION_KEY, invitation_accept


@receiver(user_signed_up)
def accept_invitation_on_sign_up(sender, request, user, **kwargs) -> None:
    token = request.session.pop(SESSION_KEY, None)
    if token:
        invitation_accept(token=token, user=user)


@receiver(user_signed_up)
def count_sign_up_as_typing_the_password(sender, request, user, **kwargs) -> None:
    """The person chose their password seconds ago, twice. allauth asks for it again before
    MFA set-up unless a password was typed recently (AccountAdapter), and records that only for
    sign-in: record it for sign-up too, so an invited officer goes straight on to set up TOTP."""
    record_authentication(request, user, method="password", email=user.email)
