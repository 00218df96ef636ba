"""Thin tasks: each takes ids and calls one service, and is safe to run twice."""

from celery import shared_task

from .services import export, retention


@shared_task(name="privacy.tasks.export_build")
def export_build(request_id: int) -> None:
    export.export_build(request_id=request_id)


@shared_task(name="privacy.tasks.retention_run")
def retention_run() -> dict:
    """Daily (beat): apply the retention schedule (settings.PRIVACY_RETENTION)."""
    return retention.retention_run(dry_run=False).counts
