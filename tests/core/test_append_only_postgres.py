"""Issue 13, finding 7: what PostgreSQL itself refuses on the append-only tables, whatever the
code above it does (migrations core/0002, grants/0005, partnerships/0005, reporting/0003). The
ledger's own guards are in tests/grants/test_ledger_postgres.py."""

import datetime
from datetime import date
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from grants.models import AllocationAmendment, Spend
from grants.services.amendments import amendment_propose, amendment_reject
from grants.services.endowment import endowment_movement_reverse
from grants.services.spending import SpendInput, spend_log, spend_reverse
from partnerships.models import Decision, Meeting, PartnershipStatusChange
from partnerships.services import decisions, meetings, members
from reporting.models import Assumption, ReportVersion
from reporting.services.assumptions import assumptions_ensure_defaults
from reporting.services.report_reviews import report_return
from reporting.services.reports import report_save_draft, report_submit
from tests.grants.plan_scenario import setup_partnership, with_money_received
from tests.grants.scenario import fund
from tests.reporting.report_scenario import COMPLETE, World

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (its triggers): run with "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name>"
        )


def _refused(statement: str, params, what: str) -> None:
    with (
        pytest.raises(DatabaseError, match=what),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, params)


def test_a_logged_spend_cannot_be_updated_or_deleted():
    s = with_money_received(setup_partnership())  # the LTO has the money it spends
    spend = spend_log(
        partnership_id=s["partnership"].pk,
        actor=s["resident"],
        data=SpendInput(
            spent_on=date(2024, 6, 1),
            amount="75.50",
            payee="Print Shop",
            description="Leaflets",
            theme_id=s["themes"]["Young people"].pk,
        ),
    )
    with (
        pytest.raises(DatabaseError, match="grants_spend is append-only: UPDATE"),
        transaction.atomic(),
    ):
        Spend.objects.filter(pk=spend.pk).update(amount=Decimal("7.55"))
    _refused("DELETE FROM grants_spend WHERE id = %s", [spend.pk], "append-only: DELETE")
    # The reversal, the one way to correct it, still works.
    spend_reverse(spend_id=spend.pk, actor=s["resident"], reason="Wrong amount")
    spend.refresh_from_db()
    assert spend.amount == Decimal("75.50")
    assert Spend.objects.count() == 2


def _approved_decision() -> Decision:
    s = with_money_received(setup_partnership())  # the LTO has the money it spends
    officer, partnership = s["officer"], s["partnership"]
    today = timezone.localdate()
    added = [
        members.member_add(
            actor=officer,
            partnership_id=partnership.pk,
            full_name=f"Member {n}",
            email=f"member{n}@example.org",
            is_resident=True,
            joined_on=today - datetime.timedelta(days=400),
        ).member
        for n in range(8)
    ]
    meeting = meetings.meeting_create(
        actor=officer, partnership_id=partnership.pk, held_on=today, kind="partnership"
    )
    meetings.meeting_attendance_record(
        actor=officer, meeting_id=meeting.pk, member_ids=[m.pk for m in added]
    )
    decision = decisions.decision_record(
        actor=officer,
        meeting_id=meeting.pk,
        data=decisions.DecisionInput(
            title="Hall hire", decided="Hire the hall", outcome="agreed", votes_for=7
        ),
    )
    # While the minutes are a draft, the decision can still be put right.
    Decision.objects.filter(pk=decision.pk).update(title="Hall hire for the summer")
    meetings.meeting_update(
        actor=officer, meeting_id=meeting.pk, held_on=today, kind="partnership",
        minutes="We agreed to hire the hall.",
    )  # fmt: skip
    meetings.meeting_minutes_approve(actor=officer, meeting_id=meeting.pk)
    return decision


def test_a_decision_is_kept_once_its_minutes_are_approved():
    decision = _approved_decision()
    with (
        pytest.raises(DatabaseError, match="is kept: its meeting's minutes are approved"),
        transaction.atomic(),
    ):
        Decision.objects.filter(pk=decision.pk).update(title="Something else")
    _refused("DELETE FROM partnerships_decision WHERE id = %s", [decision.pk], "is kept")
    _refused(
        "UPDATE partnerships_meeting SET minutes_status = 'draft' WHERE id = %s",
        [decision.meeting_id],
        "stay approved",
    )
    decision.refresh_from_db()
    assert decision.title == "Hall hire for the summer"
    assert Meeting.objects.get(pk=decision.meeting_id).minutes_status == "approved"


def test_a_submitted_report_version_is_kept_and_decided_once():
    world = World()
    report = world.first_report()
    report_save_draft(report_id=report.pk, actor=world.chair, narrative=COMPLETE)
    report_submit(report_id=report.pk, actor=world.chair)
    version = ReportVersion.objects.get(report=report)
    _refused(
        "UPDATE reporting_reportversion SET content = '{}'::jsonb WHERE id = %s",
        [version.pk],
        "append-only: UPDATE",
    )
    report_return(report_id=report.pk, actor=world.officer, comments="Add the spend story")
    version.refresh_from_db()
    assert version.outcome  # the decision was filled in, once
    _refused(
        "UPDATE reporting_reportversion SET comments = 'Changed' WHERE id = %s",
        [version.pk],
        "append-only: UPDATE",
    )
    _refused("DELETE FROM reporting_reportversion WHERE id = %s", [version.pk], "DELETE")


def test_assumptions_and_lifecycle_moves_are_never_changed():
    assumption = assumptions_ensure_defaults()[0]
    _refused(
        "UPDATE reporting_assumption SET value = value + 1 WHERE id = %s",
        [assumption.pk],
        "append-only: UPDATE",
    )
    _refused("DELETE FROM reporting_assumption WHERE id = %s", [assumption.pk], "DELETE")
    assert Assumption.objects.filter(pk=assumption.pk, value=assumption.value).exists()

    s = with_money_received(setup_partnership())  # the LTO has the money it spends
    move = PartnershipStatusChange.objects.create(
        partnership=s["partnership"], from_status="forming", to_status="endorsed",
        changed_by=s["officer"],
    )  # fmt: skip
    _refused(
        "UPDATE partnerships_partnershipstatuschange SET note = 'x' WHERE id = %s",
        [move.pk],
        "append-only: UPDATE",
    )
    _refused("DELETE FROM partnerships_partnershipstatuschange WHERE id = %s", [move.pk], "DELETE")


def test_an_amendment_and_a_reversal_are_completed_once():
    s = with_money_received(setup_partnership())  # the LTO has the money it spends
    amendment = amendment_propose(
        allocation_id=s["allocation"].pk,
        actor=s["officer"],
        kind=AllocationAmendment.Kind.AMOUNT,
        reason="More housing",
        new_amount=Decimal("1200000.00"),
    )
    _refused(
        "UPDATE grants_allocationamendment SET new_amount = 2000000 WHERE id = %s",
        [amendment.pk],
        "append-only: UPDATE",
    )
    amendment_reject(amendment_id=amendment.pk, actor=s["second"], note="Not now")
    _refused(
        "UPDATE grants_allocationamendment SET status = 'approved' WHERE id = %s",
        [amendment.pk],
        "append-only: UPDATE",
    )
    movement = fund(s["officer"], "1000.00")
    endowment_movement_reverse(movement_id=movement.pk, actor=s["officer"], reason="Entered twice")
    _refused(
        "UPDATE grants_endowmentmovement SET reversal_reason = 'x' WHERE id = %s",
        [movement.pk],
        "append-only: UPDATE",
    )
    _refused("DELETE FROM grants_endowmentmovement WHERE id = %s", [movement.pk], "DELETE")
