"""The one place the quarterly report's spend figures come from: grants.selectors.money for
received, spent and held (docs/money.md), and the spending log's selector
(`grants.selectors.spending.spend_summary`) for spent by theme and planned against actual."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cwf.core.money import pence
from grants.models import Allocation
from grants.selectors.money import money_flow
from grants.selectors.spending import spend_summary


def _money(value: Decimal) -> str:
    return f"{pence(value):.2f}"


def quarter_plan_year(year_starts: dict[int, date], *, start: date, end: date) -> int | None:
    """The plan year in force during the quarter: the one in force on its last day, so a plan
    that starts mid-quarter has its first year in its first report."""
    return max((n for n, begins in year_starts.items() if begins <= end), default=None)


def quarter_spend(*, allocation_id: int, start: date, end: date) -> dict:
    """The quarter's spend summary, as JSON-ready strings of exact pence: received by the LTO
    in the quarter (grant paid, and the LTO management contribution paid with it), spent in
    total and by theme, held by the LTO at the quarter's end (and spent ahead of payments, if
    spending has run ahead), and planned (for the plan year in force in the quarter) against
    what was spent in the quarter, by theme."""
    partnership_id = Allocation.objects.values_list("partnership_id", flat=True).get(
        pk=allocation_id
    )
    quarter = spend_summary(partnership_id=partnership_id, start=start, end=end)
    to_date = money_flow(partnership_id=partnership_id, end=end)
    plan_year = quarter_plan_year(quarter.year_starts, start=start, end=end)
    return {
        "received": _money(quarter.received),
        "received_contribution": _money(quarter.flow.contribution_received),
        "spent_by_theme": {theme: _money(v) for theme, v in quarter.by_theme.items()},
        "spent": _money(quarter.spent),
        "held_by_lto": _money(to_date.held),
        "spent_ahead": _money(to_date.spent_ahead),
        "plan_year": plan_year,
        "planned_vs_actual": [
            {"theme": r.theme, "planned": _money(r.planned), "actual": _money(r.actual)}
            for r in quarter.rows
            if r.year == plan_year
        ],
        "source": "payments and the spending log",
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
        "spent_ahead": "Spent ahead of payments",
    }
    return [
        (label, frozen.get(key, ""), current.get(key, ""))
        for key, label in labels.items()
        # A figure a report froze before the figure existed is not a correction.
        if key in frozen and frozen.get(key) != current.get(key)
    ]
