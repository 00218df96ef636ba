from django import forms

from cwf.core.forms import date_field

from ..models import Lto


class LtoForm(forms.Form):
    name = forms.CharField(label="Organisation name", max_length=200)
    charity_number = forms.CharField(
        label="Charity number",
        required=False,
        max_length=20,
        help_text="For example 1164883 (England and Wales), SC012345 or NIC101234.",
    )
    company_number = forms.CharField(
        label="Company number",
        required=False,
        max_length=20,
        help_text="8 digits, or 2 letters and 6 digits, for example 09876543 or SC123456.",
    )
    address = forms.CharField(label="Address", required=False, widget=forms.Textarea)
    supplier_reference = forms.CharField(
        label="Supplier reference",
        required=False,
        max_length=50,
        help_text="The LTO's reference in the fund's finance system.",
    )
    due_diligence_status = forms.ChoiceField(
        label="Due diligence", choices=Lto.DueDiligence.choices
    )
    due_diligence_date = date_field("Date due diligence was passed or failed", required=False)


class LtoContactForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    role = forms.CharField(label="Job title", required=False, max_length=100)
    email = forms.EmailField(label="E-mail address", required=False)
    phone = forms.CharField(label="Phone", required=False, max_length=30)


class LtoLinkForm(forms.Form):
    lto = forms.ModelChoiceField(
        label="LTO",
        queryset=Lto.objects.exclude(due_diligence_status=Lto.DueDiligence.FAILED),
        empty_label="Choose an LTO from the register",
    )
    starts_on = date_field("Accountable from", what="the date the LTO is accountable from")


class LtoLinkEndForm(forms.Form):
    ends_on = date_field("Accountable until", what="the date the LTO is accountable until")
