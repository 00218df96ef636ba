"""The Django admin for people, roles and invitations. The admin signs in through allauth (see
cwf/urls.py), so it has MFA like everything else. Invitations are sent from the Invitations page,
which e-mails the link; the admin only reads them and can withdraw them."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.core.exceptions import PermissionDenied

from . import invitations
from .models import Invitation, RoleAssignment, User


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class UserChangeForm(DjangoUserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    fields = ("role", "partnership", "granted_by", "granted_at")
    readonly_fields = ("granted_by", "granted_at")


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
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal details", {"fields": ("full_name",)}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
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
                assignment.granted_by = request.user
            assignment.save()
        for removed in formset.deleted_objects:
            removed.delete()
        formset.save_m2m()


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "partnership", "granted_by", "granted_at")
    list_filter = ("role",)
    search_fields = ("user__email", "user__full_name", "partnership__name")
    list_select_related = ("user", "partnership", "granted_by")
    autocomplete_fields = ("user",)
    readonly_fields = ("granted_by", "granted_at")

    def save_model(self, request, obj, form, change):
        if obj.pk is None:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)


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
        for invitation in queryset.filter(status=Invitation.Status.PENDING):
            try:
                invitations.invitation_revoke(actor=request.user, invitation_id=invitation.pk)
            except (invitations.InvitationError, PermissionDenied) as exc:
                self.message_user(request, f"{invitation.email}: {exc}", messages.ERROR)
            else:
                withdrawn += 1
        self.message_user(request, f"Withdrew {withdrawn} invitation(s).", messages.SUCCESS)
