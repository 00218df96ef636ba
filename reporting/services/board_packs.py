"""Asking for a board pack, and making it in the background.

Asking for a pack is a read, not a write to the fund: it changes no figure and no record that
the fund keeps about partnerships or money. It only makes a file of what the asker may already
read. So trustees, who never write, may ask for one (the access matrix allows it: the rows are not
audited). Only fund-wide roles may ask.

The row is the due work (see docs/architecture.md): a queued row is built by the task enqueued
when the request commits, or by the beat task if that message was lost. One pack per format and
day is in flight at a time (a unique constraint): a second request joins the first, and both
askers get the same file."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from cwf.accounts import permissions
from cwf.core import queue
from cwf.core.errors import DomainError, ScopeError
from cwf.core.transitions import check_transition

from ..models import BoardPack, BoardPackRequest

logger = logging.getLogger(__name__)
Status = BoardPack.Status
# A queued pack this old has lost its message; a running one this old has lost its worker.
LOST_MESSAGE_AFTER = datetime.timedelta(minutes=2)
LOST_WORKER_AFTER = datetime.timedelta(minutes=30)


def board_pack_transition(pack: BoardPack, target: str) -> None:
    check_transition(
        current=pack.status, target=target, allowed=BoardPack.TRANSITIONS, what="board pack"
    )
    pack.status = target


def _enqueue(pack_id: int) -> None:
    queue.enqueue_after_commit("reporting.tasks.board_pack_build", pack_id)


def board_pack_request(*, actor, kind: str) -> BoardPack:
    """A pack of the portfolio as of today in `kind`'s format: a new one, or the one already
    being made, which this request joins."""
    if not permissions.sees_portfolio(actor):
        raise ScopeError("Only fund officers and trustees can ask for a board pack.")
    if kind not in BoardPack.Kind.values:
        raise DomainError("Choose a format: PDF, spreadsheet or CSV.", field="kind")
    as_of = timezone.localdate()
    in_flight = {"kind": kind, "as_of": as_of, "status__in": BoardPack.IN_FLIGHT}
    with transaction.atomic():
        pack = BoardPack.objects.filter(**in_flight).first()
        if pack is None:
            try:
                with transaction.atomic():
                    pack = BoardPack.objects.create(kind=kind, as_of=as_of, requested_by=actor)
                _enqueue(pack.pk)
            except IntegrityError:
                # Another request made it between our look and our insert: join that one.
                pack = BoardPack.objects.get(**in_flight)
        BoardPackRequest.objects.create(board_pack=pack, requested_by=actor)
    return pack


def _progress(pack_id: int) -> Callable[[int, str], None]:
    def report(percent: int, stage: str) -> None:
        # Written at once, outside any long transaction, so the page can show it.
        BoardPack.objects.filter(pk=pack_id, status=Status.RUNNING).update(
            progress=max(0, min(percent, 99)), stage=stage[:100]
        )

    return report


def board_pack_build(*, board_pack_id: int) -> BoardPack:
    """Make the file of a queued pack. Safe to run twice: a pack that is not queued is left as
    it is. A failure is recorded on the row, with the reason, for the asker to see."""
    from ..board_pack import render

    with transaction.atomic():
        # Lock so two workers given the same message do not both build it.
        pack = BoardPack.objects.select_for_update().get(pk=board_pack_id)
        if pack.status != Status.QUEUED:
            return pack
        board_pack_transition(pack, Status.RUNNING)
        pack.started_at, pack.progress, pack.stage = timezone.now(), 1, "Starting"
        pack.save(update_fields=["status", "started_at", "progress", "stage"])
    try:
        content = render(pack, progress=_progress(pack.pk))
    except Exception as exc:
        logger.exception("Board pack %s failed", pack.pk)
        return _finish(pack.pk, Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000])
    return _finish(pack.pk, Status.READY, content=content)


def _finish(pack_id: int, status: str, *, content: bytes = b"", error: str = "") -> BoardPack:
    with transaction.atomic():
        pack = BoardPack.objects.select_for_update().get(pk=pack_id)
        if pack.status != Status.RUNNING:
            return pack
        board_pack_transition(pack, status)
        if content:
            pack.file.save(pack.filename, ContentFile(content), save=False)
            pack.size = len(content)
        pack.progress = 100 if status == Status.READY else pack.progress
        pack.stage = "Ready" if status == Status.READY else "Failed"
        pack.error, pack.finished_at = error, timezone.now()
        pack.save()
    return pack


def board_packs_resume(*, now: datetime.datetime | None = None) -> int:
    """For beat: build the queued packs whose message was lost, and queue again the running ones
    whose worker died. Returns how many it built."""
    now = now or timezone.now()
    stuck = BoardPack.objects.filter(status=Status.RUNNING, started_at__lt=now - LOST_WORKER_AFTER)
    with transaction.atomic():
        for pack in stuck.select_for_update(skip_locked=True):
            board_pack_transition(pack, Status.QUEUED)
            pack.progress, pack.stage = 0, "Started again after the worker stopped"
            pack.save(update_fields=["status", "progress", "stage"])
    due = BoardPack.objects.filter(
        status=Status.QUEUED, requested_at__lt=now - LOST_MESSAGE_AFTER
    ).values_list("pk", flat=True)
    built = 0
    for pack_id in list(due):
        built += board_pack_build(board_pack_id=pack_id).status == Status.READY
    return built
