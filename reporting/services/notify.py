"""Telling people things: one Notification row per recipient and event (`key`), created with
ignore_conflicts so a repeated beat says nothing twice. Each row is also the e-mail owed: the
kernel outbox (cwf/core/outbox.py) sends it row by row after commit, so one failed address
never stops the others and is retried alone."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cwf.core import outbox
from cwf.core.dates import display_date

from ..models import Notification, NotificationPreference
from ..selectors.reports import unread_refresh


def notify(
    *, users: Iterable, key: str, kind: str, subject: str, body: str, report=None, link: str = ""
) -> int:
    """Record the notification for each user once (unique recipient + key), then queue the
    e-mails after commit. Weekly-digest users' rows wait for the digest. Returns new rows."""
    users = list({u.pk: u for u in users if u is not None and u.is_active}.values())
    if not users:
        return 0
    weekly = set(
        NotificationPreference.objects.filter(
            user__in=users, delivery=NotificationPreference.Delivery.WEEKLY
        ).values_list("user_id", flat=True)
    )
    before = Notification.objects.filter(key=key, recipient__in=users).count()
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                key=key,
                kind=kind,
                report=report,
                link=link,
                subject=subject[:200],
                body=body,
                email_status=(
                    Notification.Email.DIGEST if user.pk in weekly else Notification.Email.PENDING
                ),
            )
            for user in users
        ],
        ignore_conflicts=True,
    )
    pks = list(
        Notification.objects.filter(key=key, recipient__in=users).values_list("pk", flat=True)
    )
    created = len(pks) - before
    unread_refresh([u.pk for u in users])
    if created:
        outbox.send_after_commit(Notification, pks)
    return created


def notification_email(row: Notification) -> outbox.Message:
    """A notification's e-mail, for the kernel outbox that sends it (registered in
    ReportingConfig.ready): the same row is the in-product notice and the e-mail owed."""
    return outbox.Message(
        to=[row.recipient.email],
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{row.subject}",
        body=row.body,
    )


def digests_send(*, today=None) -> int:
    """The weekly digests: for each person who chose one, the notifications held for it, in one
    e-mail; for each officer, the overdue and returned reports of the partnerships they lead.
    Each digest is itself a notification keyed by the week, so it goes once."""
    from django.contrib.auth import get_user_model

    from ..models import QuarterlyReport
    from ..selectors.reports import overdue_reports

    today = today or timezone.localdate()
    week = today.isocalendar()
    key = f"digest:{week.year}-W{week.week:02d}"
    sent = 0
    waiting = Notification.objects.filter(email_status=Notification.Email.DIGEST).select_related(
        "recipient"
    )
    by_user: dict[int, list[Notification]] = {}
    for row in waiting:
        by_user.setdefault(row.recipient_id, []).append(row)
    User = get_user_model()
    lines_by_user: dict[int, list[str]] = {
        uid: [f"- {n.subject}" for n in rows] for uid, rows in by_user.items()
    }
    overdue = list(overdue_reports(today=today).exclude(partnership__lead_officer=None))
    returned = list(
        QuarterlyReport.objects.filter(status=QuarterlyReport.Status.RETURNED)
        .exclude(partnership__lead_officer=None)
        .select_related("partnership")
    )
    for report in overdue:
        lines_by_user.setdefault(report.partnership.lead_officer_id, []).append(
            f"- Overdue: {report} (due {display_date(report.effective_due_on)})"
        )
    for report in returned:
        lines_by_user.setdefault(report.partnership.lead_officer_id, []).append(
            f"- Returned, awaiting resubmission: {report}"
        )
    for user in User.objects.filter(pk__in=lines_by_user, is_active=True):
        body = "Hello,\n\nHere is your weekly summary of quarterly reports:\n\n" + "\n".join(
            lines_by_user[user.pk]
        )
        with transaction.atomic():
            created = notify(
                users=[user],
                key=key,
                kind=Notification.Kind.DIGEST,
                subject=f"Your weekly summary for {display_date(today)}",
                body=body,
            )
            if not created:  # this week's digest already exists: nothing more to do
                continue
            sent += created
            # The digest itself is e-mailed, even to someone who takes digests.
            Notification.objects.filter(
                recipient=user, key=key, email_status=Notification.Email.DIGEST
            ).update(email_status=Notification.Email.PENDING)
            Notification.objects.filter(pk__in=[n.pk for n in by_user.get(user.pk, [])]).update(
                email_status=Notification.Email.IN_DIGEST
            )
    return sent
