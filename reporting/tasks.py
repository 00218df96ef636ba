"""Thin tasks: each calls one service and is safe to run twice or at once."""

from celery import shared_task


@shared_task(name="reporting.tasks.reports_daily")
def reports_daily() -> dict:
    from .services.reminders import reports_daily as run

    return run()


@shared_task(name="reporting.tasks.notifications_send")
def notifications_send() -> dict:
    from .services.notify import notifications_send as run

    return run()


@shared_task(name="reporting.tasks.weekly_digests")
def weekly_digests() -> int:
    from .services.notify import digests_send

    return digests_send()
