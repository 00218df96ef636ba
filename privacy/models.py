from django.conf import settings
from django.db import models
from django.db.models import F, Q


class PrivacyRequest(models.Model):
    """A subject access export or an erasure, about one account or one partnership member.

    An export is built in the background (`status` and `progress`), downloaded once, then its
    file is deleted. An erasure is proposed by one officer with a reason and carried out when a
    second officer approves (four eyes, held by a constraint too)."""

    class Kind(models.TextChoices):
        EXPORT = "export", "Subject access export"
        ERASURE = "erasure", "Erasure"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        BUILDING = "building", "Being built"
        READY = "ready", "Ready to download"
        DOWNLOADED = "downloaded", "Downloaded"
        PROPOSED = "proposed", "Waiting for a second officer"
        ERASED = "erased", "Erased"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=12, choices=Status.choices)
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="privacy_requests",
    )
    subject_member = models.ForeignKey(
        "partnerships.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="privacy_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="privacy/exports/", blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)
    pseudonym = models.CharField(max_length=60, blank=True)
    places_changed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="privacy_request_has_a_subject",
                condition=Q(subject_user__isnull=False) | Q(subject_member__isnull=False),
            ),
            models.CheckConstraint(
                name="erasure_approved_by_a_second_officer",
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("requested_by")),
                violation_error_message="A second officer approves an erasure.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def progress_percent(self) -> int:
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)


class RetentionRun(models.Model):
    """One run of the retention schedule: what each rule changed (or would change)."""

    ran_at = models.DateTimeField(auto_now_add=True)
    dry_run = models.BooleanField()
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-ran_at", "-pk"]

    def __str__(self) -> str:
        return f"Retention run {self.pk}{' (dry run)' if self.dry_run else ''}"
