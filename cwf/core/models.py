from django.db import models


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
