"""Forms for plans, the spending log and plan reviews. They check shape only; the services
decide, and their refusals are shown with add_domain_error."""

from __future__ import annotations

from django import forms
from django.conf import settings

from cwf.core.dates import display_date

from .forms import date_field, money_field, reason_field


def spend_threshold() -> str:
    """The spend a decision must authorise, as people read it: "£500" (a setting)."""
    amount = settings.SPEND_DECISION_THRESHOLD
    return f"£{amount:,.0f}" if amount == amount.to_integral_value() else f"£{amount:,.2f}"


BLANK_ACTION_ROWS = 3


class PlanEditForm(forms.Form):
    """The costed vision as one amount box per theme and year, the action plan as rows (the
    existing ones plus a few blank), and the legacy statement. Built for a plan's themes and
    term, so a half-filled form comes back as it was typed."""

    legacy_statement = forms.CharField(
        label="Legacy statement", widget=forms.Textarea, required=False, max_length=5000,
        help_text="What will last when the money is spent.",
    )  # fmt: skip

    def __init__(self, *args, themes, years, action_count, **kwargs):
        super().__init__(*args, **kwargs)
        self.themes, self.years = list(themes), list(years)
        theme_choices = [("", "Choose a theme")] + [(str(t.pk), t.name) for t in self.themes]
        year_choices = [("", "Year")] + [(str(y), f"Year {y}") for y in self.years]
        for theme in self.themes:
            for year in self.years:
                self.fields[f"vision_{theme.pk}_{year}"] = forms.CharField(
                    label=f"{theme.name}, year {year}", required=False, max_length=20
                )
        self.action_count = action_count
        for n in range(1, action_count + 1):
            self.fields[f"action_{n}_theme"] = forms.ChoiceField(
                label=f"Activity {n}: theme", choices=theme_choices, required=False
            )
            self.fields[f"action_{n}_description"] = forms.CharField(
                label=f"Activity {n}: what it is", required=False, max_length=300
            )
            self.fields[f"action_{n}_year"] = forms.ChoiceField(
                label=f"Activity {n}: year", choices=year_choices, required=False
            )
            self.fields[f"action_{n}_budget"] = forms.CharField(
                label=f"Activity {n}: budget", required=False, max_length=20
            )
            self.fields[f"action_{n}_lead"] = forms.CharField(
                label=f"Activity {n}: who leads it", required=False, max_length=120
            )

    def vision_rows(self):
        """[(year, [(theme, bound field)])] for the template: one section per year."""
        return [
            (year, [(theme, self[f"vision_{theme.pk}_{year}"]) for theme in self.themes])
            for year in self.years
        ]

    def action_rows(self):
        return [
            [
                self[f"action_{n}_{part}"]
                for part in ("theme", "description", "year", "budget", "lead")
            ]
            for n in range(1, self.action_count + 1)
        ]


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            ("", "Choose"),
            ("endorse", "Endorse the plan"),
            ("return", "Return it with comments"),
        ],
    )
    comments = forms.CharField(
        label="Comments", widget=forms.Textarea, required=False, max_length=5000,
        help_text="Needed when you return the plan: say what should change.",
    )  # fmt: skip


class SpendForm(forms.Form):
    spent_on = date_field("Date of the spend", what="the date of the spend")
    amount = money_field("Amount", help_text="In pounds, for example 25.50.")
    payee = forms.CharField(
        label="Who was paid",
        max_length=200,
        help_text="The shop, company or person, as on the receipt.",
        error_messages={"required": "Enter who was paid, for example the shop's name"},
    )
    payee_is_organisation = forms.BooleanField(
        label="Who was paid is an organisation (a shop, company, charity or council), so it "
        "may be named on the partnership's public page; a person paid is shown as a local "
        "resident",
        required=False,
    )
    description = forms.CharField(
        label="What it was for",
        max_length=300,
        error_messages={"required": "Say what the money was spent on, for example leaflets"},
    )
    theme = forms.ChoiceField(
        label="Theme", error_messages={"required": "Select the theme the spend belongs to"}
    )
    action_line = forms.ChoiceField(label="Activity in the plan", required=False)
    decision = forms.ChoiceField(
        label="Decision that approved it",
        required=False,
        help_text="Needed for spends over the decision threshold.",  # the figure: __init__
    )
    fronted_by_lto = forms.BooleanField(
        label="The LTO is fronting this money: it has not yet received enough from the fund to "
        "cover this spend (LTO finance only)",
        required=False,
    )
    receipt = forms.FileField(
        label="Receipt or invoice", required=False,
        help_text="A PDF, JPEG or PNG, up to 10 MB.",
    )  # fmt: skip

    def __init__(self, *args, themes, action_lines, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].error_messages["required"] = (
            "Enter the amount spent, for example 25.50"
        )
        self.fields["theme"].choices = [("", "Choose a theme")] + [
            (str(t.pk), t.name) for t in themes
        ]
        self.fields["action_line"].choices = [("", "None")] + [
            (str(a.pk), f"{a.description} (year {a.year})") for a in action_lines
        ]
        self.fields["decision"].choices = [("", "None")] + [
            (str(d.pk), f"{d.reference}: {d.title}" + (f" (£{d.amount:,.2f})" if d.amount else ""))
            for d in decisions
        ]
        self.fields["decision"].help_text = f"Needed for spends over {spend_threshold()}."


