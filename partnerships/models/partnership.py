from django.db import models


class Partnership(models.Model):
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
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def active_lto_link(self):
        """The accountable LTO link now in force, or None. Uses prefetched links if present."""
        links = self.lto_links.all()
        return next((link for link in links if link.ends_on is None), None)
