from django.conf import settings
from django.db import models
from django.db.models import Q

from cwf.core.dates import display_date


class BoardPack(models.Model):
    """A board pack in one format, as of one day, built in the background. The row is the due
    work: queued rows are picked up by the task enqueued on commit, or by the beat task if that
    message was lost. Generated files are kept."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Spreadsheet (XLSX)"
        CSV = "csv", "CSV"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being made"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    # The one table of allowed moves; reporting.services.board_packs.board_pack_transition reads it.
    TRANSITIONS = {
        Status.QUEUED: {Status.RUNNING, Status.FAILED},
        # Back to queued when a worker died half-way and the beat task picks it up again.
        Status.RUNNING: {Status.READY, Status.FAILED, Status.QUEUED},
        Status.READY: set(),
        Status.FAILED: set(),
    }
    IN_FLIGHT = (Status.QUEUED, Status.RUNNING)

    kind = models.CharField(max_length=4, choices=Kind.choices)
    as_of = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=100, blank=True)
    file = models.FileField(upload_to="board-packs/%Y/%m/", blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The headline figures, attention counts and compliance the pack was made with
    # (reporting/trends.py), so the next pack and the dashboard can say what changed since.
    figures = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # Asking twice at once makes one pack: the second request joins the first.
            models.UniqueConstraint(
                fields=["kind", "as_of"],
                condition=Q(status__in=["queued", "running"]),
                name="one_board_pack_in_flight_per_kind_and_day",
            ),
            models.CheckConstraint(
                name="board_pack_progress_0_to_100", condition=Q(progress__lte=100)
            ),
            models.CheckConstraint(
                name="board_pack_ready_has_file", condition=~Q(status="ready") | ~Q(file="")
            ),
        ]

    def __str__(self) -> str:
        return f"Board pack ({self.get_kind_display()}) as of {display_date(self.as_of)}"

    @property
    def is_in_flight(self) -> bool:
        return self.status in self.IN_FLIGHT

    @property
    def filename(self) -> str:
        return f"board-pack-{self.as_of:%Y-%m-%d}.{self.kind}"


class BoardPackRequest(models.Model):
    """Who asked for a pack, and when: a second request for a pack already being made joins it,
    and is listed beside the first."""

    board_pack = models.ForeignKey(BoardPack, on_delete=models.CASCADE, related_name="requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["requested_at", "pk"]

    def __str__(self) -> str:
        return f"{self.requested_by} asked for {self.board_pack}"
