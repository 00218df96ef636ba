"""Query-string filters for the API with the bounds the database and the calendar can hold, so a
bad value is a 400 that names the parameter, never a 500 (SQLite's and PostgreSQL's integers
overflow, and a year outside 1 to 9999 is not a date). The schema states the bounds too."""

from __future__ import annotations

from django import forms
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field

# PostgreSQL's bigint: an id beyond it fails in the database, not in the filter.
ID_MAX = 2**63 - 1


class _BoundedIntegerFilter(filters.NumberFilter):
    """A whole number from LOWEST to HIGHEST; `parameter` names it in the error messages."""

    field_class = forms.IntegerField
    LOWEST, HIGHEST = 1, ID_MAX

    def __init__(self, *args, parameter: str | None = None, **kwargs):
        low = kwargs.setdefault("min_value", self.LOWEST)
        high = kwargs.setdefault("max_value", self.HIGHEST)
        name = parameter or "This parameter"
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": f"{name} must be a whole number.",
                "min_value": f"{name} must be at least {low}.",
                "max_value": f"{name} must be at most {high}.",
            },
        )
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": ID_MAX})
class IdFilter(_BoundedIntegerFilter):
    """An object's id."""


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 10})
class DecileFilter(_BoundedIntegerFilter):
    """A decile: 1 (most deprived, or highest need) to 10."""

    HIGHEST = 10


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 9999})
class YearFilter(_BoundedIntegerFilter):
    """A calendar year."""

    HIGHEST = 9999

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("parameter", "year")
        super().__init__(*args, **kwargs)


def whole_number(value, *, high: int = ID_MAX) -> int | None:
    """A whole number typed into a query string or a form's hidden choice, or None: ASCII digits
    only (str.isdecimal() also admits other scripts' digits, which int() reads, and str.isdigit()
    admits "²", which int() refuses), from 0 to `high` (an id past bigint fails in the database,
    not here)."""
    text = str(value or "").strip()
    if not (text.isascii() and text.isdecimal()):
        return None
    number = int(text)
    return number if number <= high else None
