from django import forms

from .errors import DomainError
from .money import money


class MoneyField(forms.CharField):
    """The one form field for an amount of money: text (so "£1,250.00" is accepted as typed),
    parsed by cwf.core.money.money, whose refusal (format, pence, bounds, zero, negative) is the
    field's error. `cleaned_data` holds a Decimal, or None when the field is empty and optional.
    The services parse again with the same function, so a form and an API or CSV input are held
    to the same rules."""

    def __init__(
        self, *, allow_zero: bool = False, allow_negative: bool = False, name: str = "", **kwargs
    ):
        """`name`: how the error messages call the field ("the amount"); its label by default."""
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)
        self.allow_zero, self.allow_negative, self.name = allow_zero, allow_negative, name

    def clean(self, value):
        text = super().clean(value)
        if text in (None, ""):
            return None
        try:
            return money(
                text, field="amount", label=self.name or str(self.label or "amount").lower(),
                allow_zero=self.allow_zero, allow_negative=self.allow_negative,
            )  # fmt: skip
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from None


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a service's refusal on the form: on its field when it names one, else at the top."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
