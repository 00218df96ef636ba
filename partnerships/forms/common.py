from django import forms


class DateInput(forms.DateInput):
    """A native date picker on phones; old browsers show a text box that takes 31/12/2026."""

    input_type = "date"

    def format_value(self, value):
        return value.isoformat() if hasattr(value, "isoformat") else value


def date_field(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DateInput,
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y"],
        error_messages={"invalid": "Enter a real date, for example 31/3/2026."},
        **kwargs,
    )


YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no_field(label: str, **kwargs) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": f"Answer yes or no: {label.lower()}"},
        **kwargs,
    )


def yes_no_initial(value: bool) -> str:
    return "yes" if value else "no"


class ConfirmForm(forms.Form):
    """A confirmation page's form: nothing to fill in, just the button."""


def confirm_form(request) -> ConfirmForm:
    return ConfirmForm(request.POST if request.method == "POST" else None)
