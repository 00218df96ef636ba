from celery import shared_task

from .services.reviews import composition_reviews_send_due


@shared_task(name="partnerships.tasks.composition_reviews_send")
def composition_reviews_send() -> int:
    """Beat runs this hourly. The rows say what is due, so a lost or repeated run is harmless."""
    return composition_reviews_send_due()
