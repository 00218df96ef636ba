"""Thin tasks: each takes ids and calls one service, and is safe to run twice or at once."""

from celery import shared_task

from .services.board_packs import board_pack_build, board_packs_resume


@shared_task(name="reporting.tasks.board_pack_build")
def board_pack_build_task(board_pack_id: int) -> str:
    """Enqueued when a request for a pack commits. The row says what is due; running twice is
    harmless."""
    return board_pack_build(board_pack_id=board_pack_id).status


@shared_task(name="reporting.tasks.board_packs_resume")
def board_packs_resume_task() -> int:
    """Beat runs this every few minutes, to build packs whose message was lost."""
    return board_packs_resume()


@shared_task(name="reporting.tasks.reports_hourly")
def reports_hourly() -> dict:
    """Hourly (beat): report periods, reminders, escalations and holds, each once."""
    from .services.reminders import reports_hourly as run

    return run()


@shared_task(name="reporting.tasks.digests_send")
def digests_send() -> int:
    """Monday 07:00 (beat): the weekly digests."""
    from .services.notify import digests_send as run

    return run()


@shared_task(name="reporting.tasks.portfolio_snapshots")
def portfolio_snapshots_task() -> int:
    """Beat runs this hourly: the quarter just ended gets its snapshot, once; a lost run is made
    up by the next."""
    from .services.snapshots import portfolio_snapshots_take_due

    return portfolio_snapshots_take_due()


@shared_task(name="reporting.tasks.open_data_publish")
def open_data_publish_task() -> bool:
    """Beat runs this hourly: the open-data files, rebuilt; a failed run keeps the last ones."""
    from .services.open_data import open_data_publish

    return open_data_publish()
