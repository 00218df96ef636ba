"""The one place the quarterly report's spend figures come from.

Received is read from grants (tranches released in the quarter). Spent by theme, held by the LTO
and planned against actual belong to the spending log (issue 6); until its selector lands they are
computed from what exists here: nothing spent, so the LTO holds everything received to date. Swap
the body of `quarter_spend` for the spending log's selector and every report, snapshot and API
figure follows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Sum

from grants.models import Tranche
from grants.sums import pence


def _money(value: Decimal) -> str:
    return f"{pence(value):.2f}"


def quarter_spend(*, allocation_id: int, start: date, end: date) -> dict:
    """The quarter's spend summary, as JSON-ready strings of exact pence:
    received (grant and LTO management contribution), spent by theme, held by the LTO at the
    quarter's end, and planned against actual by theme."""
    released = Tranche.objects.filter(
        allocation_id=allocation_id, status__in=Tranche.RELEASED_STATUSES
    )
    in_quarter = released.filter(
        release__released_on__gte=start, release__released_on__lte=end
    ).aggregate(grant=Sum("amount"), contribution=Sum("management_contribution"))
    to_date = released.filter(release__released_on__lte=end).aggregate(grant=Sum("amount"))
    spent_by_theme: dict[str, str] = {}
    spent = sum((Decimal(v) for v in spent_by_theme.values()), Decimal("0"))
    return {
        "received": _money(pence(in_quarter["grant"])),
        "received_contribution": _money(pence(in_quarter["contribution"])),
        "spent_by_theme": spent_by_theme,
        "spent": _money(spent),
        "held_by_lto": _money(pence(to_date["grant"]) - spent),
        "planned_vs_actual": [],
        "source": "grants ledger (spending log not yet recorded)",
    }


def spend_corrections(*, frozen: dict | None, current: dict) -> list[tuple[str, str, str]]:
    """Figures that changed since the report froze them: (label, then, now)."""
    if not frozen:
        return []
    labels = {
        "received": "Received",
        "received_contribution": "LTO management contribution received",
        "spent": "Spent",
        "held_by_lto": "Held by the LTO",
    }
    return [
        (label, frozen.get(key, ""), current.get(key, ""))
        for key, label in labels.items()
        if frozen.get(key) != current.get(key)
    ]
