import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from cwf.core.errors import DomainError
from partnerships.models import ConflictOfInterest, Decision
from partnerships.services import decisions, meetings
from partnerships.services.decisions import DecisionInput
from tests.factories import Role, user_with_role
from tests.partnerships import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return f.officer_user()


@pytest.fixture
def partnership(officer):
    return f.partnership(officer, residents=7, others=3)  # 10 voting members


def test_quorum_is_set_from_the_settings_and_the_voting_members(officer, partnership):
    meeting = f.meeting_with_attendance(officer, partnership)
    assert meeting.quorum_required == 5  # half of 10


def test_a_quorate_meeting_records_a_decision_in_exact_pence(officer, partnership):
    meeting = f.meeting_with_attendance(officer, partnership)
    decision = f.decision(officer, meeting, amount="1,250.50")
    assert decision.amount == Decimal("1250.50")
    assert (decision.votes_for, decision.votes_against, decision.votes_abstaining) == (5, 1, 1)
    assert decision.partnership == partnership and decision.reference == f"D{decision.pk}"


def test_an_inquorate_meeting_cannot_decide(officer, partnership):
    meeting = f.meeting_with_attendance(
        officer, partnership, present=partnership.members.order_by("pk")[:4]
    )
    with pytest.raises(DomainError) as exc:
        f.decision(officer, meeting, votes_for=3, votes_against=0, votes_abstaining=0)
    assert "not quorate: 4 voting members attended and the quorum is 5" in exc.value.message
    assert "An inquorate meeting cannot make decisions" in exc.value.message


def test_residents_must_be_most_of_those_present(officer, partnership):
    present = list(partnership.members.filter(is_resident=True)[:3])
    present += list(partnership.members.filter(is_resident=False))
    meeting = f.meeting_with_attendance(officer, partnership, present=present)
    with pytest.raises(DomainError, match="must be residents, and 3 of 6 were"):
        f.decision(officer, meeting, votes_for=4, votes_against=0, votes_abstaining=0)


def test_more_votes_than_voters_present_is_refused(officer, partnership):
    meeting = f.meeting_with_attendance(
        officer, partnership, present=partnership.members.order_by("pk")[:6]
    )
    with pytest.raises(DomainError) as exc:
        f.decision(officer, meeting, votes_for=5, votes_against=1, votes_abstaining=1)
    assert exc.value.message == (
        "7 votes were recorded but only 6 members could vote: 6 voting members attended."
    )
    assert not Decision.objects.exists()


def test_a_conflicted_members_vote_is_not_counted(officer, partnership):
    present = list(partnership.members.order_by("pk")[:6])
    meeting = f.meeting_with_attendance(officer, partnership, present=present)
    conflicted = present[0]
    with pytest.raises(DomainError) as exc:
        f.decision(
            officer,
            meeting,
            votes_for=5,
            votes_against=1,
            votes_abstaining=0,
            conflicted_member_ids=(conflicted.pk,),
        )
    assert "only 5 members could vote" in exc.value.message
    assert (
        f"1 of them declared a conflict of interest ({conflicted.full_name})" in exc.value.message
    )
    decision = f.decision(
        officer,
        meeting,
        votes_for=4,
        votes_against=1,
        votes_abstaining=0,
        conflicted_member_ids=(conflicted.pk,),
        interest="Runs the café that would be paid",
    )
    conflict = ConflictOfInterest.objects.get(decision=decision)
    assert (conflict.member, conflict.interest) == (conflicted, "Runs the café that would be paid")


def test_only_people_present_declare_conflicts(officer, partnership):
    present = list(partnership.members.order_by("pk")[:6])
    absent = partnership.members.exclude(pk__in=[m.pk for m in present]).first()
    meeting = f.meeting_with_attendance(officer, partnership, present=present)
    with pytest.raises(DomainError, match="Only members at the meeting"):
        f.decision(officer, meeting, conflicted_member_ids=(absent.pk,))


@pytest.mark.parametrize(
    ("votes", "outcome", "message"),
    [
        ((2, 3, 0), "agreed", "agreed only with more votes for than against"),
        ((3, 3, 0), "agreed", "agreed only with more votes for than against"),
        ((4, 1, 0), "not_agreed", "the decision was agreed"),
    ],
)
def test_the_outcome_must_match_the_votes(officer, partnership, votes, outcome, message):
    meeting = f.meeting_with_attendance(officer, partnership)
    with pytest.raises(DomainError, match=message):
        f.decision(
            officer,
            meeting,
            votes_for=votes[0],
            votes_against=votes[1],
            votes_abstaining=votes[2],
            outcome=outcome,
        )


@pytest.mark.parametrize("amount", ["0", "-5", "12.345", "lots", 12.5])
def test_bad_amounts_are_refused(officer, partnership, amount):
    meeting = f.meeting_with_attendance(officer, partnership)
    with pytest.raises(DomainError):
        f.decision(officer, meeting, amount=amount)


