"""The quarterly portfolio snapshot, kept by beat as due rows (see docs/architecture.md,
"Background work"): when a calendar quarter has ended, beat makes its row (one per quarter, by a
unique constraint) and takes the figures once; a row whose run was lost is still due at the
next beat, which takes it. Figures are read as the product itself (SYSTEM_READER), through the
selectors the dashboard uses, with overdue reports and planned-to-date judged on the quarter's
last day. A quarter the beat never saw (the service down for all of the next one) is not made
up: its figures cannot be read afterwards."""

from __future__ import annotations

import datetime
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from cwf.accounts.permissions import SYSTEM_READER
from cwf.core.transitions import check_transition

from ..models import PortfolioSnapshot
from ..selectors.summary import portfolio_summary
from ..trends import figures_of
from .periods import quarter_of

Status = PortfolioSnapshot.Status


def snapshot_transition(snapshot: PortfolioSnapshot, target: str) -> None:
    check_transition(
        current=snapshot.status,
        target=target,
        allowed=PortfolioSnapshot.TRANSITIONS,
        what="portfolio snapshot",
    )
    snapshot.status = target


def last_ended_quarter(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    start, _ = quarter_of(today)
    return quarter_of(start - timedelta(days=1))


def portfolio_snapshots_schedule(*, today: datetime.date | None = None) -> int:
    """Make the row for the quarter that ended last, if it is not there. Returns how many rows
    are new (0 or 1); safe to run at any interval and at once (ignore_conflicts on the unique
    quarter)."""
    today = today or timezone.localdate()
    start, end = last_ended_quarter(today)
    before = PortfolioSnapshot.objects.filter(quarter_end=end).exists()
    PortfolioSnapshot.objects.bulk_create(
        [PortfolioSnapshot(quarter_start=start, quarter_end=end)], ignore_conflicts=True
    )
    return 0 if before else int(PortfolioSnapshot.objects.filter(quarter_end=end).exists())


def portfolio_snapshot_take(*, snapshot_id: int) -> PortfolioSnapshot:
    """Take a due snapshot's figures. Safe to run twice or at once: the row is locked and its
    status checked, so the figures are written once and never changed."""
    with transaction.atomic():
        rows = PortfolioSnapshot.objects.filter(pk=snapshot_id)
        if connection.features.has_select_for_update_skip_locked:
            # Another worker taking the same quarter: leave it to them.
            rows = rows.select_for_update(skip_locked=True)
        snapshot = rows.first()
        if snapshot is None or snapshot.status != Status.DUE:
            return snapshot or PortfolioSnapshot.objects.get(pk=snapshot_id)
        summary = portfolio_summary(viewer=SYSTEM_READER, today=snapshot.quarter_end)
        snapshot.figures = figures_of(summary)
        snapshot_transition(snapshot, Status.TAKEN)
        snapshot.taken_at = timezone.now()
        snapshot.save(update_fields=["figures", "status", "taken_at"])
    return snapshot


def portfolio_snapshots_take_due(*, today: datetime.date | None = None) -> int:
    """For beat: make the last quarter's row if it is missing, then take every due row.
    Returns how many it took."""
    portfolio_snapshots_schedule(today=today)
    due = PortfolioSnapshot.objects.filter(status=Status.DUE).values_list("pk", flat=True)
    taken = 0
    for snapshot_id in list(due):
        taken += portfolio_snapshot_take(snapshot_id=snapshot_id).status == Status.TAKEN
    return taken
