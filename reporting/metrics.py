"""Reporting's gauges for /metrics/ (cwf.core.metrics): reports overdue and e-mails unsent."""

from django.db.models import Count, Min, Q
from django.utils import timezone

from cwf.core.metrics import register_gauge


def reports_overdue() -> float:
    from .selectors.reports import overdue_reports

    return float(overdue_reports().count())


def _unsent():
    from .models import Notification

    waiting = [Notification.Email.PENDING, Notification.Email.FAILED]
    return Notification.objects.aggregate(
        n=Count("pk", filter=Q(email_status__in=waiting)),
        oldest=Min("created_at", filter=Q(email_status__in=waiting)),
    )


def notifications_unsent() -> float:
    return float(_unsent()["n"])


def notifications_oldest_unsent_age() -> float:
    oldest = _unsent()["oldest"]
    return 0.0 if oldest is None else (timezone.now() - oldest).total_seconds()


def register() -> None:
    register_gauge(
        "cwf_reports_overdue", "Quarterly reports still owed after their due date.", reports_overdue
    )
    # The notification outbox (issue 16) replaces these two with its own rows, by name.
    register_gauge(
        "cwf_notifications_unsent",
        "Notifications whose e-mail is waiting to be sent or to be retried.",
        notifications_unsent,
    )
    register_gauge(
        "cwf_notifications_oldest_unsent_age_seconds",
        "Age of the oldest notification whose e-mail is not sent yet (0 when none).",
        notifications_oldest_unsent_age,
    )
