"""Who may open the reporting pages: the portfolio is for fund-wide roles only, and anyone else
gets a 404, as if the pages did not exist."""

from django.http import Http404

from cwf.accounts import permissions


def require_portfolio(request) -> None:
    if not permissions.sees_portfolio(request.user):
        raise Http404


def require_officer(request) -> None:
    require_portfolio(request)
    permissions.require_officer(request.user, to="change the assumptions")
