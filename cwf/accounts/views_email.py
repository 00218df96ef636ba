"""allauth's e-mail pages, with this project's rules (emails.py): an address becomes the
account's only once its link has been followed, and never one that belongs to another account.
allauth lets an unproved address become primary while the account has no proved one, and
making another account's address primary failed with a 500."""

from allauth.account.models import EmailAddress
from allauth.account.views import ConfirmEmailView as AllauthConfirmEmailView
from allauth.account.views import EmailView as AllauthEmailView
from django.contrib import messages
from django.http import HttpResponseRedirect

from .emails import owner_of, taken_message


class EmailView(AllauthEmailView):
    def _action_primary(self, request, *args, **kwargs):
        address = self._get_email_address(request)
        if address is not None:
            refusal = _refusal(address)
            if refusal:
                messages.error(request, refusal)
                return HttpResponseRedirect(self.get_success_url())
        return super()._action_primary(request, *args, **kwargs)


class ConfirmEmailView(AllauthConfirmEmailView):
    def post(self, *args, **kwargs):
        confirmation = self.get_object()
        address = confirmation.email_address
        if owner_of(address.email, other_than=address.user) is not None:
            # Taken by another account since it was added here (an administrator, say).
            address.delete()
            messages.error(self.request, taken_message(address.email))
            return HttpResponseRedirect(self.get_redirect_url() or "/")
        return super().post(*args, **kwargs)


def _refusal(address: EmailAddress) -> str | None:
    if owner_of(address.email, other_than=address.user) is not None:
        return taken_message(address.email)
    if not address.verified:
        return (
            f"Confirm {address.email} first: follow the link we e-mailed to it. It becomes "
            f"your address once you have."
        )
    return None


email = EmailView.as_view()
confirm_email = ConfirmEmailView.as_view()
