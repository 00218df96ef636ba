from django import forms

from cwf.core.forms import date_field

from ..models import Member
from .fields import yes_no_field


class MemberForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=200)
    email = forms.EmailField(
        label="E-mail address",
        required=False,
        help_text="Needed to invite them to sign in.",
    )
    is_resident = yes_no_field("Do they live in the area?")
    role = forms.ChoiceField(label="Role", choices=Member.Role.choices, initial=Member.Role.MEMBER)
    has_vote = yes_no_field("Do they have a vote?")
    joined_on = date_field("Date they joined")


class MemberLeaveForm(forms.Form):
    left_on = date_field("Date they left")
