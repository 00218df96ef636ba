from django.conf import settings
from django.db import models

from cwf.core.models import Tracked


class Partnership(Tracked):
    """A resident-led partnership: the group that decides how one neighbourhood's money is spent."""

    class Status(models.TextChoices):
        FORMING = "forming", "Forming"
        ENDORSED = "endorsed", "Endorsed"
        DELIVERING = "delivering", "Delivering"
        CLOSING = "closing", "Closing"
        CLOSED = "closed", "Closed"

    name = models.CharField(max_length=200, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.FORMING)
    neighbourhoods = models.ManyToManyField(
        "partnerships.Neighbourhood", related_name="partnerships", blank=True
    )
    # When the partnership's neighbourhood is a set of LSOAs rather than a ward: that set (its
    # LSOAs are then also its `neighbourhoods`, one per LSOA, for 360Giving and the register).
    lsoa_neighbourhood = models.ForeignKey(
        "partnerships.LsoaNeighbourhood",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partnerships",
    )
    # The officer who answers for this partnership, and to whom problems are escalated.
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_partnerships",
    )
    # The date the chair signed the memorandum of understanding, recorded at endorsement.
    mou_signed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Its public page (docs/open-data.md): the partnership opts in; an officer can take it down.
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def active_lto_link(self):
        """The accountable LTO link now in force, or None. Uses prefetched links if present."""
        links = self.lto_links.all()
        return next((link for link in links if link.ends_on is None), None)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class PartnershipStatusChange(models.Model):
    """One move through the lifecycle: who made it, when, and from which status. Never edited."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=Partnership.Status.choices)
    to_status = models.CharField(max_length=20, choices=Partnership.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.partnership}: {self.from_status} → {self.to_status}"
