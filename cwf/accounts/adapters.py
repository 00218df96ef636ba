from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError


class AccountAdapter(DefaultAccountAdapter):
    """No public sign-up: people join only by accepting an invitation, with the invited address."""

    def is_open_for_signup(self, request) -> bool:
        from .invitations import invitation_in_session

        return invitation_in_session(request) is not None

    def clean_email(self, email: str) -> str:
        from .invitations import invitation_in_session

        email = super().clean_email(email)
        invitation = invitation_in_session(self.request) if self.request else None
        if invitation is not None and email.lower() != invitation.email.lower():
            raise ValidationError(
                f"Use the address this invitation was sent to: {invitation.email}."
            )
        return email
