"""Trends: a snapshot of the headline figures, attention counts and reporting compliance each
quarter, kept by beat as due rows (once per quarter, a lost run made up by the next), and the
change since the last board pack, on the dashboard and in the board pack."""

import datetime
import io
from decimal import Decimal as D

import pytest
from django.db import IntegrityError, transaction
from openpyxl import load_workbook

from cwf.core.errors import TransitionError
from cwf.settings.beat import CELERY_BEAT_SCHEDULE
from reporting import tasks
from reporting.board_pack import pdf, render, xlsx
from reporting.board_pack.data import board_pack_data
from reporting.models import BoardPack, PortfolioSnapshot
from reporting.services.board_packs import board_pack_build, board_pack_request
from reporting.services.snapshots import (
    portfolio_snapshot_take,
    portfolio_snapshots_schedule,
    portfolio_snapshots_take_due,
    snapshot_transition,
)
from tests.conftest import signed_in
from tests.grants import scenario as money
from tests.reporting import scenario

pytestmark = pytest.mark.django_db
APRIL = datetime.date(2026, 4, 2)


@pytest.fixture
def portfolio():
    return scenario.build()


def test_beat_keeps_one_snapshot_per_quarter_whatever_it_is_run(portfolio):
    # On 31 March the last quarter to have ended is October to December.
    assert portfolio_snapshots_schedule(today=datetime.date(2026, 3, 31)) == 1
    assert portfolio_snapshots_schedule(today=APRIL) == 1
    assert portfolio_snapshots_schedule(today=APRIL) == 0
    assert portfolio_snapshots_schedule(today=datetime.date(2026, 6, 30)) == 0
    december, due = PortfolioSnapshot.objects.all()
    assert december.quarter_end == datetime.date(2025, 12, 31)
    assert (due.quarter_start, due.quarter_end, due.status) == (
        datetime.date(2026, 1, 1), datetime.date(2026, 3, 31), "due"
    )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        PortfolioSnapshot.objects.create(
            quarter_start=due.quarter_start, quarter_end=due.quarter_end
        )


def test_a_snapshot_holds_the_dashboards_figures_and_is_taken_once(portfolio):
    assert portfolio_snapshots_take_due(today=APRIL) == 1
    snapshot = PortfolioSnapshot.objects.get()
    assert snapshot.status == "taken" and snapshot.taken_at is not None
    figures = snapshot.figures
    # The hand-worked scenario: £3,150,000 committed, £6,850,000 uncommitted, one tranche held.
    assert figures["committed"] == "3150000.00"
    assert figures["uncommitted"] == "6850000.00"
    assert figures["held_tranches"] == 1
    assert "on_time_rate" in figures and "overdue_reports" in figures
    # Later money does not change a snapshot already taken; running again takes nothing.
    money.fund(portfolio.officer, amount="1000000.00", on=APRIL)
    assert portfolio_snapshots_take_due(today=APRIL) == 0
    assert portfolio_snapshot_take(snapshot_id=snapshot.pk).figures["uncommitted"] == "6850000.00"
    with pytest.raises(TransitionError):
        snapshot_transition(snapshot, "due")


def test_a_lost_run_is_made_up_by_the_next_beat(portfolio):
    portfolio_snapshots_schedule(today=APRIL)  # the row is made, then the worker dies
    assert PortfolioSnapshot.objects.get().status == "due"
    tasks.portfolio_snapshots_task.apply().get()  # the next beat, on today's date
    march = PortfolioSnapshot.objects.get(quarter_end=datetime.date(2026, 3, 31))
    assert march.status == "taken" and march.figures["committed"] == "3150000.00"
    assert not PortfolioSnapshot.objects.filter(status="due").exists()
    assert CELERY_BEAT_SCHEDULE["reporting-portfolio-snapshots"]["task"] == (
        "reporting.tasks.portfolio_snapshots"
    )


def test_the_dashboard_shows_quarter_by_quarter_and_change_since_the_last_pack(portfolio, trustee):
    for today in (datetime.date(2026, 1, 2), APRIL):
        portfolio_snapshots_schedule(today=today)
    # The earlier quarter's snapshot is taken before more money arrives, the later one after.
    first = PortfolioSnapshot.objects.get(quarter_end=datetime.date(2025, 12, 31))
    portfolio_snapshot_take(snapshot_id=first.pk)
    pack = board_pack_request(actor=trustee, kind="csv")
    board_pack_build(board_pack_id=pack.pk)
    pack.refresh_from_db()
    assert pack.status == "ready" and pack.figures["committed"] == "3150000.00"
    BoardPack.objects.filter(pk=pack.pk).update(as_of=datetime.date(2026, 3, 1))
    money.approved(portfolio.officer, portfolio.approver, amount="1000000.00")
    portfolio_snapshots_take_due(today=APRIL)
    body = signed_in(trustee).get("/portfolio/").content.decode()
    for text in ("Since the last board pack", "1 Mar 2026", "£3,150,000.00", "£4,200,000.00",
                 "+£1,050,000.00", "Quarter by quarter", "Oct to Dec 2025",
                 "Jan to Mar 2026"):  # fmt: skip
        assert text in body, text


def test_the_board_pack_shows_the_trend_and_what_changed_since_the_pack_before(portfolio, trustee):
    earlier = board_pack_request(actor=trustee, kind="csv")
    render(earlier, progress=lambda *_: None)
    BoardPack.objects.filter(pk=earlier.pk).update(
        status="ready", as_of=datetime.date(2026, 3, 1), file="board-packs/x.csv"
    )
    portfolio_snapshots_take_due(today=APRIL)
    money.fund(portfolio.officer, amount="500000.00", on=APRIL)
    data = board_pack_data(viewer=trustee, as_of=datetime.date(2026, 6, 1),
                           progress=lambda *_: None)  # fmt: skip
    assert data.trends.last_pack_as_of == datetime.date(2026, 3, 1)
    uncommitted = next(c for c in data.trends.since_pack if c.figure.key == "uncommitted")
    assert (uncommitted.then, uncommitted.now, uncommitted.change) == (
        D("6850000.00"), D("7350000.00"), D("500000.00")
    )  # fmt: skip
    html = pdf.html(data)
    for text in ("Since the last board pack", "1 Mar 2026", "+£500,000.00",
                 "Quarter by quarter", "Jan to Mar 2026"):  # fmt: skip
        assert text in html, text
    book = load_workbook(io.BytesIO(xlsx.write(data)))
    assert {"Since the last pack", "Quarter by quarter"} <= set(book.sheetnames)
