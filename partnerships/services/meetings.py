"""Meetings: when, what kind, the agenda, who came, and the minutes."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cwf.accounts import permissions
from cwf.accounts.models import User
from cwf.core.errors import DomainError, ScopeError

from ..models import Meeting, Member, Partnership
from ..quorum import quorum_required
from .members import partnership_for_writing


def members_on(partnership_id: int, day: datetime.date):
    """Members of the partnership on `day`: joined by then and not yet left."""
    return Member.objects.filter(partnership_id=partnership_id, joined_on__lte=day).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=day)
    )


def meeting_for_writing(*, actor: User, meeting_id: int) -> Meeting:
    """The meeting, locked, once the actor may change it and its minutes are still a draft."""
    # The meeting row is the lock for its attendance, minutes and decisions, so a decision is
    # never checked against attendance that is changing, nor added as the minutes are approved.
    meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
    if not permissions.can_run_partnership(actor, meeting.partnership_id):
        raise ScopeError("Only a fund officer or the partnership's chair can do this.")
    if Partnership.objects.filter(pk=meeting.partnership_id, status=Partnership.Status.CLOSED):
        raise DomainError("This partnership is closed and can no longer be changed.")
    if meeting.minutes_approved:
        raise DomainError(
            "The minutes of this meeting are approved, so it can no longer be changed. "
            "Record a correction at a later meeting."
        )
    return meeting


def _check_kind(kind: str) -> None:
    if kind not in Meeting.Kind.values:
        raise DomainError("Choose the type of meeting.", field="kind")


def meeting_create(
    *,
    actor: User,
    partnership_id: int,
    held_on: datetime.date,
    kind: str,
    title: str = "",
    agenda: str = "",
) -> Meeting:
    _check_kind(kind)
    with transaction.atomic():
        partnership = partnership_for_writing(actor=actor, partnership_id=partnership_id)
        return Meeting.objects.create(
            partnership=partnership,
            held_on=held_on,
            kind=kind,
            title=title.strip(),
            agenda=agenda.strip(),
            created_by=actor,
        )


def meeting_update(
    *,
    actor: User,
    meeting_id: int,
    held_on: datetime.date,
    kind: str,
    title: str = "",
    agenda: str = "",
    minutes: str = "",
) -> Meeting:
    _check_kind(kind)
    with transaction.atomic():
        meeting = meeting_for_writing(actor=actor, meeting_id=meeting_id)
        if (held_on != meeting.held_on or kind != meeting.kind) and meeting.decisions.exists():
            raise DomainError(
                "This meeting has decisions recorded, so its date and type cannot change.",
                field="held_on",
            )
        if held_on != meeting.held_on and meeting.attendees.exists():
            raise DomainError(
                "Attendance has been taken, so the date cannot change. Clear the attendance first.",
                field="held_on",
            )
        meeting.held_on = held_on
        meeting.kind = kind
        meeting.title = title.strip()
        meeting.agenda = agenda.strip()
        meeting.minutes = minutes.strip()
        meeting.save()
    return meeting


def meeting_attendance_record(*, actor: User, meeting_id: int, member_ids: list[int]) -> Meeting:
    """Who came. Sets the quorum from the voting members on the day."""
    from .decisions import check_votes  # decisions build on attendance

    with transaction.atomic():
        meeting = meeting_for_writing(actor=actor, meeting_id=meeting_id)
        if meeting.held_on > timezone.localdate():
            raise DomainError("Attendance can be taken once the meeting has happened.")
        eligible = members_on(meeting.partnership_id, meeting.held_on)
        attendees = list(eligible.filter(pk__in=member_ids))
        if len(attendees) != len(set(member_ids)):
            raise DomainError(
                "Only people who were members on the day of the meeting can be marked as present.",
                field="attendees",
            )
        voting = eligible.filter(has_vote=True).count()
        meeting.quorum_required = quorum_required(kind=meeting.kind, voting_members=voting)
        meeting.save(update_fields=["quorum_required"])
        for decision in meeting.decisions.prefetch_related("conflicts"):
            check_votes(
                attendees=attendees,
                conflicted_ids={c.member_id for c in decision.conflicts.all()},
                votes_for=decision.votes_for,
                votes_against=decision.votes_against,
                votes_abstaining=decision.votes_abstaining,
                prefix=f"Not changed: decision {decision.reference} ({decision.title}) would have "
                "more votes than the members who could vote. ",
            )
        meeting.attendees.set(attendees)
    return meeting


def meeting_minutes_approve(*, actor: User, meeting_id: int) -> Meeting:
    """Approved minutes freeze the meeting and its decisions."""
    with transaction.atomic():
        meeting = meeting_for_writing(actor=actor, meeting_id=meeting_id)
        if not meeting.minutes.strip():
            raise DomainError("Write the minutes before approving them.", field="minutes")
        if meeting.held_on > timezone.localdate():
            raise DomainError("Minutes can be approved once the meeting has happened.")
        meeting.minutes_status = Meeting.Minutes.APPROVED
        meeting.minutes_approved_at = timezone.now()
        meeting.minutes_approved_by = actor
        meeting.save(update_fields=["minutes_status", "minutes_approved_at", "minutes_approved_by"])
    return meeting
