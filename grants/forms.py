"""Forms collect input; the services decide. A form checks only shape (a date is a date); every
rule about money and status is the service's, shown on the form with add_domain_error."""

from __future__ import annotations

import re
from datetime import date, datetime

from django import forms

from cwf.core.forms import MoneyField, date_field

from .models import AllocationAmendment, CapitalSource, EndowmentMovement, Frequency


def money_field(
    label: str, *, required: bool = True, help_text: str = "", allow_zero: bool = False
) -> MoneyField:
    """The kernel's one money field (cwf.core.forms.MoneyField): the format, pence and the
    bounds the database holds are checked as the services check them, naming the field."""
    return MoneyField(
        label=label, required=required, help_text=help_text or "In pounds.", allow_zero=allow_zero
    )


def reason_field(label: str = "Reason") -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea, max_length=2000)


def parse_dates(text: str) -> list[date]:
    """Dates one per line (or separated by commas), as 2026-04-01 or 01/04/2026."""
    dates = []
    for chunk in filter(None, (c.strip() for c in re.split(r"[\n,;]+", text or ""))):
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                dates.append(datetime.strptime(chunk, pattern).date())
                break
            except ValueError:
                continue
        else:
            raise forms.ValidationError(f"'{chunk}' is not a date. Use 2026-04-01 or 01/04/2026.")
    return dates


class DatesField(forms.CharField):
    widget = forms.Textarea

    def to_python(self, value):
        return parse_dates(super().to_python(value))


class EndowmentMovementForm(forms.Form):
    kind = forms.ChoiceField(label="What is it?", choices=EndowmentMovement.Kind.choices)
    source = forms.ChoiceField(
        label="Source of the capital",
        choices=[("", "Not capital"), *CapitalSource.choices],
        required=False,
        help_text="Only for a capital contribution.",
    )
    amount = money_field("Amount")
    received_on = date_field("Date", help_text="When the money arrived or was paid out.")
    description = forms.CharField(
        label="Description",
        max_length=300,
        help_text="For example: 'Second tranche from the dormant assets scheme'.",
    )


class EndowmentValuationForm(forms.Form):
    valued_on = date_field(
        "Valued on", what="the valuation date", help_text="The day the statement values them at"
    )
    market_value = money_field(
        "Market value",
        help_text="What the endowment's investments and cash were worth that day, in pounds.",
    )
    source = forms.CharField(
        label="Source",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: 'Custodian statement, 31 March 2026'.",
        error_messages={
            "required": "Say where the value comes from: the custodian's or investment "
            "manager's statement and its date."
        },
    )
    note = forms.CharField(
        label="Note (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="For a correction, say what was wrong with the earlier figure.",
    )


