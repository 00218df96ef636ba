"""A person's own notification settings and read marks."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..models import Notification, NotificationPreference
from ..selectors.reports import unread_refresh


def preference_set(*, user, delivery: str) -> NotificationPreference:
    """Choose immediate e-mails or a weekly digest. Switching to immediate sends what was
    waiting for the digest at the next send."""
    with transaction.atomic():
        preference, _ = NotificationPreference.objects.update_or_create(
            user=user, defaults={"delivery": delivery}
        )
        if delivery == NotificationPreference.Delivery.IMMEDIATE:
            Notification.objects.filter(
                recipient=user, email_status=Notification.Email.DIGEST
            ).update(email_status=Notification.Email.PENDING)
    return preference


def notifications_mark_read(*, user) -> int:
    count = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    unread_refresh([user.pk])
    return count
