"""Small helpers every grants service shares."""

from __future__ import annotations

from datetime import date

from cwf.accounts import permissions
from cwf.core.errors import ScopeError


def require_officer(actor, *, to: str) -> None:
    """Only fund officers (and administrators) change the fund's money; trustees never write."""
    if actor is None or not permissions.can_write_fund(actor):
        raise ScopeError(f"Only a fund officer can {to}.")


def long_date(day: date) -> str:
    """1 April 2026, on every platform (strftime's %-d is not portable)."""
    return f"{day.day} {day:%B %Y}"
