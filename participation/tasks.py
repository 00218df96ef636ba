"""Thin tasks: each calls one service, and is safe to run twice."""

from celery import shared_task

from .services import budgets


@shared_task(name="participation.tasks.budgets_close_due")
def budgets_close_due() -> int:
    """Hourly (beat): close the votes whose closing day has passed and publish their results."""
    return len(budgets.budgets_close_due())
