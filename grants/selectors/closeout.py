"""Is an allocation ready for close-out? Close-out starts when what is left falls below
settings.CLOSE_OUT_THRESHOLD. What is left is `grants.selectors.money.left_to_spend`: grant not
yet released plus released grant not yet spent (docs/money.md)."""

from __future__ import annotations

from decimal import Decimal

from ..models import Allocation
from .money import allocation_money, left_to_spend, unreleased_grant

__all__ = ["close_out_flagged", "close_out_remaining", "unreleased"]

unreleased = unreleased_grant


def close_out_remaining(allocation: Allocation) -> Decimal:
    return left_to_spend(allocation)


def close_out_flagged(allocation: Allocation) -> bool:
    """Flagged for close-out: active, with less than the threshold left."""
    return allocation_money(allocation).flagged_for_close_out