class AllocationProposeForm(forms.Form):
    partnership = forms.ModelChoiceField(label="Partnership", queryset=None)
    amount = money_field("Amount")
    starts_on = date_field("Start of the term")
    term_years = forms.IntegerField(label="Term in years", min_value=1, max_value=50)
    purpose = forms.CharField(label="Notes", widget=forms.Textarea, required=False)

    def __init__(self, *args, partnerships, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships
        # The bounds are settings: say the figures, not "the fund's bounds".
        low, high = settings.ALLOCATION_MIN_AMOUNT, settings.ALLOCATION_MAX_AMOUNT
        self.fields["amount"].help_text = f"Between £{low:,.0f} and £{high:,.0f}."


class ReasonForm(forms.Form):
    reason = reason_field()


class FundingAgreementForm(forms.Form):
    frequency = forms.ChoiceField(
        label="How often is the LTO paid?", choices=Frequency.choices, initial="half_yearly"
    )
    first_due_on = date_field(
        "First payment date",
        required=False,
        help_text="Leave empty to start on the first day of the term.",
    )
    custom_dates = DatesField(
        label="Payment dates",
        required=False,
        help_text="Only if you chose your own dates: one per line, for example 2026-04-01.",
    )
    terms = forms.CharField(label="Terms and conditions", widget=forms.Textarea, required=False)


class AmendmentForm(forms.Form):
    # Withdrawing and closing are amendments too, proposed from their own pages.
    kind = forms.ChoiceField(
        label="What changes?",
        choices=[
            (k.value, k.label)
            for k in AllocationAmendment.Kind
            if k
            not in (
                AllocationAmendment.Kind.WITHDRAWAL,
                AllocationAmendment.Kind.CLOSE,
                AllocationAmendment.Kind.LTO_CHANGE,
            )
        ],
    )
    new_amount = money_field("New amount", required=False, help_text="For a change of amount.")
    new_starts_on = date_field(
        "New start of the term", required=False, help_text="For a change of term."
    )
    new_term_years = forms.IntegerField(label="New term in years", required=False, min_value=1)
    new_frequency = forms.ChoiceField(
        label="New payment frequency",
        choices=[
            ("", "No change of schedule"),
            *Frequency.choices,
            ("plan", "Following the endorsed plan (its action plan, then its costed vision)"),
        ],
        required=False,
    )
    new_first_due_on = date_field("First payment of the new schedule", required=False)
    new_custom_dates = DatesField(label="New payment dates", required=False)
    reason = reason_field("Why is it needed?")


class RejectForm(forms.Form):
    note = reason_field("Why is it rejected?")


class CloseForm(forms.Form):
    underspend_returned = money_field(
        "Underspend returned by the LTO",
        help_text="The grant money the LTO has paid back, without its management contribution. "
        "Enter 0 if none.",
        allow_zero=True,
    )
    returned_on = date_field("Date it was returned", required=False)
    bank_reference = forms.CharField(
        label="Bank reference of the repayment",
        max_length=60,
        required=False,
        help_text="Needed when any underspend was returned.",
    )
    note = forms.CharField(
        label="Anything the approving officer should know (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class LtoChangeForm(forms.Form):
    """A change of LTO under a funding agreement (issue 24): four eyes, like an amendment."""

    new_lto = forms.ModelChoiceField(
        label="New LTO",
        queryset=None,
        empty_label="Choose an LTO",
        help_text="Only organisations that have passed due diligence are listed.",
        error_messages={"required": "Choose the new LTO."},
    )
    new_lto_starts_on = date_field("Day the new LTO takes over", what="the day it takes over")
    handover_transferred = money_field(
        "Money the old LTO transferred to the new LTO",
        allow_zero=True,
        help_text="Grant money, in pounds. Enter 0 if none was transferred.",
    )
    handover_on = date_field("Date of the transfer", required=False)
    bank_reference = forms.CharField(
        label="Bank reference of the transfer", max_length=60, required=False
    )
    handover_note = forms.CharField(
        label="What happened to the rest of the money the old LTO held",
        help_text="Returned to the fund (record it as money returned), or spent and logged: say "
        "which, with the evidence.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    reason = reason_field("Why is the LTO changing?")

    def __init__(self, *args, **kwargs):
        from partnerships.models import Lto

        super().__init__(*args, **kwargs)
        self.fields["new_lto"].queryset = Lto.objects.filter(
            due_diligence_status=Lto.DueDiligence.PASSED
        ).order_by("name")


class CloseoutStatementForm(forms.Form):
    final_report = forms.CharField(
        label="Final report",
        help_text="What the partnership did with the money, what it cost and what changed.",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        error_messages={"required": "Write the final report."},
    )
    legacy_statement = forms.CharField(
        label="Legacy statement",
        help_text="What will last, and who looks after it: buildings, groups, skills.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        error_messages={"required": "Write the legacy statement."},
    )


class MoneyReturnForm(forms.Form):
    amount = money_field(
        "Grant money returned",
        help_text="The grant money the LTO paid back, without its management contribution: the "
        "contribution returned with it is worked out in proportion.",
    )
    returned_on = date_field("Date the money arrived", what="the date the money arrived")
    bank_reference = forms.CharField(label="Bank reference of the repayment", max_length=60)


class MarkPaidForm(forms.Form):
    bank_reference = forms.CharField(label="Bank reference of the payment run", max_length=60)
    paid_on = date_field("Date paid", what="the date it was paid")


class ScheduleEditForm(forms.Form):
    """One due date and one amount per scheduled tranche."""

    def __init__(self, *args, tranches, **kwargs):
        super().__init__(*args, **kwargs)
        self.tranches = list(tranches)
        for tranche in self.tranches:
            self.fields[f"due_on_{tranche.pk}"] = date_field(
                f"Tranche {tranche.number}: due date",
                what=f"the due date of tranche {tranche.number}",
            )
            self.fields[f"amount_{tranche.pk}"] = money_field(
                f"Tranche {tranche.number}: amount", help_text=" "
            )
            self.initial[f"due_on_{tranche.pk}"] = tranche.due_on
            self.initial[f"amount_{tranche.pk}"] = f"{tranche.amount:.2f}"

    def rows(self):
        return [
            (tranche, self[f"due_on_{tranche.pk}"], self[f"amount_{tranche.pk}"])
            for tranche in self.tranches
        ]

    def changes(self) -> dict:
        """Only the tranches whose date or amount changed."""
        changed = {}
        for tranche in self.tranches:
            due_on = self.cleaned_data[f"due_on_{tranche.pk}"]
            amount = self.cleaned_data[f"amount_{tranche.pk}"]
            if due_on != tranche.due_on or amount != tranche.amount:
                changed[tranche.pk] = (due_on, amount)
        return changed
