"""The one place the quarterly report's spend figures come from: the spending log's selector
(`grants.selectors.spending.spend_summary`, issue 6) for the quarter, plus the LTO management
contribution received with the quarter's releases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Sum

from grants.models import Allocation, Tranche
from grants.selectors.spending import spend_summary
from grants.sums import pence


def _money(value: Decimal) -> str:
    return f"{pence(value):.2f}"


def quarter_spend(*, allocation_id: int, start: date, end: date) -> dict:
    """The quarter's spend summary, as JSON-ready strings of exact pence: received (grant and
    LTO management contribution), spent in total and by theme, held by the LTO at the quarter's
    end (received to date less spent to date), and planned (for the plan year the quarter falls
    in) against what was spent in the quarter, by theme."""
    partnership_id = Allocation.objects.values_list("partnership_id", flat=True).get(
        pk=allocation_id
    )
    quarter = spend_summary(partnership_id=partnership_id, start=start, end=end)
    to_date = spend_summary(partnership_id=partnership_id, end=end)
    contribution = Tranche.objects.filter(
        allocation_id=allocation_id,
        status__in=Tranche.RELEASED_STATUSES,
        release__released_on__gte=start,
        release__released_on__lte=end,
    ).aggregate(s=Sum("management_contribution"))["s"]
    plan_year = max(
        (n for n, begins in quarter.year_starts.items() if begins <= start), default=None
    )
    return {
        "received": _money(quarter.received),
        "received_contribution": _money(pence(contribution)),
        "spent_by_theme": {theme: _money(v) for theme, v in quarter.by_theme.items()},
        "spent": _money(quarter.spent),
        "held_by_lto": _money(to_date.held),
        "plan_year": plan_year,
        "planned_vs_actual": [
            {"theme": r.theme, "planned": _money(r.planned), "actual": _money(r.actual)}
            for r in quarter.rows
            if r.year == plan_year
        ],
        "source": "releases and the spending log",
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
