"""What changed between two versions of a spending plan, by theme and year."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from cwf.core.money import ZERO

from ..models import SpendingPlan


@dataclass(frozen=True)
class DiffRow:
    theme: str
    year: int
    before: Decimal
    after: Decimal

    @property
    def change(self) -> Decimal:
        return self.after - self.before


def plan_diff(old: SpendingPlan | None, new: SpendingPlan) -> dict[str, list[DiffRow]]:
    """What changed between two versions, by theme and year: the costed vision and the action
    plan's budgets. Unchanged cells are left out."""

    def cells(plan, kind):
        if plan is None:
            return {}
        out: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
        lines = plan.vision_lines.all() if kind == "vision" else plan.action_lines.all()
        for line in lines:
            out[(line.theme.name, line.year)] += line.amount if kind == "vision" else line.budget
        return out

    result = {}
    for kind in ("vision", "actions"):
        before, after = cells(old, kind), cells(new, kind)
        result[kind] = [
            DiffRow(theme, year, before.get((theme, year), ZERO), after.get((theme, year), ZERO))
            for theme, year in sorted(set(before) | set(after), key=lambda k: (k[1], k[0]))
            if before.get((theme, year), ZERO) != after.get((theme, year), ZERO)
        ]
    return result