def test_attendance_only_of_members_on_the_day(officer, partnership):
    meeting = meetings.meeting_create(
        actor=officer,
        partnership_id=partnership.pk,
        held_on=f.LONG_AGO - datetime.timedelta(days=1),
        kind="partnership",
    )
    with pytest.raises(DomainError, match="members on the day"):
        meetings.meeting_attendance_record(
            actor=officer, meeting_id=meeting.pk, member_ids=[partnership.members.first().pk]
        )


def test_a_future_meeting_takes_no_attendance_or_decisions(officer, partnership):
    meeting = meetings.meeting_create(
        actor=officer,
        partnership_id=partnership.pk,
        held_on=timezone.localdate() + datetime.timedelta(days=7),
        kind="agm",
    )
    with pytest.raises(DomainError, match="once the meeting has happened"):
        meetings.meeting_attendance_record(actor=officer, meeting_id=meeting.pk, member_ids=[])


def test_attendance_cannot_shrink_below_recorded_votes(officer, partnership):
    meeting = f.meeting_with_attendance(officer, partnership)
    f.decision(officer, meeting, votes_for=8, votes_against=0, votes_abstaining=0)
    with pytest.raises(DomainError, match="would have more votes than the members"):
        meetings.meeting_attendance_record(
            actor=officer,
            meeting_id=meeting.pk,
            member_ids=[m.pk for m in partnership.members.order_by("pk")[:6]],
        )


def _approve(officer, meeting):
    meetings.meeting_update(
        actor=officer,
        meeting_id=meeting.pk,
        held_on=meeting.held_on,
        kind=meeting.kind,
        minutes="All agreed.",
    )
    return meetings.meeting_minutes_approve(actor=officer, meeting_id=meeting.pk)


def test_minutes_need_writing_before_approval(officer, partnership):
    meeting = f.meeting_with_attendance(officer, partnership)
    with pytest.raises(DomainError, match="Write the minutes"):
        meetings.meeting_minutes_approve(actor=officer, meeting_id=meeting.pk)


def test_decisions_are_append_only_once_minutes_are_approved(officer, partnership):
    meeting = f.meeting_with_attendance(officer, partnership, held_on=f.LONG_AGO)
    decision = f.decision(officer, meeting)
    _approve(officer, meeting)
    data = DecisionInput(title="Changed", decided="Changed", outcome="deferred")
    with pytest.raises(DomainError, match="minutes of this meeting are approved"):
        decisions.decision_update(actor=officer, decision_id=decision.pk, data=data)
    with pytest.raises(DomainError, match="minutes of this meeting are approved"):
        decisions.decision_delete(actor=officer, decision_id=decision.pk)
    with pytest.raises(DomainError, match="minutes of this meeting are approved"):
        decisions.decision_record(actor=officer, meeting_id=meeting.pk, data=data)
    with pytest.raises(DomainError, match="minutes of this meeting are approved"):
        meetings.meeting_attendance_record(actor=officer, meeting_id=meeting.pk, member_ids=[])
    decision.refresh_from_db()
    assert decision.title == "Community hub kitchen"


def test_a_correction_is_a_new_decision_that_names_the_old_one(officer, partnership):
    old_meeting = f.meeting_with_attendance(officer, partnership, held_on=f.LONG_AGO)
    original = f.decision(officer, old_meeting)
    later = f.meeting_with_attendance(officer, partnership)
    with pytest.raises(DomainError, match="still a draft: change it instead"):
        decisions.decision_record(
            actor=officer,
            meeting_id=later.pk,
            corrects_id=original.pk,
            data=DecisionInput(title="Fix", decided="Fix", outcome="agreed", votes_for=6),
        )
    _approve(officer, old_meeting)
    correction = decisions.decision_record(
        actor=officer,
        meeting_id=later.pk,
        corrects_id=original.pk,
        data=DecisionInput(
            title="Kitchen, corrected", decided="£1,600", outcome="agreed", votes_for=6,
            amount="1600.00",
        ),
    )  # fmt: skip
    assert correction.corrects == original
    assert list(original.corrections.all()) == [correction]
    with pytest.raises(DomainError, match=f"already been corrected by {correction.reference}"):
        decisions.decision_record(
            actor=officer,
            meeting_id=later.pk,
            corrects_id=original.pk,
            data=DecisionInput(title="Again", decided="Again", outcome="agreed", votes_for=6),
        )


def test_draft_decisions_can_change_or_go(officer, partnership):
    meeting = f.meeting_with_attendance(officer, partnership)
    decision = f.decision(officer, meeting)
    decisions.decision_update(
        actor=officer,
        decision_id=decision.pk,
        data=DecisionInput(title="Renamed", decided="Same", outcome="deferred"),
    )
    decision.refresh_from_db()
    assert (decision.title, decision.outcome, decision.amount) == ("Renamed", "deferred", None)
    decisions.decision_delete(actor=officer, decision_id=decision.pk)
    assert not Decision.objects.exists()


def test_residents_cannot_record_decisions(officer, partnership):
    meeting = f.meeting_with_attendance(officer, partnership)
    resident = user_with_role(Role.RESIDENT_MEMBER, partnership)
    with pytest.raises(DomainError, match="Only a fund officer or the partnership's chair"):
        f.decision(resident, meeting)
