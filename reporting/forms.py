from django import forms

from cwf.core.forms import date_field

from .assumptions import Definition
from .models import BoardPack


class AssumptionForm(forms.Form):
    """A new value for one assumption. The value is checked by the service, which names the
    assumption and its bounds when it refuses one."""

    value = forms.CharField(max_length=30)
    source = forms.CharField(
        label="Source or citation",
        widget=forms.Textarea,
        help_text="Where the value comes from: a report and its date, or who decided it.",
        error_messages={"required": "Say where the value comes from."},
    )
    effective_on = date_field("In force from", what="the date it is in force from")
    note = forms.CharField(label="Why it changed", widget=forms.Textarea, required=False)

    def __init__(self, *args, definition: Definition, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["value"]
        field.label = f"{definition.label} ({definition.unit_label})"
        field.help_text = (
            f"{definition.help} Between {definition.minimum.normalize():f} and "
            f"{definition.maximum.normalize():f}."
        )
        field.error_messages["required"] = f"Enter the {definition.label.lower()}."
        field.widget.attrs.update(inputmode="decimal")


class BoardPackForm(forms.Form):
    kind = forms.ChoiceField(
        label="Format",
        choices=BoardPack.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a format: PDF, spreadsheet or CSV."},
    )
