from celery import shared_task

from .services import heartbeat_record


@shared_task(name="cwf.core.tasks.heartbeat")
def heartbeat() -> None:
    """Sent by beat every 30 seconds; the worker running it proves the worker is alive."""
    heartbeat_record(name="worker")


@shared_task(name="cwf.core.tasks.submission_keys_prune")
def submission_keys_prune() -> int:
    """Hourly (beat): forget one-time submission keys older than a day."""
    from .services import submission_keys_prune as prune

    return prune()
