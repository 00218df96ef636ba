from celery import shared_task

from .services.register_imports import import_batch_run, import_batches_recover
from .services.reviews import composition_reviews_send_due


@shared_task(name="partnerships.tasks.composition_reviews_send")
def composition_reviews_send() -> int:
    """Beat runs this hourly. The rows say what is due, so a lost or repeated run is harmless."""
    return composition_reviews_send_due()


@shared_task(name="partnerships.tasks.run_register_import")
def run_register_import(import_batch_id: int) -> str:
    """Runs one queued register import. Safe to run twice: the second run finds the import no
    longer queued and changes nothing."""
    return import_batch_run(import_batch_id=import_batch_id).status


@shared_task(name="partnerships.tasks.recover_register_imports")
def recover_register_imports() -> int:
    """Sent by beat: re-sends imports whose message was lost, and re-queues ones whose worker
    died."""
    return import_batches_recover()
