"""Forms for co-investment (issue 18). Shape only: the services decide, and their refusals name
the field (shown with add_domain_error)."""

from __future__ import annotations

from django import forms

from cwf.core.dates import display_date
from cwf.core.forms import date_field

from .forms import money_field, reason_field
from .models import CoFunder, LocalIncome, Pledge


class CoFunderForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    charity_number = forms.CharField(
        label="Charity number",
        max_length=10,
        required=False,
        help_text="For example 1123456, SC012345 or NIC101234. Leave empty if it has none.",
    )
    company_number = forms.CharField(
        label="Company number",
        max_length=8,
        required=False,
        help_text="8 characters, for example 01234567 or SC123456.",
    )
    other_org_id = forms.CharField(
        label="Other org-id",
        max_length=60,
        required=False,
        help_text="For a council or a body on another list, its org-id (for example GB-LAE-DUR).",
    )
    is_individual = forms.BooleanField(
        label="This co-funder is a private person, not an organisation",
        required=False,
        help_text="For example a philanthropist giving in their own name. Officers still see "
        'the name; 360Giving, the open data and the public pages say "A private donor" '
        "instead, as they never name people.",
    )
    funds = forms.ChoiceField(
        label="What does it fund?", choices=CoFunder.Funds.choices, widget=forms.RadioSelect
    )
    region = forms.CharField(label="Region (if it funds a region)", max_length=100, required=False)
    theme = forms.ModelChoiceField(
        label="Theme (if it funds a theme)", queryset=None, required=False
    )
    partnerships = forms.ModelMultipleChoiceField(
        label="Partnerships (if it funds named partnerships)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contact_name = forms.CharField(label="Contact's name", max_length=200, required=False)
    contact_role = forms.CharField(label="Contact's job title", max_length=200, required=False)
    contact_email = forms.EmailField(label="Contact's e-mail address", required=False)
    contact_phone = forms.CharField(label="Contact's phone number", max_length=30, required=False)

    def __init__(self, *args, themes, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes
        self.fields["partnerships"].queryset = partnerships


class PledgeForm(forms.Form):
    co_funder = forms.ModelChoiceField(label="Co-funder", queryset=None)
    amount = money_field("Amount pledged")
    currency = forms.CharField(
        label="Currency",
        max_length=10,
        initial="GBP",
        help_text="Pledges are recorded in pounds sterling (GBP).",
    )
    starts_on = date_field("Start of the pledge")
    ends_on = date_field("Money due by")
    restriction = forms.ChoiceField(
        label="What may the money pay for?",
        choices=Pledge.Restriction.choices,
        widget=forms.RadioSelect,
    )
    partnership = forms.ModelChoiceField(
        label="Partnership (if restricted to one)", queryset=None, required=False
    )
    theme = forms.ModelChoiceField(
        label="Theme (if restricted to a theme)", queryset=None, required=False
    )
    region = forms.CharField(
        label="Region (if restricted to a region)", max_length=100, required=False
    )
    conditions = forms.CharField(label="Conditions", widget=forms.Textarea, required=False)
    match_ratio = forms.CharField(
        label="Match ratio",
        required=False,
        max_length=10,
        help_text="Pounds the co-funder gives per pound of the partnership's own verified "
        "income: 1 for 1:1.",
    )
    match_cap = money_field("Most the match gives", required=False)

    def __init__(self, *args, co_funders, partnerships, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["co_funder"].queryset = co_funders
        self.fields["partnership"].queryset = partnerships
        self.fields["theme"].queryset = themes


class ReceiptForm(forms.Form):
    amount = money_field("Amount received")
    received_on = date_field("Date the money arrived")
    bank_reference = forms.CharField(label="Bank reference", max_length=100)


class AmendForm(forms.Form):
    amount = money_field("New amount pledged")
    ends_on = date_field("Money due by", required=False)


class AmendmentProposeForm(forms.Form):
    """New terms for an accepted pledge, proposed with a reason; a second officer decides."""

    amount = money_field("New amount pledged")
    ends_on = date_field("Money due by", required=False)
    match_ratio = forms.CharField(
        label="Match ratio",
        required=False,
        max_length=10,
        help_text="Pounds the co-funder gives per pound of the partnership's own verified "
        "income: 1 for 1:1. Leave the ratio and the cap empty for no match rule.",
    )
    match_cap = money_field("Most the match gives", required=False)
    reason = reason_field("Why does the pledge change?")


class LapseForm(forms.Form):
    reason = reason_field("Why has the pledge lapsed?")


class ScheduleForm(forms.Form):
    partnership = forms.ModelChoiceField(label="Partnership", queryset=None)
    amount = money_field("Amount")
    due_on = date_field(
        "Release on", required=False, help_text="Or choose a tranche to release it with."
    )
    tranche = forms.ModelChoiceField(
        label="Release with this tranche", queryset=None, required=False
    )

    def __init__(self, *args, partnerships, tranches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships
        self.fields["tranche"].queryset = tranches
        self.fields["tranche"].label_from_instance = lambda t: (
            f"{t.allocation.partnership}: tranche {t.number}, due {display_date(t.due_on)}"
        )


class MarkPaidForm(forms.Form):
    releases = forms.ModelMultipleChoiceField(
        label="Released restricted money paid in this payment",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    bank_reference = forms.CharField(label="Bank reference", max_length=100)
    paid_on = date_field("Payment date")

    def __init__(self, *args, releases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["releases"].queryset = releases
        self.fields["releases"].label_from_instance = lambda r: (
            f"{r.pledge.co_funder} to {r.partnership}: £{r.amount:,.2f}"
        )


class LocalIncomeForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of income?", choices=LocalIncome.Kind.choices, widget=forms.RadioSelect
    )
    source = forms.CharField(label="Who gave it or paid it", max_length=200)
    description = forms.CharField(label="What it was for", widget=forms.Textarea, required=False)
    amount = money_field("Amount (for in-kind help, its stated value)")
    received_on = date_field("Date received")
    evidence = forms.FileField(
        label="Evidence (a letter, a statement)", required=False, help_text="Or a reference below."
    )
    evidence_reference = forms.CharField(label="Evidence reference", max_length=200, required=False)


class VerifyForm(forms.Form):
    verified = forms.TypedChoiceField(
        label="Does the evidence show this income?",
        choices=[("yes", "Yes, verify it"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Note (say why, if not)", widget=forms.Textarea, required=False, max_length=2000
    )
