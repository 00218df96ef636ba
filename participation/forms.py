"""GOV.UK forms for residents (public) and the partnership."""

from __future__ import annotations

from django import forms

from cwf.core.forms import MoneyField, date_field
from grants.models import Theme

from .models import LANGUAGES, LANGUAGES_IN_ENGLISH, RIGHT_TO_LEFT, Budget, Voter


class TranslationsMixin:
    """Optional text in every language the public pages offer besides English (the model's
    LANGUAGES): a field `<name>_<code>` for each translated field and language."""

    # (field, label, multi-line)
    translated: tuple[tuple[str, str, bool], ...] = ()

    def add_translation_fields(self, translated=None) -> None:
        for code in LANGUAGES:
            if code == "en":
                continue
            language = f"{LANGUAGES_IN_ENGLISH[code]} ({LANGUAGES[code]})"
            attrs = {"lang": code, "dir": "rtl" if code in RIGHT_TO_LEFT else "ltr"}
            for name, label, multiline in translated or self.translated:
                widget = (
                    forms.Textarea(attrs={"rows": 3, **attrs})
                    if multiline
                    else forms.TextInput(attrs=attrs)
                )
                self.fields[f"{name}_{code}"] = forms.CharField(
                    label=f"{label}, in {language}",
                    max_length=None if multiline else 200,
                    required=False,
                    widget=widget,
                )

    def translations(self) -> dict[str, dict[str, str]]:
        """{code: {field: text}} for the services, which keep the non-empty ones."""
        return {
            code: {
                name: self.cleaned_data.get(f"{name}_{code}", "") for name, _, _ in self.translated
            }
            for code in LANGUAGES
            if code != "en"
        }


class IdeaForm(forms.Form):
    title = forms.CharField(
        label="Name your idea", max_length=120, help_text="A few words, like 'Benches in the park'"
    )
    description = forms.CharField(
        label="Describe your idea",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=(
            "What it is, who it helps and where. Ideas appear once the partnership has read them."
        ),
    )


class VoterForm(forms.Form):
    email = forms.CharField(
        label="Your e-mail address",
        max_length=254,
        help_text="We send you a link to confirm it. We delete it 30 days after the result.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    connection = forms.ChoiceField(
        label="Do you live, work or study in the neighbourhood?",
        choices=Voter.Connection.choices,
        widget=forms.RadioSelect,
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        help_text="Where you live, work or study in the neighbourhood",
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )


class BudgetForm(TranslationsMixin, forms.Form):
    translated = (("title", "Title", False), ("description", "What the money is for", True))

    title = forms.CharField(label="Title", max_length=200)
    description = forms.CharField(
        label="What the money is for", widget=forms.Textarea(attrs={"rows": 4})
    )
    theme = forms.ModelChoiceField(
        label="Theme", queryset=Theme.objects.filter(is_active=True), empty_label=""
    )
    amount = MoneyField(label="Amount set aside", name="the amount")
    method = forms.ChoiceField(
        label="How residents vote", choices=Budget.Method.choices, widget=forms.RadioSelect
    )
    opens_on = date_field("Voting opens on", what="the day voting opens")
    closes_on = date_field("Voting closes on", what="the day voting closes")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_translation_fields()


QUESTION_KINDS = [
    ("", "No question"),
    ("choice", "Choose one"),
    ("ranking", "Rank the options"),
    ("text", "Free text"),
]


class ConsultationForm(TranslationsMixin, forms.Form):
    """A consultation of up to three questions; options one per line."""

    translated = (("title", "Title", False), ("description", "Introduction", True))

    title = forms.CharField(label="Title", max_length=200)
    description = forms.CharField(
        label="Introduction", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    opens_on = date_field("Opens on", what="the day it opens")
    closes_on = date_field("Closes on", what="the day it closes")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in (1, 2, 3):
            self.fields[f"q{n}_kind"] = forms.ChoiceField(
                label=f"Question {n}: kind", choices=QUESTION_KINDS, required=n == 1
            )
            self.fields[f"q{n}_text"] = forms.CharField(
                label=f"Question {n}", max_length=300, required=False
            )
            self.fields[f"q{n}_options"] = forms.CharField(
                label=f"Question {n}: options, one per line",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )
            self.add_translation_fields(
                (
                    (f"q{n}_text", f"Question {n}", False),
                    (f"q{n}_options", f"Question {n}: options in the same order", True),
                )
            )
        self.add_translation_fields()

    def clean(self):
        data = super().clean()
        for n in (1, 2, 3):
            english = [o for o in data.get(f"q{n}_options", "").splitlines() if o.strip()]
            for code in LANGUAGES:
                name = f"q{n}_options_{code}"
                given = [o for o in data.get(name, "").splitlines() if o.strip()]
                if len(given) > len(english):
                    self.add_error(
                        name,
                        f"Question {n} has {len(english)} options in English: give at most "
                        f"{len(english)} in {LANGUAGES_IN_ENGLISH[code]}, in the same order.",
                    )
        return data

    def question_translations(self, n: int) -> dict[str, dict]:
        """{code: {"text": ..., "options": [...]}} for question `n`; the service keeps the
        non-empty ones."""
        data = self.cleaned_data
        return {
            code: {
                "text": data.get(f"q{n}_text_{code}", ""),
                "options": data.get(f"q{n}_options_{code}", "").splitlines(),
            }
            for code in LANGUAGES
            if code != "en"
        }


class DecisionFromVoteForm(forms.Form):
    held_on = date_field("Date of the meeting or written resolution", what="the date")
    agreed_by = forms.MultipleChoiceField(
        label="Who agreed", widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, voters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed_by"].choices = [(str(m.pk), m.full_name) for m in voters]


class PostcodeImportForm(forms.Form):
    file = forms.FileField(
        label="ONS Postcode Directory extract (CSV)",
        help_text="The area's rows, with the 'pcds' column; terminated postcodes are left out.",
    )


class PaperResponseForm(forms.Form):
    event = forms.CharField(
        label="Where it was gathered", max_length=200, help_text="For example, 'Summer fair, 5 Jul'"
    )
