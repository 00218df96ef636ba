from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from cwf.accounts import permissions
from cwf.core.errors import DomainError


def officer_only(request) -> None:
    """Writes to the fund's money are for officers; trustees and partnership users get 403.
    Called after the object is fetched through a selector, so out-of-scope objects are 404."""
    if not permissions.can_write_fund(request.user):
        raise PermissionDenied("Only fund officers can do this.")


def refuse(request, error: DomainError, url_name: str, *args):
    """Show a service's refusal at the top of the page the user came from."""
    messages.error(request, error.message)
    return redirect(url_name, *args)
