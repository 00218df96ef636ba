"""The kernel's form pieces, for every app: GOV.UK error messages and the three-field date input.

Why hand-written, not a library (decided for issue 15): `govuk-frontend-django` (0.22, Django
5.2, GOV.UK Frontend 6) renders components from Jinja macros through template tags; it binds no
Django form, so every field's value, error and error class would still be wired by hand, and it
brings Jinja and a second template language. `crispy-forms-gds` (2.0.1) declares Django 5.0/5.1
and GOV.UK Frontend 5 only, and pins django-crispy-forms < 2.4. `django-govuk-forms` was last
released in 2018. What we need is small: one field template (`includes/field.html`), one bound
field that knows its error and hint ids, and one date field."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

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


DJANGO_REQUIRED = str(forms.Field.default_error_messages["required"])
# The widget attributes a phone or a password manager reads; placeholders are left out on purpose
# (GOV.UK: a placeholder is not a label and vanishes as you type).
# `lang` and `dir` mark text typed in another language (participation's translations).
PASSED_ATTRS = ("autocomplete", "inputmode", "spellcheck", "autocapitalize", "lang", "dir")


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a service's refusal on the form: on its field when it names one, else at the top."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


DETERMINERS = {"the", "a", "an", "your", "their", "its", "any", "who", "what", "when", "where",
               "why", "how", "which", "whether", "if"}  # fmt: skip


def noun(label: str) -> str:
    """A label as the object of a sentence: 'Who was paid' -> 'who was paid', 'Role' -> 'the
    role'; an acronym ('LTO') keeps its capitals."""
    label = str(label).strip().rstrip("?:.").strip()
    first_word = re.sub(r"[^A-Za-z]", "", label.split(" ", 1)[0])
    if not (len(first_word) > 1 and first_word.isupper()):
        label = label[:1].lower() + label[1:]
    first = label.split(" ", 1)[0].lower()
    return label if first in DETERMINERS else f"the {label}"


