"""Query-string filters for the API whose bad values are a 400 naming the parameter, never a
500: whole numbers only, within what the database and the calendar can hold."""

from __future__ import annotations

from django import forms
from django_filters import rest_framework as filters

# PostgreSQL's bigint: an id beyond it fails in the database, not in the filter.
ID_MAX = 2**63 - 1


class IdFilter(filters.NumberFilter):
    """An id (or a count, a decile): a whole number from 1 to ID_MAX."""

    field_class = forms.IntegerField

    def __init__(self, *args, min_value: int = 1, max_value: int = ID_MAX, **kwargs):
        name = kwargs.pop("parameter", None)
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": f"{name or 'This parameter'} must be a whole number.",
                "min_value": f"{name or 'This parameter'} must be at least {min_value}.",
                "max_value": f"{name or 'This parameter'} must be at most {max_value}.",
            },
        )
        super().__init__(*args, min_value=min_value, max_value=max_value, **kwargs)


class YearFilter(IdFilter):
    """A calendar year, 1 to 9999: the years a date can have."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("parameter", "year")
        super().__init__(*args, min_value=1, max_value=9999, **kwargs)
