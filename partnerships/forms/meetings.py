from django import forms

from cwf.core.forms import MoneyField, date_field

from ..models import Decision, Meeting


class MeetingForm(forms.Form):
    held_on = date_field("Date of the meeting")
    kind = forms.ChoiceField(
        label="Type of meeting", choices=Meeting.Kind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label="Title", required=False, max_length=200)
    agenda = forms.CharField(label="Agenda", required=False, widget=forms.Textarea)


class MeetingEditForm(MeetingForm):
    minutes = forms.CharField(label="Minutes", required=False, widget=forms.Textarea)


class AttendanceForm(forms.Form):
    attendees = forms.TypedMultipleChoiceField(
        label="Who attended?",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Members on the day of the meeting. Tick everyone who was there.",
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].choices = [
            (m.pk, m.full_name + ("" if m.has_vote else " (no vote)")) for m in members
        ]


class DecisionForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    decided = forms.CharField(label="What was decided", widget=forms.Textarea)
    amount = MoneyField(
        label="Amount, in pounds",
        name="amount",
        required=False,
        help_text="If the decision spends money, for example 1250.00.",
    )
    theme = forms.CharField(label="Theme", required=False, max_length=100)
    conflicts = forms.TypedMultipleChoiceField(
        label="Who declared a conflict of interest?",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Their votes are not counted.",
    )
    interest = forms.CharField(label="The interests declared", required=False, max_length=300)
    votes_for = forms.IntegerField(label="Votes for", min_value=0, initial=0)
    votes_against = forms.IntegerField(label="Votes against", min_value=0, initial=0)
    votes_abstaining = forms.IntegerField(label="Abstentions", min_value=0, initial=0)
    outcome = forms.ChoiceField(
        label="Outcome", choices=Decision.Outcome.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, attendees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conflicts"].choices = [(m.pk, m.full_name) for m in attendees]
        for name in ("votes_for", "votes_against", "votes_abstaining"):
            self.fields[name].widget.attrs.update(inputmode="numeric")


class CorrectionMeetingForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label="At which meeting was the correction agreed?",
        queryset=None,
        empty_label="Choose a meeting",
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