def required_message(field: forms.Field, label: str) -> str:
    """GOV.UK: say what to do. 'Select' for a choice, 'Enter' for something typed."""
    widget = field.widget
    if isinstance(widget, forms.Select | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"Select {noun(label)}"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return f"Choose a file: {noun(label)}"
    if isinstance(widget, forms.CheckboxInput):
        return f"Tick the box if {noun(label)}"
    return f"Enter {noun(label)}"


class GovukBoundField(BoundField):
    """A field as the shared template (`includes/field.html`) renders it: ids for its hint and
    error (read with the field through aria-describedby), the id the error summary links to, and
    Django's generic 'This field is required.' replaced by a message that says what to do."""

    @property
    def errors(self):
        errors = super().errors
        if any(str(e) == DJANGO_REQUIRED for e in errors):
            errors = self.form.error_class(
                [required_message(self.field, self.label) if str(e) == DJANGO_REQUIRED else e
                 for e in errors],
                renderer=self.form.renderer,
            )  # fmt: skip
        return errors

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}-error"

    @property
    def described_by(self) -> str:
        ids = [self.hint_id] if self.help_text else []
        if self.errors:
            ids.append(self.error_id)
        return " ".join(ids)

    @property
    def anchor(self) -> str:
        """The id of the first thing to type in or choose, for the error summary's link."""
        if isinstance(self.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            return f"{self.auto_id}_0"
        if isinstance(self.field.widget, DateWidget):
            return f"{self.auto_id}_{DateWidget.PARTS[0]}"
        return self.id_for_label

    @property
    def input_attrs(self) -> SafeString:
        attrs = {k: v for k, v in self.field.widget.attrs.items() if k in PASSED_ATTRS}
        if attrs.get("autocomplete") == "one-time-code":
            attrs.setdefault("inputmode", "numeric")
            attrs.setdefault("spellcheck", "false")
        return format_html_join("", ' {}="{}"', attrs.items())

    @property
    def date_parts(self) -> list[dict]:
        """The day, month and year inputs of a date field, each marked when it is at fault."""
        values = self.field.widget.parts_of(self.value())
        wrong = self.field.parts_at_fault(values) if self.errors else set()
        return [
            {
                "name": f"{self.html_name}_{part}",
                "id": f"{self.auto_id}_{part}",
                "label": part.capitalize(),
                "value": value,
                "width": 4 if part == "year" else 2,
                "error": part in wrong,
            }
            for part, value in zip(DateWidget.PARTS, values, strict=True)
        ]


class GovukRenderer(DjangoTemplates):
    """settings.FORM_RENDERER: every form in the project, allauth's too, gets GovukBoundField."""

    bound_field_class = GovukBoundField


# --- The date input ------------------------------------------------------------------------------


class DateWidget(forms.Widget):
    """GOV.UK's date input: day, month and year as three text boxes (`<name>_day`, ...). A single
    `<name>` value (2026-04-01 or 1/4/2026), as older pages and scripts post, is read too."""

    PARTS = ("day", "month", "year")
    template_name = "includes/date_widget.html"  # for {{ field }}; pages use field.html

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["parts"] = zip(self.PARTS, self.parts_of(value), strict=True)
        return context

    def value_from_datadict(self, data, files, name):
        parts = [str(data.get(f"{name}_{part}", "")).strip() for part in self.PARTS]
        if not any(parts) and data.get(name):
            return str(data.get(name)).strip()
        return parts

    def value_omitted_from_data(self, data, files, name):
        return name not in data and not any(f"{name}_{p}" in data for p in self.PARTS)

    @classmethod
    def parts_of(cls, value) -> list[str]:
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        if isinstance(value, list | tuple):
            return [str(v or "") for v in value][:3] + [""] * (3 - len(value))
        if isinstance(value, str) and value:
            parsed = _parse_single(value)
            return cls.parts_of(parsed) if parsed else ["", "", ""]
        return ["", "", ""]


def _parse_single(value: str) -> datetime.date | None:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


class GovukDateField(forms.Field):
    """A date typed as day, month and year, with GOV.UK's messages: 'Enter the date of the
    spend', '... must include a month', '... must be a real date'. `what` is the date as the
    object of a sentence ('the date of the spend'); it defaults to 'the ' and the label."""

    widget = DateWidget

    def __init__(self, *, what: str = "", **kwargs):
        super().__init__(**kwargs)
        self.what = what or noun(self.label or "date")
        if self.error_messages["required"] == DJANGO_REQUIRED:
            self.error_messages["required"] = f"Enter {self.what}"

    def prepare_value(self, value):
        return value

    @staticmethod
    def _numbers(parts) -> list[int | None]:
        return [int(p) if re.fullmatch(r"\d{1,4}", p or "") else None for p in parts]

    def parts_at_fault(self, parts) -> set[str]:
        """Which of day, month and year to mark, as GOV.UK does: the missing or wrong ones, or
        all three when the date as a whole is not real."""
        parts = DateWidget.parts_of(parts)
        if not any(parts):
            return set(DateWidget.PARTS)
        numbers = self._numbers(parts)
        missing = {p for p, n in zip(DateWidget.PARTS, numbers, strict=True) if n is None}
        if not missing and len(parts[2]) != 4:
            missing = {"year"}
        return missing or set(DateWidget.PARTS)

    def to_python(self, value) -> datetime.date | None:
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            if not value:
                return None
            parsed = _parse_single(value)
            if parsed is None:
                raise forms.ValidationError(f"{self._subject()} must be a real date", "invalid")
            return parsed
        parts = DateWidget.parts_of(value)
        if not any(parts):
            return None
        numbers = self._numbers(parts)
        missing = [p for p, n in zip(DateWidget.PARTS, numbers, strict=True) if n is None]
        if missing and all(parts[DateWidget.PARTS.index(p)] == "" for p in missing):
            raise forms.ValidationError(
                f"{self._subject()} must include a {' and '.join(missing)}", "incomplete"
            )
        if missing:
            raise forms.ValidationError(f"{self._subject()} must be a real date", "invalid")
        day, month, year = numbers
        if len(parts[2]) != 4:
            raise forms.ValidationError("Year must include 4 numbers", "year")
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise forms.ValidationError(
                f"{self._subject()} must be a real date", "invalid"
            ) from None

    def _subject(self) -> str:
        return self.what[0].upper() + self.what[1:]

    def has_changed(self, initial, data) -> bool:
        try:
            return self.to_python(data) != initial
        except forms.ValidationError:
            return True


def date_from_query(query, name: str) -> datetime.date | None:
    """A date typed into a list's filter (`<name>_day`, ...): None when empty or unreadable,
    since a filter ignores what it cannot read rather than showing an error page."""
    try:
        return GovukDateField(required=False).clean(
            DateWidget().value_from_datadict(query, None, name)
        )
    except forms.ValidationError:
        return None


def date_field(label: str, *, what: str = "", help_text: str = "", **kwargs) -> GovukDateField:
    """The one date field of every form. The hint is the GOV.UK one, with a date near today."""
    example = "For example, 27 3 2026"
    hint = f"{help_text.rstrip('.')}. {example}." if help_text else example
    return GovukDateField(label=label, what=what, help_text=hint, **kwargs)
