"""Is an allocation ready for close-out? Close-out starts when what is left, unspent and
unreleased, falls below settings.CLOSE_OUT_THRESHOLD.

What is left is what is unreleased plus what each function in RELEASED_BUT_UNSPENT returns: the
part of the released money not spent yet. The spending log appends
grants.selectors.spending.released_but_unspent (in GrantsConfig.ready), so close-out uses real
spend once a partnership logs it."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.conf import settings

from cwf.core.money import ZERO

from ..models import Account, Allocation

RELEASED_BUT_UNSPENT: list[Callable[[Allocation], Decimal]] = []


def unreleased(allocation: Allocation) -> Decimal:
    """The allocation's commitment still to be released (without the management contribution):
    the balance of its commitment account, or all of it before approval."""
    if allocation.status == Allocation.Status.PROPOSED:
        return allocation.amount
    balances = getattr(allocation, "_prefetched_objects_cache", {}).get("ledger_accounts")
    accounts = balances if balances is not None else allocation.ledger_accounts.all()
    return next((a.balance for a in accounts if a.kind == Account.Kind.COMMITMENT), ZERO)


def close_out_remaining(allocation: Allocation) -> Decimal:
    return unreleased(allocation) + sum(
        (unspent(allocation) for unspent in RELEASED_BUT_UNSPENT), ZERO
    )


def close_out_flagged(allocation: Allocation) -> bool:
    """Flagged for close-out: active, with less than the threshold left."""
    return (
        allocation.status == Allocation.Status.ACTIVE
        and close_out_remaining(allocation) < settings.CLOSE_OUT_THRESHOLD
    )
