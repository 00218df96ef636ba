"""Forms collect input; the services decide. A form checks only shape; rules are the services'."""

from __future__ import annotations

from django import forms

from grants.forms import date_field, reason_field

from .models import NARRATIVE_FIELDS, NotificationPreference

LABELS = dict(NARRATIVE_FIELDS)


class ReportForm(forms.Form):
    """The narrative. Every field is optional here, so a draft saves whatever is written; what a
    submission needs is the service's `report_problems`."""

    what_happened = forms.CharField(
        label=LABELS["what_happened"], required=False, widget=forms.Textarea, max_length=10000
    )
    outcome_needs = forms.CharField(
        label=LABELS["outcome_needs"], required=False, widget=forms.Textarea, max_length=5000
    )
    outcome_skills = forms.CharField(
        label=LABELS["outcome_skills"], required=False, widget=forms.Textarea, max_length=5000
    )
    outcome_difference = forms.CharField(
        label=LABELS["outcome_difference"], required=False, widget=forms.Textarea, max_length=5000
    )
    outcome_place = forms.CharField(
        label=LABELS["outcome_place"], required=False, widget=forms.Textarea, max_length=5000
    )
    people_involved = forms.IntegerField(
        label="How many people took part", required=False, min_value=0, max_value=10_000_000
    )
    volunteers = forms.IntegerField(
        label="How many of them volunteered", required=False, min_value=0, max_value=10_000_000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Not required to save a draft, but every one is needed to submit the report
        # (reporting.services.reports.report_problems): so none is labelled "(optional)".
        for field in self.fields.values():
            field.needed_to_submit = True
            field.help_text = field.help_text or "Needed to submit the report."


class StoryForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200, required=False)
    body = forms.CharField(
        label="The story", widget=forms.Textarea, required=False, max_length=5000
    )
    photo = forms.FileField(
        label="Photo", required=False, help_text="A JPEG or PNG, smaller than 5 MB."
    )
    is_public = forms.BooleanField(
        label="Share this story and its photo on the partnership's public page (once the fund "
        "accepts the report). Only if everyone named or pictured has agreed.",
        required=False,
    )


class ReturnForm(forms.Form):
    comments = forms.CharField(
        label="What needs to change", widget=forms.Textarea, max_length=5000, required=False
    )


class ExtensionForm(forms.Form):
    extended_to = date_field("New deadline")
    reason = reason_field("Why the deadline is extended")


class PreferenceForm(forms.Form):
    delivery = forms.ChoiceField(
        label="How should we email you about reports?",
        choices=NotificationPreference.Delivery.choices,
        widget=forms.RadioSelect,
    )
