from django.conf import settings
from django.db import models
from django.db.models import Q

from partnerships.editions import EDITION_CHOICES, GEOGRAPHY_CHOICES, edition_label
from partnerships.measures import CNI, IMD, INDEX_LABELS


class ImportBatch(models.Model):
    """One import of an IMD or CNI file: who, when, which file (by SHA-256), how it went, and
    its progress while a background job runs it. A file equal to the register's current data
    (the same hash as the index's latest successful import) ends as "already imported" and
    changes nothing; any other file imports, even one imported long ago. A file that would take
    the scores away from most of the register waits for an officer to confirm it ("to confirm");
    `replace_confirmed` records that they did (or that the command ran with --replace)."""

    class Index(models.TextChoices):
        IMD = IMD, INDEX_LABELS[IMD]
        CNI = CNI, INDEX_LABELS[CNI]

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        CHECKING = "checking", "Checking rows"
        WRITING = "writing", "Writing"
        IMPORTED = "imported", "Imported"
        REJECTED = "rejected", "Rejected"
        ALREADY_IMPORTED = "already_imported", "Already imported"
        TO_CONFIRM = "to_confirm", "Waiting for an officer to confirm"

    # The one table of allowed moves (checked by services.register_imports._move). A job that
    # died while checking or writing goes back to the queue: writing is one transaction, so
    # nothing of it was kept.
    TRANSITIONS = {
        Status.QUEUED: {Status.CHECKING, Status.REJECTED},
        Status.CHECKING: {Status.WRITING, Status.REJECTED, Status.ALREADY_IMPORTED, Status.QUEUED},
        Status.WRITING: {
            Status.IMPORTED,
            Status.REJECTED,
            Status.ALREADY_IMPORTED,
            Status.QUEUED,
            Status.TO_CONFIRM,
        },
        # Confirmed (queued again, to replace the register) or declined (rejected).
        Status.TO_CONFIRM: {Status.QUEUED, Status.REJECTED},
        Status.IMPORTED: set(),
        Status.REJECTED: set(),
        Status.ALREADY_IMPORTED: set(),
    }
    RUNNING = (Status.QUEUED, Status.CHECKING, Status.WRITING)

    index = models.CharField(max_length=3, choices=Index.choices)
    # Set once the header is read: "ward" or "lsoa", and which file layout it was.
    kind = models.CharField(max_length=4, blank=True)
    file_format = models.CharField(max_length=40, blank=True)
    # The layout the officer said the file has (importers.FORMATS_BY_KEY); blank: any layout of
    # the index. A file of another layout (so of another edition) is refused.
    expected_format = models.CharField(max_length=40, blank=True)
    # The edition and geography of the figures, from the layout, set once the header is read.
    edition = models.CharField(max_length=10, choices=EDITION_CHOICES, blank=True)
    geography = models.CharField(max_length=10, choices=GEOGRAPHY_CHOICES, blank=True)
    file_name = models.CharField(max_length=255)
    # Where to read the file: relative to MEDIA_ROOT for uploads, absolute for the command line.
    source_path = models.CharField(max_length=500)
    sha256 = models.CharField(max_length=64)
    size_bytes = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_checked = models.PositiveIntegerField(default=0)
    rows_written = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    cleared_count = models.PositiveIntegerField(default=0)
    # [{"line": 12, "column": "Score", "message": "..."}], the first IMPORT_ERROR_LIMIT of them.
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    # Flag counts after the import, and each measure's median and decile boundaries.
    summary = models.JSONField(default=dict, blank=True)
    replace_confirmed = models.BooleanField(default=False)
    same_as = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "register import"
        constraints = [
            models.CheckConstraint(
                name="import_progress_within_total",
                condition=Q(rows_checked__lte=models.F("rows_total"))
                & Q(rows_written__lte=models.F("rows_total")),
            ),
        ]

    def __str__(self) -> str:
        return f"Import {self.pk}: {self.file_name}"

    @property
    def edition_label(self) -> str:
        """ "IoD2025 (2021 LSOAs)", or "" before the header is read."""
        return edition_label(self.edition, self.geography)

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def percent_done(self) -> int:
        """Checking is the first half of the work and writing the second."""
        if self.status in (self.Status.IMPORTED, self.Status.ALREADY_IMPORTED):
            return 100
        if not self.rows_total:
            return 0
        done = self.rows_checked + self.rows_written
        return min(99, round(100 * done / (2 * self.rows_total)))


class ScoreRevision(models.Model):
    """What one import changed on one neighbourhood: the values it set and the values they
    replaced, so a newer file never loses the older figures. Written only when something
    changed; never updated."""

    neighbourhood = models.ForeignKey(
        "partnerships.Neighbourhood", on_delete=models.CASCADE, related_name="score_revisions"
    )
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="revisions")
    index = models.CharField(max_length=3, choices=ImportBatch.Index.choices)
    # {"imd_score": 31.3, ...} before and after; null before a first import or after a removal.
    previous = models.JSONField(null=True, blank=True)
    current = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-batch_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["neighbourhood", "batch"], name="one_revision_per_import"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.neighbourhood_id} in import {self.batch_id}"
