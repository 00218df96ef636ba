"""Reporting's gauges for /metrics/ (cwf.core.metrics): reports overdue and e-mails unsent."""

from django.db.models import Count, Min, Q
from django.utils import timezone

from cwf.core.metrics import register_gauge


def reports_overdue() -> float:
    from .selectors.reports import overdue_reports

    return float(overdue_reports().count())


def _unsent() -> dict:
    """E-mails owed and not sent: the outbox's rows (cwf.core.outbox) and the in-product
    notifications' e-mails, which go through the same sender."""
    from cwf.core.models import OutboxEmail

    from .models import Notification

    parts = [
        (OutboxEmail, [OutboxEmail.Status.PENDING, OutboxEmail.Status.SENDING,
                       OutboxEmail.Status.FAILED]),
        (Notification, [Notification.Email.PENDING, Notification.Email.FAILED]),
    ]  # fmt: skip
    total, oldest = 0, None
    for model, waiting in parts:
        row = model.objects.aggregate(
            n=Count("pk", filter=Q(email_status__in=waiting)),
            oldest=Min("created_at", filter=Q(email_status__in=waiting)),
        )
        total += row["n"]
        if row["oldest"] is not None and (oldest is None or row["oldest"] < oldest):
            oldest = row["oldest"]
    return {"n": total, "oldest": oldest}


def notifications_unsent() -> float:
    return float(_unsent()["n"])


def notifications_oldest_unsent_age() -> float:
    oldest = _unsent()["oldest"]
    return 0.0 if oldest is None else (timezone.now() - oldest).total_seconds()


def register_gauges() -> None:
    register_gauge(
        "cwf_reports_overdue", "Quarterly reports still owed after their due date.", reports_overdue
    )
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
