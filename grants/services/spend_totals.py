"""Keeping SpendTotal (a partnership's net spend per theme) equal to the spending log. Every
service that writes Spend rows calls `spend_totals_add` inside its own transaction, so the log
and its totals commit together or not at all."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import F

from ..models import Spend, SpendTotal


def spend_totals_add(spends: Iterable[Spend]) -> None:
    """Add spends (reversals are negative) to their partnership-and-theme totals. Rows are
    created if missing (ignoring a concurrent creation) and then incremented by one UPDATE each,
    in key order so two writers never wait on each other in opposite orders."""
    change: dict[tuple[int, int], list] = defaultdict(lambda: [Decimal(0), 0])
    for spend in spends:
        key = (spend.partnership_id, spend.theme_id)
        change[key][0] += spend.amount
        change[key][1] += 1
    if not change:
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("spend_totals_add must run in the transaction that writes the spends.")
    SpendTotal.objects.bulk_create(
        [SpendTotal(partnership_id=p, theme_id=t) for p, t in sorted(change)],
        ignore_conflicts=True,
    )
    for (partnership_id, theme_id), (amount, entries) in sorted(change.items()):
        SpendTotal.objects.filter(partnership_id=partnership_id, theme_id=theme_id).update(
            amount=F("amount") + amount, entries=F("entries") + entries
        )
