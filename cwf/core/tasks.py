from celery import shared_task

from .services import heartbeat_record


@shared_task(name="cwf.core.tasks.heartbeat")
def heartbeat() -> None:
    """Sent by beat every 30 seconds; the worker running it proves the worker is alive."""
    heartbeat_record(name="worker")
