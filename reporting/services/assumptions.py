"""Recording a new value of an assumption. Values are never edited: each change is a new dated
row with its source, so the history stays and the value in force on any day can be told."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from cwf.accounts import permissions
from cwf.core.dates import display_date
from cwf.core.errors import DomainError, ScopeError

from ..assumptions import DEFINITIONS, Definition, Unit
from ..models import Assumption

# The earliest day a value can be dated from: defaults are recorded from this day.
DEFAULTS_FROM = datetime.date(2025, 1, 1)


def _figure(value: Decimal, definition: Definition) -> str:
    text = f"{value.normalize():f}"
    if definition.unit in (Unit.PERCENT, Unit.SHARE):
        return f"{text}%"
    if definition.unit == Unit.POINTS:
        return f"{text} point{'s' * (value != 1)}"
    if definition.unit == Unit.GBP_PER_MILLION:
        return f"£{value:,.0f}"
    return f"{text} year{'s' * (value != 1)}"


def clean_value(definition: Definition, raw) -> Decimal:
    """The value as a Decimal within its bounds, or a DomainError naming the assumption."""
    name = definition.label.lower()
    if isinstance(raw, float):
        raise DomainError(f"Give the {name} as an exact number.", field="value")
    try:
        value = Decimal(str(raw).replace(",", "").replace("%", "").replace("£", "").strip())
    except (InvalidOperation, ValueError):
        raise DomainError(f"Enter the {name} as a number, like 3.5.", field="value") from None
    if not value.is_finite():
        raise DomainError(f"Enter the {name} as a number, like 3.5.", field="value")
    if value < 0:
        raise DomainError(f"The {name} cannot be negative.", field="value")
    if not definition.minimum <= value <= definition.maximum:
        low, high = _figure(definition.minimum, definition), _figure(definition.maximum, definition)
        raise DomainError(
            f"The {name} must be between {low} and {high}: {_figure(value, definition)} is not "
            "a believable value.",
            field="value",
        )
    if definition.whole_number and value != value.to_integral_value():
        raise DomainError(f"The {name} must be a whole number of years.", field="value")
    if value != value.quantize(Decimal("0.0001")):
        raise DomainError(f"Give the {name} to at most four decimal places.", field="value")
    return value


def assumption_set(
    *,
    actor,
    key: str,
    value,
    source: str,
    effective_on: datetime.date,
    note: str = "",
) -> Assumption:
    """Record a new value of assumption `key`, in force from `effective_on`. Officers only."""
    if not permissions.can_write_fund(actor):
        raise ScopeError("Only fund officers can change the assumptions.")
    definition = DEFINITIONS.get(key)
    if definition is None:
        raise DomainError(f"There is no assumption called '{key}'.", field="key")
    cleaned = clean_value(definition, value)
    source = (source or "").strip()
    if not source:
        raise DomainError(
            "Say where the value comes from: a citation, a report, or who decided it.",
            field="source",
        )
    today = timezone.localdate()
    if effective_on < DEFAULTS_FROM or effective_on > today.replace(year=today.year + 5):
        raise DomainError(
            f"The date must be between {display_date(DEFAULTS_FROM)} and five years from today.",
            field="effective_on",
        )
    with transaction.atomic():
        return Assumption.objects.create(
            key=key,
            value=cleaned,
            source=source,
            effective_on=effective_on,
            note=(note or "").strip(),
            changed_by=actor,
        )


def assumptions_ensure_defaults() -> list[Assumption]:
    """Record the catalogue's default for every assumption that has no value yet, so the history
    starts with a row that names its source. Safe to run any number of times."""
    with transaction.atomic():
        present = set(Assumption.objects.values_list("key", flat=True).distinct())
        missing = [d for d in DEFINITIONS.values() if d.key not in present]
        return Assumption.objects.bulk_create(
            Assumption(
                key=d.key,
                value=d.default,
                source=d.default_source,
                effective_on=DEFAULTS_FROM,
                note="The default the system started with.",
            )
            for d in missing
        )
