from django.shortcuts import redirect
from django.urls import reverse

from .mfa import lacks_required_mfa

# Paths a person without MFA may still reach: the sign-in and MFA set-up pages themselves, static
# files and the monitoring endpoint.
_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/health/")


class MfaRequiredMiddleware:
    """Fund officers, trustees and staff must set up TOTP before they can do anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        # The path first: /health/ must not load the session (a database read) to answer.
        if (
            not request.path.startswith(_ALLOWED_PREFIXES)
            and user is not None
            and user.is_authenticated
            and lacks_required_mfa(user)
        ):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
