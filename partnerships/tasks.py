"""Thin tasks, each named after the service it runs and safe to run twice."""

from celery import shared_task

from .services import register_imports, reviews


@shared_task(name="partnerships.tasks.composition_reviews_send_due")
def composition_reviews_send_due() -> int:
    """Beat runs this hourly. The rows say what is due, so a lost or repeated run is harmless."""
    return reviews.composition_reviews_send_due()


@shared_task(name="partnerships.tasks.import_batch_run")
def import_batch_run(import_batch_id: int) -> str:
    """Runs one queued register import. Safe to run twice: the second run finds the import no
    longer queued and changes nothing."""
    return register_imports.import_batch_run(import_batch_id=import_batch_id).status


@shared_task(name="partnerships.tasks.import_batches_recover")
def import_batches_recover() -> int:
    """Sent by beat: re-sends imports whose message was lost, and re-queues ones whose worker
    died."""
    return register_imports.import_batches_recover()
