from django.db import models
from django.db.models.functions import Now
from django.utils import timezone


class Heartbeat(models.Model):
    """When a background component last proved it was alive (the worker, by running a task)."""

    name = models.CharField(max_length=50, unique=True)
    last_seen = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.last_seen:%Y-%m-%d %H:%M:%S}"


class SubmissionKey(models.Model):
    """One write request, by the one-time key its form carried (`{% submission_key %}`) or its
    API client sent (`Idempotency-Key`), and the answer it got. A repeat of the key gets that
    answer again and changes nothing (cwf/core/idempotency.py). Kept a day."""

    principal = models.CharField(max_length=100)  # who: "user:12", "token:<hash>", "anonymous"
    key = models.CharField(max_length=100)
    path = models.CharField(max_length=500)
    status_code = models.PositiveSmallIntegerField()
    location = models.CharField(max_length=2000, blank=True)
    content_type = models.CharField(max_length=200, blank=True)
    body = models.BinaryField(blank=True, default=b"")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["principal", "key"], name="core_submission_key_once")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.path})"


class PortfolioVersion(models.Model):
    """One row whose number goes up, in the same transaction, with every write to a table the
    portfolio's figures are read from (PostgreSQL triggers; cwf/core/portfolio_version.py).
    Cached portfolio figures are keyed by it, so none is older than the last committed write."""

    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"portfolio version {self.version}"


class OutboxEmail(models.Model):
    """An e-mail owed to someone, written in the same transaction as the event it tells of, so
    a rolled-back event leaves none and a committed one cannot be lost: the row is sent after
    commit, retried with back-off, and found again by beat if its task never ran
    (`cwf.core.outbox`). In-product notifications (`reporting.Notification`) carry the same
    delivery fields and go through the same sender."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed, will retry"
        GAVE_UP = "gave_up", "Failed"

    # Names the event and recipient when the event must be told once (a release, a review);
    # unique, so writing it twice says nothing twice. Blank for messages that may repeat.
    key = models.CharField(max_length=320, unique=True, null=True, blank=True)
    to = models.JSONField(default=list)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    # A body holding a sign-in link is blanked once sent, so the table keeps no usable token.
    secret = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    email_status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["email_status"], name="outbox_status")]

    def __str__(self) -> str:
        return f"{self.subject} to {', '.join(self.to)} ({self.email_status})"


class TrackedQuerySet(models.QuerySet):
    """Bulk writes move `updated_at` too (Django's auto_now does not see .update() or
    bulk_update), so an API client that syncs with `updated_after` never misses a change."""

    def update(self, **kwargs):
        kwargs.setdefault("updated_at", timezone.now())
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        now = timezone.now()
        for obj in objs:
            obj.updated_at = now
        return super().bulk_update(objs, [*fields, "updated_at"], batch_size=batch_size)


class Tracked(models.Model):
    """A record the API serves: when it last changed, for incremental syncs (`updated_after`).
    The database default fills rows written by raw SQL (the register's imports) and rows that
    existed before the column did."""

    updated_at = models.DateTimeField(auto_now=True, db_default=Now(), db_index=True)

    objects = TrackedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        # auto_now sets the value, but save(update_fields=[...]) writes only the fields named.
        if update_fields is not None:
            update_fields = {*update_fields, "updated_at"}
        super().save(*args, update_fields=update_fields, **kwargs)
