from django.utils import timezone

from .models import Heartbeat


def heartbeat_record(*, name: str) -> Heartbeat:
    beat, _ = Heartbeat.objects.update_or_create(name=name, defaults={"last_seen": timezone.now()})
    return beat


def submission_keys_prune(*, older_than_hours: int = 24) -> int:
    """Forget one-time submission keys after a day: a form kept open longer than that and sent
    twice is done twice, as before keys existed (cwf/core/idempotency.py)."""
    from datetime import timedelta

    from django.utils import timezone

    from .models import SubmissionKey

    cutoff = timezone.now() - timedelta(hours=older_than_hours)
    deleted, _ = SubmissionKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
