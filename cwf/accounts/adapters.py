import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from django.core.exceptions import ValidationError
from django.urls import reverse

from .emails import unproved_claims_release


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
        if invitation is not None and not self.request.user.is_authenticated:
            # The invitee proves the address by signing up from its link: another account's
            # claim on it that was never proved must not stop them.
            unproved_claims_release(email=email)
        return email

    def get_email_verification_redirect_url(self, email_address) -> str:
        """After confirming an address from an invitation's page, go back to accept it."""
        from .invitations import SESSION_KEY, invitation_in_session

        invitation = invitation_in_session(self.request)
        if invitation is not None and invitation.email.lower() == email_address.email.lower():
            return reverse("invitation_accept", args=[self.request.session[SESSION_KEY]])
        return super().get_email_verification_redirect_url(email_address)

    def is_email_verified(self, request, email: str) -> bool:
        """Signing up from an invitation proves the address: the link was e-mailed to it, and
        the sign-up must use it (clean_email). Without this the address stays unverified, and
        allauth refuses to set up TOTP for it, so invited officers could not finish."""
        from .invitations import invitation_in_session

        invitation = invitation_in_session(request) if request is not None else None
        if invitation is not None and email.lower() == invitation.email.lower():
            return True
        return super().is_email_verified(request, email)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """allauth asks for the password again before sensitive account changes (MFA set-up,
        recovery codes), and counts only its own "confirm access" prompt. A password typed at
        sign-in a few minutes ago proves the same thing, so count it too: otherwise an officer
        sent to set up MFA straight after signing in is asked for the password twice more."""
        required = super().is_reauthentication_required(app=app, **kwargs)
        return required and not self._password_typed_recently()

    def _password_typed_recently(self) -> bool:
        request = self.request
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        records = get_authentication_records(request, user)
        typed_at = max((r["at"] for r in records if r.get("method") == "password"), default=0)
        return time.time() - typed_at < account_settings.REAUTHENTICATION_TIMEOUT
