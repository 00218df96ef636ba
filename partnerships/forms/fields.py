"""The partnership forms' own fields: yes-or-no radios, and the confirmation form (dates use
the kernel's `cwf.core.forms.date_field`)."""

from django import forms

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
