"""Learning notes, questions, answers and the search form: shape only; the services decide."""

from __future__ import annotations

from django import forms

from grants.models import Theme

from .models import NeighbourhoodKind
from .services.learning import ANSWER_MAX

DECILES = [("", "Any decile"), *((str(d), f"Decile {d}") for d in range(1, 11))]


class NoteForm(forms.Form):
    partnership = forms.TypedChoiceField(label="Partnership", coerce=int, choices=())
    theme = forms.ModelChoiceField(
        label="Theme",
        queryset=Theme.objects.filter(is_active=True),
        empty_label="Choose a theme",
        error_messages={"required": "Choose the theme the note is about"},
    )
    neighbourhood_kind = forms.ChoiceField(
        label="Kind of neighbourhood",
        choices=[("", "Choose one"), *NeighbourhoodKind.choices],
        required=False,
        help_text="So that places like yours find it.",
    )
    title = forms.CharField(label="Title", max_length=200)
    tried = forms.CharField(label="What we tried", widget=forms.Textarea, max_length=5000)
    happened = forms.CharField(label="What happened", widget=forms.Textarea, max_length=5000)
    differently = forms.CharField(
        label="What we would do differently", widget=forms.Textarea, max_length=5000,
        required=False,
    )  # fmt: skip
    costs = forms.CharField(
        label="What it cost", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
        required=False, help_text="Money, time and anything else it took.",
    )  # fmt: skip
    is_public = forms.BooleanField(
        label="Also show this note on the partnership's public page",
        required=False,
        help_text="Only if everyone it names has agreed.",
    )

    def __init__(self, *args, partnerships=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(p.pk, p.name) for p in partnerships]
        self.fields["partnership"].choices = choices
        if len(choices) == 1:
            self.fields["partnership"].widget = forms.HiddenInput()
            self.fields["partnership"].initial = choices[0][0]


class PromoteForm(forms.Form):
    theme = forms.ModelChoiceField(
        label="Theme",
        queryset=Theme.objects.filter(is_active=True),
        empty_label="Choose a theme",
        error_messages={"required": "Choose the theme the note is about"},
    )


class QuestionForm(forms.Form):
    body = forms.CharField(
        label="Your question",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="It goes to the partnership's chair, in the product, with your name and "
        "partnership. Neither of you sees the other's e-mail address.",
        error_messages={"required": "Write your question"},
    )


class AnswerForm(forms.Form):
    body = forms.CharField(
        label="Your answer",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=ANSWER_MAX,
        help_text="It goes to the person who asked, in the product, with your name and "
        "partnership. Neither of you sees the other's e-mail address.",
        error_messages={
            "required": "Write your answer",
            "max_length": f"Keep your answer to {ANSWER_MAX} characters or fewer",
        },
    )


class SearchForm(forms.Form):
    """Never invalid in a way that hides results: bad choices are ignored by the view."""

    q = forms.CharField(label="Search the learning library", required=False, max_length=10_000)
    theme = forms.ModelChoiceField(
        label="Theme",
        queryset=Theme.objects.filter(is_active=True),
        required=False,
        empty_label="Any theme",
    )
    kind = forms.ChoiceField(
        label="Kind of neighbourhood",
        choices=[("", "Any kind"), *NeighbourhoodKind.choices],
        required=False,
    )
    region = forms.ChoiceField(label="Region", choices=(), required=False)
    decile = forms.ChoiceField(label="IMD decile", choices=DECILES, required=False)

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "Any region"), *((r, r) for r in regions)]
