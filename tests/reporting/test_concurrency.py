"""Beat run twice at once on PostgreSQL: periods created once, each reminder e-mailed once, one
automatic hold. Threads stand in for two workers, each with its own database connection."""

import threading
from datetime import date

import pytest
from django.core import mail
from django.db import connection

from grants.models import TrancheHold
from reporting.models import Notification, QuarterlyReport
from reporting.services.reminders import reports_hourly
from tests.reporting.report_scenario import World

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _at_once(fn, workers=4):
    barrier = threading.Barrier(workers)
    errors = []

    def run():
        try:
            barrier.wait()
            fn()
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_concurrent_beat_runs_create_periods_once_and_send_each_reminder_once():
    world = World()
    # Day 61 after the first deadline: reports created, reminders, escalation and the hold due.
    today = date(2024, 9, 30)
    _at_once(lambda: reports_hourly(today=today))
    _at_once(lambda: reports_hourly(today=today))
    assert QuarterlyReport.objects.count() == 1
    report = QuarterlyReport.objects.get()
    keys = list(Notification.objects.values_list("recipient__email", "kind"))
    assert len(keys) == len(set(keys))
    assert Notification.objects.filter(kind="overdue", recipient=world.chair).count() == 1
    assert Notification.objects.filter(kind="escalation", recipient=world.officer).count() == 1
    assert TrancheHold.objects.filter(kind="automatic").count() == 1
    assert report.held_tranche_id is not None
    sent = [(m.to[0], m.subject) for m in mail.outbox]
    assert len(sent) == len(set(sent)) == Notification.objects.filter(email_status="sent").count()


def test_two_officers_deciding_at_once_get_one_outcome():
    from cwf.core.errors import DomainError
    from reporting.services import report_reviews as decisions
    from reporting.services import reports as services
    from tests.reporting.report_scenario import COMPLETE

    world = World()
    report = world.first_report()
    services.report_save_draft(report_id=report.pk, actor=world.chair, narrative=COMPLETE)
    services.report_submit(report_id=report.pk, actor=world.chair)
    outcomes, refusals = [], []
    lock = threading.Lock()

    def decide(action):
        try:
            action()
            with lock:
                outcomes.append(action)
        except DomainError as exc:
            with lock:
                refusals.append(exc.message)

    actions = [
        lambda: decide(lambda: decisions.report_accept(report_id=report.pk, actor=world.officer)),
        lambda: decide(
            lambda: decisions.report_return(
                report_id=report.pk, actor=world.second, comments="More detail"
            )
        ),
    ] * 2
    barrier = threading.Barrier(len(actions))

    def run(action):
        try:
            barrier.wait()
            action()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(outcomes) == 1 and len(refusals) == 3
    assert all("Your decision was not recorded" in m for m in refusals)
    report.refresh_from_db()
    assert report.status in ("accepted", "returned")
    assert report.versions.get().outcome == report.status


def test_concurrent_beat_runs_take_each_quarters_snapshot_once(monkeypatch):
    """Four workers run the snapshot beat at once: one row for the quarter, its figures read
    once (the others skip the locked row or find it taken)."""
    from reporting.models import PortfolioSnapshot
    from reporting.services import snapshots
    from tests.reporting import scenario

    scenario.build()
    reads, lock = [], threading.Lock()
    real = snapshots.portfolio_summary

    def counted(**kwargs):
        with lock:
            reads.append(kwargs["today"])
        return real(**kwargs)

    monkeypatch.setattr(snapshots, "portfolio_summary", counted)
    _at_once(lambda: snapshots.portfolio_snapshots_take_due(today=date(2026, 4, 2)))
    _at_once(lambda: snapshots.portfolio_snapshots_take_due(today=date(2026, 4, 2)))
    snapshot = PortfolioSnapshot.objects.get()
    assert snapshot.status == "taken" and snapshot.figures["committed"] == "3150000.00"
    assert reads == [date(2026, 3, 31)]
