from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cwf.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from cwf.core.home import register_actions, register_tasks
        from cwf.core.navigation import NavItem, register_nav_item

        from .home import invitation_actions, invitation_tasks

        register_tasks(invitation_tasks)
        register_actions(invitation_actions)

        from .permissions import may_manage_invitations

        register_nav_item(
            NavItem(
                "Invitations",
                "invitation_index",
                may_manage_invitations,
                None,
                "Invite people, and see who has not joined yet",
            )
        )

        from auditlog.registry import auditlog

        from . import schema, signals  # noqa: F401  (the schema extension; the invitation hook)
        from .models import ApiToken, Invitation, RoleAssignment, User

        auditlog.register(User, exclude_fields=["password", "last_login"])
        auditlog.register(RoleAssignment)
        auditlog.register(Invitation, exclude_fields=["token_hash"])
        auditlog.register(ApiToken, exclude_fields=["token_hash", "last_used_at"])
