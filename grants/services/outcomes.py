"""Outcome indicators in a plan: the shared library, and the few indicators each theme of a plan
carries. Only the partnership's chair changes them, and only while the plan is editable, so an
endorsed version's indicators are frozen (plan_draft_start copies them into the next version)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction

from cwf.accounts.permissions import require_chair
from cwf.core.errors import DomainError

from ..models import (
    UNIT_RULES,
    IndicatorUnit,
    LibraryIndicator,
    PlanIndicator,
    SpendingPlan,
    Theme,
)

U = IndicatorUnit
# The shared library: (key, name, unit, description, is_wellbeing).
LIBRARY = [
    ("space-users", "People using a community space each month", U.PEOPLE,
     "Different people who used the space in the month (count each person once).", False),
    ("volunteers", "Volunteers active in the quarter", U.VOLUNTEERS,
     "People who gave their time unpaid at least once in the quarter.", False),
    ("groups-started", "Community groups started", U.GROUPS,
     "New groups meeting regularly, started since the plan began.", False),
    ("young-people", "Young people in regular activities", U.PEOPLE,
     "People aged 11 to 25 who took part in an activity at least monthly.", False),
    ("energy-households", "Households helped with energy bills", U.HOUSEHOLDS,
     "Households given advice, vouchers or repairs that lower their energy bills.", False),
    ("ons4-life-satisfaction", "Personal wellbeing: life satisfaction (ONS4)", U.SCORE_0_10,
     "The average answer, 0 to 10, to the ONS question 'Overall, how satisfied are you with "
     "your life nowadays?' among the people taking part.", True),
    ("people-trained", "People who completed training", U.PEOPLE,
     "People who finished a course or training in skills for work or life.", False),
]  # fmt: skip
MAX_PER_THEME = 5


def library_ensure() -> list[LibraryIndicator]:
    """The library's default indicators; safe to run any number of times (the demo and tests
    call it). Officers may add more in the admin."""
    for key, name, unit, description, wellbeing in LIBRARY:
        LibraryIndicator.objects.get_or_create(
            key=key,
            defaults={
                "name": name,
                "unit": unit,
                "description": description,
                "is_wellbeing": wellbeing,
            },
        )
    return list(LibraryIndicator.objects.filter(is_active=True))


def indicator_number(
    raw, *, field: str, label: str, unit: str, bounds: tuple[Decimal, Decimal] | None = None
) -> Decimal:
    """A value typed for an indicator: a number in its unit, within its bounds, or a DomainError
    naming the field and saying what would be accepted."""
    rule = UNIT_RULES[unit]
    low, high = bounds or (rule.minimum, rule.maximum)
    text = str(raw if raw is not None else "").strip().replace(",", "")
    unit_label = IndicatorUnit(unit).label
    if not text:
        raise DomainError(f"Enter the {label}", field=field)
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise DomainError(f"The {label} must be a number, in {unit_label}", field=field)
    if rule.whole_number and value != value.to_integral_value():
        raise DomainError(f"The {label} must be a whole number of {unit_label}", field=field)
    if value < low or value > high:
        raise DomainError(
            f"The {label} must be between {low.normalize():f} and {high.normalize():f} "
            f"{unit_label}",
            field=field,
        )
    return value.quantize(Decimal("0.01"))


def plan_indicator_add(
    *,
    plan_id: int,
    actor,
    theme_id: int,
    library_id: int | None = None,
    name: str = "",
    unit: str = "",
    baseline,
    target,
    target_on: date,
) -> PlanIndicator:
    """Add an indicator to a theme of a draft plan: from the library (its name and unit), or the
    partnership's own (a name and a unit from the list)."""
    with transaction.atomic():
        plan = SpendingPlan.objects.select_for_update().get(pk=plan_id)  # one editor at a time
        require_chair(actor, plan.partnership_id, to="change the plan's outcome indicators")
        if not plan.is_editable:
            raise DomainError(
                f"This plan is {plan.get_status_display().lower()}: its indicators cannot change."
            )
        if not Theme.objects.filter(pk=theme_id, is_active=True).exists():
            raise DomainError("Choose a theme from the list.", field="theme")
        library = None
        if library_id:
            library = LibraryIndicator.objects.filter(pk=library_id, is_active=True).first()
            if library is None:
                raise DomainError("Choose an indicator from the library.", field="library")
            name, unit = library.name, library.unit
        else:
            name = (name or "").strip()
            if not name:
                raise DomainError(
                    "Choose an indicator from the library, or name your own.", field="name"
                )
            if unit not in IndicatorUnit.values:
                raise DomainError("Choose the unit your indicator is measured in.", field="unit")
        if plan.indicators.filter(theme_id=theme_id).count() >= MAX_PER_THEME:
            raise DomainError(
                f"A theme carries at most {MAX_PER_THEME} indicators: choose the few that matter.",
                field="theme",
            )
        if plan.indicators.filter(theme_id=theme_id, name=name).exists():
            raise DomainError("This theme already has that indicator.", field="name")
        bounds = None
        if library is not None and (library.minimum is not None or library.maximum is not None):
            rule = UNIT_RULES[unit]
            bounds = (
                library.minimum if library.minimum is not None else rule.minimum,
                library.maximum if library.maximum is not None else rule.maximum,
            )
        base = indicator_number(
            baseline, field="baseline", label="baseline", unit=unit, bounds=bounds
        )
        goal = indicator_number(target, field="target", label="target", unit=unit, bounds=bounds)
        if base == goal:
            raise DomainError("The target must differ from the baseline.", field="target")
        if target_on is None or target_on <= plan.allocation.starts_on:
            raise DomainError(
                "The target date must be after the allocation starts.", field="target_on"
            )
        return PlanIndicator.objects.create(
            plan=plan,
            theme_id=theme_id,
            library=library,
            name=name,
            unit=unit,
            baseline=base,
            target=goal,
            target_on=target_on,
            lineage=uuid.uuid4().hex,
        )


def plan_indicator_remove(*, indicator_id: int, actor) -> None:
    with transaction.atomic():
        indicator = PlanIndicator.objects.select_related("plan").get(pk=indicator_id)
        plan = SpendingPlan.objects.select_for_update().get(pk=indicator.plan_id)
        require_chair(actor, plan.partnership_id, to="change the plan's outcome indicators")
        if not plan.is_editable:
            raise DomainError(
                f"This plan is {plan.get_status_display().lower()}: its indicators cannot change."
            )
        if indicator.values.exists():
            raise DomainError(
                "Values have been reported for this indicator, so it stays in the plan."
            )
        indicator.delete()


def plan_indicators_copy(*, source: SpendingPlan, plan: SpendingPlan) -> None:
    """A new version carries the plan in force's indicators, each keeping its lineage."""
    PlanIndicator.objects.bulk_create(
        PlanIndicator(
            plan=plan,
            theme_id=i.theme_id,
            library_id=i.library_id,
            name=i.name,
            unit=i.unit,
            baseline=i.baseline,
            target=i.target,
            target_on=i.target_on,
            lineage=i.lineage,
        )
        for i in source.indicators.all()
    )
