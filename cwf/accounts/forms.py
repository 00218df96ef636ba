from allauth.account import forms as allauth_forms
from django import forms

from .emails import owner_of, taken_message
from .roles import GLOBAL_ROLES, Role


class InvitationForm(forms.Form):
    email = forms.EmailField(label="E-mail address")
    full_name = forms.CharField(label="Full name", max_length=200, required=False)
    role = forms.ChoiceField(label="Role", choices=Role.choices)
    partnership = forms.ModelChoiceField(
        label="Partnership",
        queryset=None,
        required=False,
        help_text="Needed for partnership roles: resident member, chair and LTO finance.",
    )

    def __init__(self, *args, partnerships, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships
        if roles is not None:
            self.fields["role"].choices = [(r.value, r.label) for r in Role if r in roles]

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role and role not in GLOBAL_ROLES and not data.get("partnership"):
            self.add_error("partnership", "Choose the partnership this role belongs to.")
        return data


class AddEmailForm(allauth_forms.AddEmailForm):
    """allauth's form, which lets an address that belongs to another account through (it hides
    which addresses have accounts, for the public forms). A signed-in person is told plainly."""

    def clean_email(self) -> str:
        value = super().clean_email()
        if owner_of(value, other_than=self.user) is not None:
            raise forms.ValidationError(taken_message(value))
        return value
