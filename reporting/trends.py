"""The figures the fund follows over time: the headline money, what needs attention and the
reporting record, as one flat set that a quarterly snapshot and a board pack both keep (JSON:
money as strings of exact pence, counts as numbers), and the change between two such sets.
Plain functions; reporting/services/snapshots.py keeps them, reporting/selectors/trends.py
reads them back."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MONEY, COUNT, SHARE, DAYS = "money", "count", "share", "days"


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    kind: str  # MONEY, COUNT, SHARE (a fraction, 0 to 1) or DAYS

    def read(self, raw) -> Decimal | int | None:
        if raw is None:
            return None
        return int(raw) if self.kind == COUNT else Decimal(str(raw))


FIGURES = (
    Figure("committed", "Committed", MONEY),
    Figure("released", "Released", MONEY),
    Figure("paid", "Paid", MONEY),
    Figure("spent", "Spent by partnerships", MONEY),
    Figure("held_by_ltos", "Held by LTOs", MONEY),
    Figure("uncommitted", "Uncommitted", MONEY),
    Figure("held_by_fund", "Held by the fund", MONEY),
    Figure("attention", "Needs attention", COUNT),
    Figure("overdue_reports", "Overdue quarterly reports", COUNT),
    Figure("held_tranches", "Tranches on hold", COUNT),
    Figure("failing_composition", "Failing the composition rules", COUNT),
    Figure("large_variances", "Spending far from plan", COUNT),
    Figure("close_out_candidates", "Ready for close-out", COUNT),
    Figure("reports_due", "Quarterly reports due so far", COUNT),
    Figure("on_time_rate", "Reports in on time", SHARE),
    Figure("mean_days_late", "Mean days late", DAYS),
)
BY_KEY = {f.key: f for f in FIGURES}
SHARE_PLACES = Decimal("0.0001")


def figures_of(summary) -> dict:
    """The figures of a PortfolioSummary (reporting/selectors/summary.py), ready for JSON."""
    h, attention = summary.headline, summary.attention
    compliance = attention.compliance
    rate = compliance.on_time_rate if compliance else None
    values = {
        "committed": h.committed,
        "released": h.released,
        "paid": h.paid,
        "spent": h.spent,
        "held_by_ltos": h.held_by_ltos,
        "uncommitted": h.uncommitted,
        "held_by_fund": h.held_by_fund,
        "attention": attention.count,
        "overdue_reports": attention.overdue_count,
        "held_tranches": len(attention.held),
        "failing_composition": len(attention.failing_composition),
        "large_variances": len(attention.variances),
        "close_out_candidates": len(attention.close_out),
        "reports_due": compliance.due if compliance else 0,
        "on_time_rate": None
        if rate is None
        else Decimal(str(rate)).quantize(SHARE_PLACES, rounding=ROUND_HALF_UP),
        "mean_days_late": Decimal(str(compliance.mean_days_late)) if compliance else None,
    }
    return {k: (f"{v:.2f}" if BY_KEY[k].kind == MONEY else _plain(v)) for k, v in values.items()}


def _plain(value):
    return str(value) if isinstance(value, Decimal) else value


@dataclass(frozen=True)
class Change:
    figure: Figure
    then: Decimal | int | None
    now: Decimal | int | None

    @property
    def change(self) -> Decimal | int | None:
        if self.then is None or self.now is None:
            return None
        return self.now - self.then


def changes(then: dict, now: dict) -> list[Change]:
    """Figure by figure, from `then` to `now` (figures a set does not have are left out)."""
    return [
        Change(f, f.read(then.get(f.key)), f.read(now.get(f.key)))
        for f in FIGURES
        if f.key in then and f.key in now
    ]
