"""The admin manages the list of themes (a managed list: add, rename, retire). Everything else in
grants changes only through its services and pages."""

from django import forms
from django.contrib import admin

from .models import Outcome, Theme


class ThemeForm(forms.ModelForm):
    outcomes = forms.MultipleChoiceField(
        choices=Outcome.choices, widget=forms.CheckboxSelectMultiple, required=True
    )

    class Meta:
        model = Theme
        fields = ["name", "description", "outcomes", "is_active"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    form = ThemeForm
    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Spends and plans name themes: a theme is retired (is_active off), never deleted.
        return False