class SpendDecisionForm(forms.Form):
    """The decision a spend over the threshold needs, recorded from the spend form in one step
    (partnerships.services.decisions.decision_record_in_one_step checks it)."""

    how = forms.ChoiceField(
        label="How was it agreed?", widget=forms.RadioSelect,
        choices=[("meeting", "At a meeting"), ("written", "By written resolution")],
        error_messages={"required": "Select how it was agreed"},
    )  # fmt: skip
    meeting = forms.ChoiceField(label="Which meeting", required=False)
    held_on = date_field(
        "Date it was agreed", what="the date it was agreed", required=False,
        help_text="The day of the meeting, or when the last member agreed in writing",
    )  # fmt: skip
    title = forms.CharField(
        label="What was agreed", max_length=200,
        error_messages={"required": "Say what was agreed, for example 'Hire a stage'"},
    )  # fmt: skip
    amount = money_field("Amount agreed", help_text="In pounds, for example 750.00.")
    agreed_by = forms.MultipleChoiceField(
        label="Who agreed", widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select who agreed"},
    )  # fmt: skip
    others_present = forms.MultipleChoiceField(
        label="Others at the meeting who did not vote for it", required=False,
        widget=forms.CheckboxSelectMultiple, help_text="Leave empty for a written resolution.",
    )  # fmt: skip
    votes_against = forms.IntegerField(
        label="Votes against", required=False, min_value=0, initial=0,
        help_text="Leave empty for a written resolution.",
    )  # fmt: skip

    def __init__(self, *args, voters, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        people = [(str(m.pk), m.full_name) for m in voters]
        self.fields["agreed_by"].choices = people
        self.fields["others_present"].choices = people
        self.fields["meeting"].choices = [("", "A new meeting, on the date below")] + [
            (str(m.pk), f"{display_date(m.held_on)}: {m.title or m.get_kind_display()}")
            for m in meetings
        ]

    def clean(self):
        data = super().clean()
        if not data.get("meeting") and not data.get("held_on") and not self.has_error("held_on"):
            self.add_error("held_on", "Enter the date it was agreed")
        return data


class ReverseForm(forms.Form):
    reason = reason_field("Why is this spend being reversed?")


class WithholdForm(forms.Form):
    reason = reason_field("Why must this spend not be published?")


class ImportForm(forms.Form):
    file = forms.FileField(label="Bank export (CSV)")
    fronted_by_lto = forms.BooleanField(
        label="The LTO is fronting the money for any of these spends beyond what it has "
        "received from the fund",
        required=False,
    )


class ReviewForm(forms.Form):
    delivery = forms.CharField(
        label="What has been delivered?", widget=forms.Textarea, max_length=5000
    )
    spend = forms.CharField(
        label="How has the money been spent?", widget=forms.Textarea, max_length=5000
    )
    impact = forms.CharField(
        label="What difference has it made?", widget=forms.Textarea, max_length=5000
    )
    learning = forms.CharField(
        label="What have you learned?", widget=forms.Textarea, max_length=5000
    )
    vision = forms.CharField(
        label="Is the vision still right?", widget=forms.Textarea, max_length=5000
    )
    outcomes = forms.CharField(
        label="Progress on the four programme outcomes", widget=forms.Textarea, max_length=5000
    )
    new_plan_needed = forms.BooleanField(label="A new plan is needed", required=False)


class AcknowledgeForm(forms.Form):
    note = forms.CharField(label="Note to the partnership", widget=forms.Textarea, required=False)
