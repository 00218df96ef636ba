"""The assumptions in force, for the forecast and the social value estimate: one query."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from cwf.accounts import permissions

from ..assumptions import BENEFIT_KEYS, DEFINITIONS, AssumptionKey, Definition, Unit
from ..forecast import StressCase
from ..models import Assumption
from ..services.assumptions import DEFAULTS_FROM
from ..social_value import Category, SocialValueAssumptions

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class AssumptionInForce:
    definition: Definition
    value: Decimal
    source: str
    effective_on: datetime.date
    changed_by: object  # a User, or None for a default
    row: Assumption | None  # None when no value has been recorded: the catalogue default

    @property
    def key(self) -> str:
        return self.definition.key

    @property
    def is_default(self) -> bool:
        return self.row is None or self.changed_by is None

    @property
    def display(self) -> str:
        value = self.value.normalize()
        unit = self.definition.unit
        if unit in (Unit.PERCENT, Unit.SHARE):
            return f"{value:f}%"
        if unit == Unit.POINTS:
            return f"{value:f} point{'s' * (value != 1)}"
        if unit == Unit.GBP_PER_MILLION:
            return f"£{self.value:,.0f} per £1m"
        return f"{value:f} years"

    @property
    def fraction(self) -> Decimal:
        """A percentage (or points) as a fraction: 3.5 -> 0.035."""
        return self.value / HUNDRED


class Assumptions(dict):
    """key -> AssumptionInForce, with the forecast's and social value's inputs built from them."""

    def of(self, key: str) -> AssumptionInForce:
        return self[key]

    def group(self, group: str) -> list[AssumptionInForce]:
        return [a for a in self.values() if a.definition.group == group]

    @property
    def forecast_group(self) -> list[AssumptionInForce]:
        return self.group("forecast")

    @property
    def social_value_group(self) -> list[AssumptionInForce]:
        return self.group("social_value")

    @property
    def return_rate(self) -> Decimal:
        return self[AssumptionKey.INVESTMENT_RETURN].fraction

    @property
    def running_cost_rate(self) -> Decimal:
        return self[AssumptionKey.RUNNING_COSTS].fraction

    def stress_cases(self) -> list[StressCase]:
        small = self[AssumptionKey.STRESS_RETURN_DROP_SMALL]
        large = self[AssumptionKey.STRESS_RETURN_DROP_LARGE]
        fall = self[AssumptionKey.STRESS_CAPITAL_FALL]
        assumed = self[AssumptionKey.INVESTMENT_RETURN].display
        return [
            StressCase(
                f"Return {small.display} lower",
                f"The return is {small.display} below the assumed {assumed}.",
                return_drop=small.fraction,
            ),
            StressCase(
                f"Return {large.display} lower",
                f"The return is {large.display} below the assumed {assumed}.",
                return_drop=large.fraction,
            ),
            StressCase(
                f"Capital falls {fall.display}",
                f"The endowment loses {fall.display} of its value at the start of the first year.",
                capital_fall=fall.fraction,
            ),
        ]

    def social_value(self) -> SocialValueAssumptions:
        return SocialValueAssumptions(
            categories=tuple(
                Category(
                    key=key,
                    label=self[key].definition.label.removesuffix(" benefit"),
                    per_million=self[key].value,
                    fiscal=key == AssumptionKey.FISCAL,
                )
                for key in BENEFIT_KEYS
            ),
            years=int(self[AssumptionKey.BENEFIT_YEARS].value),
            discount_rate=self[AssumptionKey.DISCOUNT_RATE].fraction,
        )


def assumptions_in_force(*, on: datetime.date | None = None) -> Assumptions:
    """The value of every assumption on day `on` (today by default): the latest row in force,
    or the catalogue default while none is. One query. Not scoped: assumptions are published
    with every forecast; the pages that show them are for fund-wide roles."""
    on = on or timezone.localdate()
    latest: dict[str, Assumption] = {}
    rows = Assumption.objects.filter(effective_on__lte=on).select_related("changed_by")
    for row in rows.order_by("key", "-effective_on", "-pk"):
        latest.setdefault(row.key, row)
    out = Assumptions()
    for key, definition in DEFINITIONS.items():
        row = latest.get(key)
        out[key] = (
            AssumptionInForce(
                definition, row.value, row.source, row.effective_on, row.changed_by, row
            )
            if row
            else AssumptionInForce(
                definition, definition.default, definition.default_source, DEFAULTS_FROM, None, None
            )
        )
    return out


def assumption_history(*, viewer, key: str | None = None) -> QuerySet[Assumption]:
    """Every value an assumption (or every assumption) has had, newest first; fund-wide roles
    only."""
    if not permissions.sees_portfolio(viewer):
        return Assumption.objects.none()
    qs = Assumption.objects.select_related("changed_by")
    return qs if key is None else qs.filter(key=key)
