from django.db import models
from django.db.models import Q

from cwf.core.dates import display_date


class PortfolioSnapshot(models.Model):
    """The portfolio's headline figures, attention counts and reporting compliance at the end
    of one calendar quarter (reporting/trends.py says which). The row is the due work: beat
    makes it when the quarter ends and takes the figures once; a run that was lost leaves it
    due, and the next beat takes it."""

    class Status(models.TextChoices):
        DUE = "due", "Due"
        TAKEN = "taken", "Taken"

    # The one table of allowed moves; reporting.services.snapshots.snapshot_transition reads it.
    TRANSITIONS = {Status.DUE: {Status.TAKEN}, Status.TAKEN: set()}

    quarter_start = models.DateField()
    quarter_end = models.DateField()
    status = models.CharField(max_length=5, choices=Status.choices, default=Status.DUE)
    figures = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    taken_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["quarter_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["quarter_end"], name="one_portfolio_snapshot_per_quarter"
            ),
            models.CheckConstraint(
                name="portfolio_snapshot_quarter_in_order",
                condition=Q(quarter_start__lt=models.F("quarter_end")),
            ),
            models.CheckConstraint(
                name="portfolio_snapshot_taken_has_time",
                condition=Q(status="due") | Q(taken_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return (
            f"Portfolio at {display_date(self.quarter_end)} ({self.get_status_display().lower()})"
        )

    @property
    def label(self) -> str:
        """Jan to Mar 2026."""
        return f"{self.quarter_start:%b} to {self.quarter_end:%b %Y}"
