"""Number filters for the API with the bounds the database can hold, so a filter value out of
range is a 400 that says so, never a 500 (SQLite's and PostgreSQL's integers overflow, and a
year outside 1 to 9999 is not a date)."""

from django import forms
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field

BIGGEST_ID = 2**63 - 1


class _BoundedIntegerFilter(filters.NumberFilter):
    """A whole number from LOWEST to HIGHEST, said so in the schema too."""

    field_class = forms.IntegerField
    LOWEST, HIGHEST = 1, BIGGEST_ID

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", self.LOWEST)
        kwargs.setdefault("max_value", self.HIGHEST)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": BIGGEST_ID})
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


def decile_filter(**kwargs) -> DecileFilter:
    return DecileFilter(**kwargs)


def year_filter(**kwargs) -> YearFilter:
    return YearFilter(**kwargs)
