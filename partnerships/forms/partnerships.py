import re

from django import forms
from django.db.models import Q

from cwf.accounts.models import User
from cwf.accounts.roles import Role
from cwf.core.forms import date_field


def officers():
    """People who are officers now: a fund-wide role counts once a second person confirmed it."""
    return User.objects.filter(
        Q(
            role_assignments__role__in=[Role.FUND_OFFICER, Role.ADMIN],
            role_assignments__confirmed_at__isnull=False,
        )
        | Q(is_superuser=True)
    ).distinct()


class PartnershipForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    neighbourhood_codes = forms.CharField(
        label="Neighbourhoods",
        required=False,
        help_text="Ward (E05…) or LSOA (E01…) codes from the register, separated by commas or "
        "spaces. Search the register below to find them.",
    )
    lead_officer = forms.ModelChoiceField(
        label="Lead officer",
        queryset=None,
        required=False,
        empty_label="No lead officer yet",
        help_text="The officer problems are escalated to.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_officer"].queryset = officers()

    def codes(self, picked: list[str]) -> list[str]:
        typed = re.split(r"[\s,;]+", self.cleaned_data.get("neighbourhood_codes", ""))
        return [code for code in [*typed, *picked] if code]


class EndorseForm(forms.Form):
    mou_signed_on = date_field("Date the memorandum of understanding was signed")
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea)


class TransitionForm(forms.Form):
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea)
