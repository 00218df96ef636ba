from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Reporting"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from cwf.core.navigation import NavItem, register

        from .models import QuarterlyReport, ReportStory, ReportVersion

        for model in (QuarterlyReport, ReportStory, ReportVersion):
            auditlog.register(model)

        register(NavItem("Reports", "reports:report_list", _reports_visible))
        register(NavItem(_notifications_label, "reports:notification_index", _signed_in))


def _reports_visible(user) -> bool:
    from cwf.accounts import permissions

    return bool(permissions.roles_of(user))


def _signed_in(user) -> bool:
    return user.is_authenticated


def _notifications_label(user) -> str:
    from .selectors.reports import unread_count

    unread = unread_count(viewer=user)
    return f"Notifications ({unread})" if unread else "Notifications"
