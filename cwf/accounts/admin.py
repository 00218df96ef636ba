"""The Django admin for people, roles and invitations. The admin signs in through allauth (see
cwf/urls.py), so it has MFA like everything else. Invitations are sent from the Invitations page,
which e-mails the link; the admin only reads them and can withdraw them."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.core.exceptions import PermissionDenied

from cwf.core.errors import DomainError

from . import invitations, role_grants
from .models import Invitation, RoleAssignment, User


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class UserChangeForm(DjangoUserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class RoleAssignmentInlineForm(forms.ModelForm):
    """A role, once given, is never changed in place (a confirmed trustee must not become an
    administrator by editing the row): remove it and grant the new one."""

    class Meta:
        model = RoleAssignment
        fields = ("role", "partnership")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("role", "partnership"):
                self.fields[name].disabled = True


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    form = RoleAssignmentInlineForm
    fk_name = "user"
    extra = 0
    fields = ("role", "partnership", "granted_by", "granted_at", "confirmed_by", "confirmed_at")
    readonly_fields = ("granted_by", "granted_at", "confirmed_by", "confirmed_at")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """People sign in with their e-mail address; there is no username."""

    form = UserChangeForm
    add_form = UserCreationForm
    inlines = [RoleAssignmentInline]
    list_display = ("email", "full_name", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff", "is_superuser", "role_assignments__role")
    search_fields = ("email", "full_name")
    ordering = ("email",)
    # Staff and superuser status are the administrator's powers: given here, they would skip
    # the second person a fund-wide role needs. They come from `manage.py createsuperuser` on
    # the server; in the application, grant the Administrator role (confirmed by a second
    # person) instead.
    readonly_fields = (
        "last_login", "date_joined", "is_staff", "is_superuser", "groups", "user_permissions"
    )  # fmt: skip
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal details", {"fields": ("full_name",)}),
        (
            "Permissions",
            {
                "fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions"),
                "description": (
                    "Staff and superuser status are set only by manage.py createsuperuser. "
                    "Fund-wide roles are granted below and take effect once a second officer or "
                    "an administrator confirms them on the Invitations page."
                ),
            },
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "usable_password", "password1", "password2"),
            },
        ),
    )

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []  # roles are given once the person exists

    def save_formset(self, request, form, formset, change):
        for assignment in formset.save(commit=False):
            if assignment.pk is None:
                _grant(request, assignment)
        for removed in formset.deleted_objects:
            _revoke(removed)


def _grant(request, assignment: RoleAssignment) -> RoleAssignment:
    """Every role given in the admin goes through the one writer: a fund-wide role waits for a
    second person to confirm it."""
    granted = role_grants.role_grant(
        user=assignment.user,
        role=assignment.role,
        partnership_id=assignment.partnership_id,
        granted_by=request.user,
    )
    if not granted.in_force:
        messages.warning(
            request,
            f"{granted.user} will be {granted.get_role_display().lower()} once a second officer "
            f"or an administrator confirms it on the Invitations page.",
        )
    return granted


def _revoke(assignment: RoleAssignment) -> None:
    role_grants.role_revoke(
        user=assignment.user, roles=[assignment.role], partnership_id=assignment.partnership_id
    )


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "partnership", "granted_by", "granted_at", "confirmed_by",
                    "confirmed_at")  # fmt: skip
    list_filter = ("role",)
    search_fields = ("user__email", "user__full_name", "partnership__name")
    list_select_related = ("user", "partnership", "granted_by", "confirmed_by")
    autocomplete_fields = ("user",)
    readonly_fields = ("granted_by", "granted_at", "confirmed_by", "confirmed_at")
    actions = ["confirm"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:  # never changed in place: remove it and grant the new one
            return ("user", "role", "partnership", *self.readonly_fields)
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if obj.pk is None:
            obj.pk = _grant(request, obj).pk

    def delete_model(self, request, obj):
        _revoke(obj)

    def delete_queryset(self, request, queryset):
        for assignment in queryset.select_related("user"):
            _revoke(assignment)

    @admin.action(description="Confirm the selected fund-wide roles")
    def confirm(self, request, queryset):
        confirmed = 0
        for assignment in queryset:
            try:
                role_grants.role_grant_confirm(assignment_id=assignment.pk, actor=request.user)
            except DomainError as exc:
                self.message_user(request, f"{assignment.user}: {exc.message}", messages.ERROR)
            else:
                confirmed += 1
        self.message_user(request, f"Confirmed {confirmed} role(s).", messages.SUCCESS)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read-only. The token's hash is never shown: it is only a check value, and the link in the
    e-mail is the only copy of the secret."""

    list_display = ("email", "role", "partnership", "status", "invited_by", "expires_at")
    list_filter = ("status", "role")
    search_fields = ("email", "full_name", "partnership__name")
    list_select_related = ("partnership", "invited_by")
    exclude = ("token_hash",)
    actions = ["withdraw"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "token_hash"]

    def has_add_permission(self, request):
        return False  # send invitations from the Invitations page, which e-mails the link

    def has_delete_permission(self, request, obj=None):
        return False  # invitations are the record of who let whom in: withdraw, never delete

    @admin.action(description="Withdraw the selected invitations")
    def withdraw(self, request, queryset):
        withdrawn = 0
        for invitation in queryset.filter(status__in=Invitation.OPEN_STATUSES):
            try:
                invitations.invitation_revoke(actor=request.user, invitation_id=invitation.pk)
            except (invitations.InvitationError, PermissionDenied) as exc:
                self.message_user(request, f"{invitation.email}: {exc}", messages.ERROR)
            else:
                withdrawn += 1
        self.message_user(request, f"Withdrew {withdrawn} invitation(s).", messages.SUCCESS)
