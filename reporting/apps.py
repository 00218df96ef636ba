from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Reporting"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import metrics

        metrics.register_gauges()

        from cwf.accounts import permissions
        from cwf.core.home import register_actions, register_tasks
        from cwf.core.navigation import NavItem, register_nav_item

        from .home import portfolio_actions, report_tasks

        register_tasks(report_tasks)
        register_actions(portfolio_actions)

        from .models import Assumption, QuarterlyReport, ReportStory, ReportVersion

        register_nav_item(
            NavItem(
                "Portfolio",
                "reporting:dashboard",
                permissions.sees_portfolio,
                permissions.is_trustee,
                "The fund at a glance, forecasts, social value and board packs",
            )
        )
        register_nav_item(
            NavItem(
                "Reports",
                "reports:report_list",
                _reports_visible,
                _reports_visible,
                "Quarterly reports: due, written, submitted and reviewed",
            )
        )
        register_nav_item(
            NavItem(
                "Learning",
                "learning:note_list",
                permissions.may_read_learning,
                lambda user: False,
                "The learning library: what partnerships tried and learned, to search and ask",
            )
        )
        register_nav_item(
            NavItem(
                _notifications_label,
                "reports:notification_index",
                _signed_in,
                _signed_in,
                "What you have been told, and how you want to be e-mailed",
            )
        )

        # Board packs are not audited: asking for one is a read (see services/board_packs.py),
        # and the pack's own rows record who asked and when.
        for model in (Assumption, QuarterlyReport, ReportStory, ReportVersion):
            auditlog.register(model)

        # Plans live in grants, which cannot import reporting: it announces, we notify.
        from grants.signals import plan_status_changed

        from .services.plan_notices import plan_status_notify

        plan_status_changed.connect(plan_status_notify, dispatch_uid="reporting.plan_notices")

        from grants.signals import allocation_event, plan_review_event

        from .services.allocation_notices import allocation_event_notify, plan_review_notify

        allocation_event.connect(allocation_event_notify, dispatch_uid="reporting.allocations")

        from .services.ending_notices import ending_proposed_notify

        allocation_event.connect(ending_proposed_notify, dispatch_uid="reporting.endings")
        plan_review_event.connect(plan_review_notify, dispatch_uid="reporting.plan_reviews")

        from grants.signals import pledge_event

        from .services.pledge_notices import pledge_event_notify

        pledge_event.connect(pledge_event_notify, dispatch_uid="reporting.pledges")

        from partnerships.signals import composition_change_refused

        from .services.allocation_notices import composition_refused_notify

        composition_change_refused.connect(
            composition_refused_notify, dispatch_uid="reporting.composition"
        )

        # A notification is the e-mail owed too: the kernel outbox sends it.
        from cwf.core import outbox

        from .models import Notification
        from .services.notify import notification_email

        outbox.register(Notification, compose=notification_email, related=("recipient",))


def _reports_visible(user) -> bool:
    from cwf.accounts import permissions

    return bool(permissions.roles_of(user))


def _signed_in(user) -> bool:
    return user.is_authenticated


def _notifications_label(user) -> str:
    from .selectors.reports import unread_count

    unread = unread_count(viewer=user)
    return f"Notifications ({unread})" if unread else "Notifications"
