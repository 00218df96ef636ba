"""Small helpers every grants service shares."""

from __future__ import annotations

from datetime import date

from cwf.accounts.permissions import require_officer
from cwf.core.dates import display_date

# The guard lives in cwf/accounts/permissions.py; the grants services still import it from here
# while another change edits them (issue 16: import it from permissions in the next pass).
__all__ = ["long_date", "require_officer"]


def long_date(day: date) -> str:
    """1 Apr 2026: the product's one way of writing a date (cwf.core.dates)."""
    return display_date(day)
