"""Thin tasks: each takes ids and calls one service, and is safe to run twice. Each task is
named after the service it runs."""

from celery import shared_task

from .services import disbursement, notifications, plan_reviews, receipts


@shared_task(name="grants.tasks.tranches_release_due")
def tranches_release_due() -> dict:
    """Daily (beat): release every due, unheld tranche. The database says what is due."""
    return {str(outcome): count for outcome, count in disbursement.tranches_release_due().items()}


@shared_task(name="grants.tasks.tranche_released_notify")
def tranche_released_notify(tranche_id: int) -> None:
    """Writes a release's e-mails if its release did not (one made before the outbox)."""
    notifications.tranche_released_notify(tranche_id=tranche_id)


@shared_task(name="grants.tasks.plan_reviews_remind_due")
def plan_reviews_remind_due() -> int:
    """Hourly (beat): remind chairs of plan reviews that are due, once per review."""
    return plan_reviews.plan_reviews_remind_due()


@shared_task(name="grants.tasks.pending_receipts_clear")
def pending_receipts_clear() -> int:
    """Hourly (beat): remove receipts held for spend forms that were never sent again."""
    return receipts.pending_receipts_clear()
