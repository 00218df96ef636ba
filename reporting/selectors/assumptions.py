"""The assumptions in force, for the forecast and the social value estimate: one query."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from cwf.accounts import permissions

from ..assumptions import BENEFIT_KEYS, DEFINITIONS, AssumptionKey, Definition, Unit
from ..forecast import (
    Rates,
    StressPath,
    fall_and_recovery_path,
    inflation_shock_path,
    lost_decade_path,
    lower_return_path,
)
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

    @property
    def inflation(self) -> Decimal:
        return self[AssumptionKey.INFLATION].fraction

    @property
    def volatility(self) -> Decimal:
        return self[AssumptionKey.VOLATILITY].fraction

    @property
    def assumed_rates(self) -> Rates:
        return Rates(self.return_rate, self.inflation)

    def _years(self, key: str) -> int:
        return int(self[key].value)

    def stress_paths(self) -> list[StressPath]:
        """The stress paths, each built from the assumptions in force, in the order shown."""
        a, assumed = AssumptionKey, self.assumed_rates
        small, large = self[a.STRESS_RETURN_DROP_SMALL], self[a.STRESS_RETURN_DROP_LARGE]
        fall, recovery = self[a.STRESS_CAPITAL_FALL], self._years(a.STRESS_RECOVERY_YEARS)
        decade = self._years(a.STRESS_LOST_DECADE_YEARS)
        shock, shock_years = (
            self[a.STRESS_INFLATION_SHOCK],
            self._years(a.STRESS_INFLATION_SHOCK_YEARS),
        )
        real, inflation = self[a.INVESTMENT_RETURN].display, self[a.INFLATION].display
        recovers = (
            f"then recovers over {_years(recovery)}, to where a {real} real return would have "
            "taken it"
            if recovery
            else "and never recovers"
        )
        return [
            lower_return_path(
                "lower_return_small",
                f"Return {small.display} lower",
                f"Every year the real return is {small.display} below the assumed {real}.",
                drop=small.fraction,
                assumed=assumed,
                short="Return lower",
            ),
            lower_return_path(
                "lower_return_large",
                f"Return {large.display} lower",
                f"Every year the real return is {large.display} below the assumed {real}.",
                drop=large.fraction,
                assumed=assumed,
                short="Return much lower",
            ),
            fall_and_recovery_path(
                "fall",
                f"Value falls {fall.display}"
                + (f", recovers over {_years(recovery)}" if recovery else ", never recovers"),
                f"The endowment loses {fall.display} of its value at the start of the first year, "
                f"{recovers}.",
                fall=fall.fraction,
                years=recovery,
                assumed=assumed,
                short="Fall and recovery",
            ),
            lost_decade_path(
                "lost_decade",
                f"No real return for {_years(decade)}",
                f"For {_years(decade)} from now the endowment earns no real return: its cash "
                f"return only matches inflation ({inflation}). Then the assumed {real}.",
                years=decade,
                assumed=assumed,
                short="Lost decade",
            ),
            inflation_shock_path(
                "inflation_shock",
                f"Inflation of {shock.display} for {_years(shock_years)}",
                f"Prices rise {shock.display} a year for {_years(shock_years)} from now while cash "
                f"returns stay where a {real} real return and {inflation} inflation put them, "
                "so the real return falls below zero. Grants are fixed in pounds, so they cost "
                "less in today's pounds.",
                inflation=shock.fraction,
                years=shock_years,
                assumed=assumed,
                short="Inflation shock",
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


def _years(count: int) -> str:
    return f"{count} year{'s' * (count != 1)}"


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
