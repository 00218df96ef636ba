"""Thin tasks: each takes ids and calls one service, and is safe to run twice."""

from celery import shared_task

from .services.disbursement import tranches_release_due
from .services.notifications import tranche_released_notify


@shared_task(name="grants.tasks.release_due_tranches")
def release_due_tranches() -> dict:
    """Daily (beat): release every due, unheld tranche. The database says what is due."""
    return {str(outcome): count for outcome, count in tranches_release_due().items()}


@shared_task(name="grants.tasks.notify_tranche_released")
def notify_tranche_released(tranche_id: int) -> None:
    tranche_released_notify(tranche_id=tranche_id)


@shared_task(name="grants.tasks.plan_reviews_remind")
def plan_reviews_remind() -> int:
    """Hourly (beat): remind chairs of plan reviews that are due, once per review."""
    from .services.plan_reviews import plan_reviews_remind_due

    return plan_reviews_remind_due()


@shared_task(name="grants.tasks.pending_receipts_clear")
def pending_receipts_clear() -> int:
    """Hourly (beat): remove receipts held for spend forms that were never sent again."""
    from .services.receipts import pending_receipts_clear as clear

    return clear()
