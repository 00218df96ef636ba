"""Small helpers every grants service shares."""

from __future__ import annotations

from datetime import date

from cwf.accounts import permissions
from cwf.core.dates import display_date
from cwf.core.errors import ScopeError


def require_officer(actor, *, to: str) -> None:
    """Only fund officers (and administrators) change the fund's money; trustees never write."""
    if actor is None or not permissions.can_write_fund(actor):
        raise ScopeError(f"Only a fund officer can {to}.")


def long_date(day: date) -> str:
    """1 Apr 2026: the product's one way of writing a date (cwf.core.dates)."""
    return display_date(day)
