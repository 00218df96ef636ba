"""Large differences between what a partnership planned to spend by now and what it has spent,
for the attention list. Only partnerships with an endorsed spending plan are judged (without
one there is nothing to measure against), and not those whose allocation is closed or
withdrawn.

Planned to date is the endorsed costed vision's ended plan years plus the elapsed part of the
current one (planned.py); spent to date is everything in the spending log, net of reversals
(spends are never dated in the future), read through spend.spent_by_partnership_theme. A
partnership is flagged when the difference is larger than both VARIANCE_ATTENTION_MIN_AMOUNT and
VARIANCE_ATTENTION_PERCENT of planned to date (settings, cwf/settings/domain.py)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from cwf.accounts import permissions
from cwf.core.money import ZERO

from .planned import PlannedTheme, planned_by_partnership_theme
from .spend import spent_by_partnership_theme


@dataclass(frozen=True)
class Variance:
    partnership_id: int
    partnership: str  # its name
    planned_to_date: Decimal
    spent: Decimal

    @property
    def variance(self) -> Decimal:
        """Planned to date minus spent: above zero is under plan, below zero over."""
        return self.planned_to_date - self.spent

    @property
    def amount(self) -> Decimal:
        return abs(self.variance)

    @property
    def over(self) -> bool:
        return self.spent > self.planned_to_date

    @property
    def percent(self) -> Decimal | None:
        """The difference as a percentage of planned to date; None when nothing was planned
        yet (any spend is then beyond every percentage)."""
        if not self.planned_to_date:
            return None
        share = self.amount * 100 / self.planned_to_date
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def is_large(variance: Variance) -> bool:
    """Both thresholds must be exceeded: the percentage alone would flag small sums early in a
    term; the amount alone, ordinary slippage in a large plan."""
    if variance.amount <= settings.VARIANCE_ATTENTION_MIN_AMOUNT:
        return False
    if not variance.planned_to_date:
        return True
    return variance.amount * 100 > settings.VARIANCE_ATTENTION_PERCENT * variance.planned_to_date


def large_variances(
    *, viewer, planned: list[PlannedTheme], spent: dict[tuple[int, int], Decimal]
) -> list[Variance]:
    """The flagged partnerships, largest difference first, from figures already read: no query."""
    if not permissions.sees_portfolio(viewer):
        return []
    plans: dict[int, str] = {}
    planned_to_date: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for line in planned:
        if line.allocation_finished:
            continue
        plans[line.partnership_id] = line.partnership
        planned_to_date[line.partnership_id] += line.to_date
    spent_to_date: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for (partnership_id, _), amount in spent.items():
        spent_to_date[partnership_id] += amount
    flagged = [
        v
        for v in (
            Variance(pk, name, planned_to_date[pk], spent_to_date[pk]) for pk, name in plans.items()
        )
        if is_large(v)
    ]
    return sorted(flagged, key=lambda v: (-v.amount, v.partnership))


def large_variances_now(*, viewer, today: datetime.date) -> list[Variance]:
    """The same, reading the figures itself (two queries)."""
    return large_variances(
        viewer=viewer,
        planned=planned_by_partnership_theme(viewer=viewer, today=today),
        spent=spent_by_partnership_theme(viewer=viewer),
    )
