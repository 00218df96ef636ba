"""The plan's outcome indicators form: shape only; the service decides."""

from __future__ import annotations

from django import forms

from cwf.core.forms import date_field

from .models import IndicatorUnit, LibraryIndicator, Theme


class IndicatorForm(forms.Form):
    theme = forms.ModelChoiceField(
        label="Theme", queryset=Theme.objects.filter(is_active=True), empty_label="Choose a theme"
    )
    library = forms.ModelChoiceField(
        label="An indicator from the shared library",
        queryset=LibraryIndicator.objects.filter(is_active=True),
        required=False,
        empty_label="None: we will name our own",
        help_text="Library indicators are added up across the fund, so choose one if it fits.",
    )
    name = forms.CharField(
        label="Or name your own indicator", max_length=200, required=False,
        help_text="Only if none in the library fits.",
    )  # fmt: skip
    unit = forms.ChoiceField(
        label="Its unit (for your own indicator)",
        choices=[("", "Choose a unit"), *IndicatorUnit.choices],
        required=False,
    )
    baseline = forms.CharField(
        label="Baseline", max_length=20, help_text="Where it stands now, in its unit."
    )
    target = forms.CharField(label="Target", max_length=20)
    target_on = date_field("Target date", what="target date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("baseline", "target"):
            self.fields[name].widget.attrs.update(
                {"inputmode": "decimal", "class": "govuk-input--width-10"}
            )
