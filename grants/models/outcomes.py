"""Outcome indicators: a shared library of things partnerships measure, and the few each theme of
a plan carries, with a baseline, a target and a date. A plan's indicators are part of the plan:
a new version copies them (keeping each one's `lineage`, so values reported against an earlier
version continue the same line), and an endorsed version's indicators are never changed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models import F, Q

from .plans import SpendingPlan, Theme


class IndicatorUnit(models.TextChoices):
    """What an indicator's values count or score. Each unit has bounds (UNIT_BOUNDS) and says
    how values of many partnerships add up: counts are summed, scores averaged."""

    PEOPLE = "people", "people"
    VISITS = "visits", "visits a month"
    VOLUNTEERS = "volunteers", "volunteers"
    GROUPS = "groups", "groups"
    HOUSEHOLDS = "households", "households"
    HOURS = "hours", "hours"
    SCORE_0_10 = "score_0_10", "average score out of 10"
    PERCENT = "percent", "%"


@dataclass(frozen=True)
class UnitRule:
    minimum: Decimal
    maximum: Decimal
    whole_number: bool
    summed: bool  # False: averaged across partnerships (a score, a share)


UNIT_RULES: dict[str, UnitRule] = {
    IndicatorUnit.PEOPLE: UnitRule(Decimal(0), Decimal(1_000_000), True, True),
    IndicatorUnit.VISITS: UnitRule(Decimal(0), Decimal(1_000_000), True, True),
    IndicatorUnit.VOLUNTEERS: UnitRule(Decimal(0), Decimal(100_000), True, True),
    IndicatorUnit.GROUPS: UnitRule(Decimal(0), Decimal(10_000), True, True),
    IndicatorUnit.HOUSEHOLDS: UnitRule(Decimal(0), Decimal(1_000_000), True, True),
    IndicatorUnit.HOURS: UnitRule(Decimal(0), Decimal(10_000_000), False, True),
    IndicatorUnit.SCORE_0_10: UnitRule(Decimal(0), Decimal(10), False, False),
    IndicatorUnit.PERCENT: UnitRule(Decimal(0), Decimal(100), False, False),
}


class LibraryIndicator(models.Model):
    """One indicator of the shared library (managed rows, like themes): the same thing measured
    the same way by every partnership that chooses it, so the portfolio can add them up."""

    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200, unique=True)
    unit = models.CharField(max_length=12, choices=IndicatorUnit.choices)
    description = models.TextField(blank=True)
    # Tighter than the unit's bounds when the measure needs it; null means the unit's.
    minimum = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    maximum = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    # Personal wellbeing on the ONS four questions: the social value page values it in WELLBYs.
    is_wellbeing = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PlanIndicator(models.Model):
    """An indicator a plan version carries for one of its themes: from the library, or written by
    the partnership (its own name and unit)."""

    plan = models.ForeignKey(SpendingPlan, on_delete=models.CASCADE, related_name="indicators")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="+")
    library = models.ForeignKey(
        LibraryIndicator, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=12, choices=IndicatorUnit.choices)
    baseline = models.DecimalField(max_digits=12, decimal_places=2)
    target = models.DecimalField(max_digits=12, decimal_places=2)
    target_on = models.DateField("target date")
    # The same indicator across plan versions: copied with it, so the trend continues.
    lineage = models.CharField(max_length=32)

    class Meta:
        ordering = ["theme__name", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "lineage"], name="plan_indicator_lineage"),
            models.CheckConstraint(
                name="plan_indicator_not_negative",
                condition=Q(baseline__gte=0) & Q(target__gte=0),
            ),
            models.CheckConstraint(
                name="plan_indicator_target_differs", condition=~Q(target=F("baseline"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_unit_display()})"

    @property
    def bounds(self) -> tuple[Decimal, Decimal]:
        rule = UNIT_RULES[self.unit]
        low, high = rule.minimum, rule.maximum
        if self.library is not None:
            low = self.library.minimum if self.library.minimum is not None else low
            high = self.library.maximum if self.library.maximum is not None else high
        return low, high

    @property
    def whole_number(self) -> bool:
        return UNIT_RULES[self.unit].whole_number
