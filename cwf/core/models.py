from django.db import models


class Heartbeat(models.Model):
    """When a background component last proved it was alive (the worker, by running a task)."""

    name = models.CharField(max_length=50, unique=True)
    last_seen = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.last_seen:%Y-%m-%d %H:%M:%S}"
