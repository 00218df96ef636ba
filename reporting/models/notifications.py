"""Notifications: one row per recipient and thing to say, the unit of "sent exactly once"."""

from django.conf import settings
from django.db import models


class NotificationPreference(models.Model):
    """How a person wants e-mails: at once, or gathered into a weekly digest. No row: at once."""

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", "Email me straight away"
        WEEKLY = "weekly", "Email me a weekly digest"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE)

    def __str__(self) -> str:
        return f"{self.user}: {self.get_delivery_display()}"


class Notification(models.Model):
    """Something a person is told, in the product and by e-mail. `key` names the event (a
    report's reminder kind, a week's digest); unique per recipient, so it is said once however
    often beat runs. The e-mail's own status is kept per row: a failure for one recipient is
    retried later without touching those already delivered."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "Report due soon"
        DUE_TODAY = "due_today", "Report due today"
        OVERDUE = "overdue", "Report overdue"
        ESCALATION = "escalation", "Overdue report escalated"
        HOLD_PLACED = "hold_placed", "Payment held for an overdue report"
        HOLD_LIFTED = "hold_lifted", "Payment hold lifted"
        SUBMITTED = "submitted", "Report submitted"
        RETURNED = "returned", "Report returned"
        ACCEPTED = "accepted", "Report accepted"
        EXTENDED = "extended", "Report deadline extended"
        DIGEST = "digest", "Weekly digest"
        PLAN_SUBMITTED = "plan_submit", "Spending plan submitted"
        PLAN_ENDORSED = "plan_endorse", "Spending plan endorsed"
        PLAN_RETURNED = "plan_return", "Spending plan returned"
        ALLOCATION = "allocation", "Allocation changed"
        PLAN_REVIEW = "plan_review", "Plan review"
        COMPOSITION = "composition", "Membership change refused"
        QUESTION = "question", "Question about a learning note"
        ANSWER = "answer", "Answer to your question about a learning note"
        PLEDGE = "pledge", "Pledge changed"

    class Email(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed, will retry"
        DIGEST = "digest", "Waiting for the weekly digest"
        IN_DIGEST = "in_digest", "Sent in a digest"
        GAVE_UP = "gave_up", "Failed"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    key = models.CharField(max_length=80)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    report = models.ForeignKey(
        "reporting.QuarterlyReport",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    subject = models.CharField(max_length=200)
    body = models.TextField()
    # Where to act on it, when that is not the report (a spending plan's page, say).
    link = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(max_length=10, choices=Email.choices, default=Email.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # The kernel outbox's delivery fields (cwf/core/outbox.py): when a failed e-mail is next
    # tried, and when a worker claimed it for sending.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="one_notification_per_key"),
        ]
        indexes = [models.Index(fields=["email_status"])]

    def __str__(self) -> str:
        return f"{self.subject} to {self.recipient}"
