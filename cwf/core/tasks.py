from celery import shared_task

from . import outbox
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


@shared_task(name="cwf.core.tasks.outbox_send")
def outbox_send(ids: dict | None = None) -> dict:
    """Queued after a transaction that wrote messages commits, with their ids; and run by beat
    every minute without, to send every e-mail that is due (lost, or failed and past its
    back-off, or abandoned mid-send)."""
    return outbox.outbox_send(ids=ids)
