"""Decisions: what a quorate meeting decided, with its votes and declared conflicts of interest.

A decision can be changed while its meeting's minutes are a draft. Once they are approved it is
kept as recorded: a correction is a new decision, at a later meeting, that names the one it
corrects."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from cwf.accounts.models import User
from cwf.core.dates import display_date
from cwf.core.errors import DomainError
from cwf.core.money import money

from ..models import ConflictOfInterest, Decision, Meeting
from ..quorum import quorum_problem
from .meetings import meeting_attendance_record, meeting_create, meeting_for_writing

Outcome = Decision.Outcome


@dataclass(frozen=True)
class DecisionInput:
    """What a person records about one decision."""

    title: str
    decided: str
    outcome: str
    votes_for: int = 0
    votes_against: int = 0
    votes_abstaining: int = 0
    amount: Decimal | str | None = None
    theme: str = ""
    conflicted_member_ids: tuple[int, ...] = ()
    interest: str = ""  # what the conflicted members declared


def _names(members: Iterable) -> str:
    return ", ".join(sorted(m.full_name for m in members))


def check_votes(
    *,
    attendees: list,
    conflicted_ids: set[int],
    votes_for: int,
    votes_against: int,
    votes_abstaining: int,
    prefix: str = "",
) -> None:
    """Refuse more votes than the members present who may vote. A member who declared a conflict
    of interest may not vote on it: their vote is not counted."""
    if min(votes_for, votes_against, votes_abstaining) < 0:
        raise DomainError("Votes cannot be negative.", field="votes_for")
    voters = [m for m in attendees if m.has_vote]
    conflicted = [m for m in voters if m.pk in conflicted_ids]
    entitled = len(voters) - len(conflicted)
    cast = votes_for + votes_against + votes_abstaining
    if cast <= entitled:
        return
    because = f"{len(voters)} voting member{'s' * (len(voters) != 1)} attended"
    if conflicted:
        because += (
            f" and {len(conflicted)} of them declared a conflict of interest "
            f"({_names(conflicted)}), so their votes are not counted"
        )
    raise DomainError(
        f"{prefix}{cast} votes were recorded but only {entitled} member"
        f"{'s' * (entitled != 1)} could vote: {because}.",
        field="votes_for",
    )


def _check_outcome(data: DecisionInput) -> None:
    if data.outcome not in Outcome.values:
        raise DomainError("Choose the outcome.", field="outcome")
    if data.outcome == Outcome.AGREED and data.votes_for <= data.votes_against:
        raise DomainError(
            f"A decision is agreed only with more votes for than against "
            f"({data.votes_for} for, {data.votes_against} against).",
            field="outcome",
        )
    if data.outcome == Outcome.NOT_AGREED and data.votes_for > data.votes_against:
        raise DomainError(
            f"With {data.votes_for} for and {data.votes_against} against, the decision was agreed.",
            field="outcome",
        )


def _validate(meeting: Meeting, data: DecisionInput) -> tuple[Decimal | None, list]:
    if not data.title.strip():
        raise DomainError("Enter a title for the decision.", field="title")
    if not data.decided.strip():
        raise DomainError("Say what was decided.", field="decided")
    if meeting.held_on > timezone.localdate():
        raise DomainError("Decisions can be recorded once the meeting has happened.")
    attendees = list(meeting.attendees.all())
    if not attendees:
        raise DomainError("Record who attended the meeting first.")
    problem = quorum_problem(meeting, attendees)
    if problem:
        raise DomainError(f"{problem} An inquorate meeting cannot make decisions.")
    present = {m.pk for m in attendees}
    if set(data.conflicted_member_ids) - present:
        raise DomainError(
            "Only members at the meeting can declare a conflict of interest.", field="conflicts"
        )
    check_votes(
        attendees=attendees,
        conflicted_ids=set(data.conflicted_member_ids),
        votes_for=data.votes_for,
        votes_against=data.votes_against,
        votes_abstaining=data.votes_abstaining,
    )
    _check_outcome(data)
    amount = None
    if data.amount not in (None, ""):
        amount = money(data.amount, label="decision's amount")
    return amount, attendees


def _check_correction(meeting: Meeting, corrects_id: int) -> Decision:
    original = (
        Decision.objects.select_related("meeting")
        .filter(pk=corrects_id, partnership_id=meeting.partnership_id)
        .first()
    )
    if original is None:
        raise DomainError("The decision to correct is not one of this partnership's.")
    if not original.meeting.minutes_approved:
        raise DomainError(
            f"The minutes with {original.reference} are still a draft: change it instead."
        )
    later = original.corrections.order_by("-pk").first()
    if later is not None:
        raise DomainError(
            f"{original.reference} has already been corrected by {later.reference}. "
            f"Correct {later.reference} instead."
        )
    if meeting.held_on < original.meeting.held_on:
        raise DomainError(
            "A correction must be made at a meeting on or after "
            f"{display_date(original.meeting.held_on)}.",
            field="meeting",
        )
    return original


def _write_conflicts(decision: Decision, data: DecisionInput) -> None:
    decision.conflicts.exclude(member_id__in=data.conflicted_member_ids).delete()
    for member_id in data.conflicted_member_ids:
        ConflictOfInterest.objects.update_or_create(
            decision=decision, member_id=member_id, defaults={"interest": data.interest.strip()}
        )


def _fill(decision: Decision, data: DecisionInput, amount: Decimal | None) -> None:
    decision.title = data.title.strip()
    decision.decided = data.decided.strip()
    decision.amount = amount
    decision.theme = data.theme.strip()
    decision.votes_for = data.votes_for
    decision.votes_against = data.votes_against
    decision.votes_abstaining = data.votes_abstaining
    decision.outcome = data.outcome


def decision_record(
    *, actor: User, meeting_id: int, data: DecisionInput, corrects_id: int | None = None
) -> Decision:
    with transaction.atomic():
        meeting = meeting_for_writing(actor=actor, meeting_id=meeting_id)
        amount, _ = _validate(meeting, data)
        original = _check_correction(meeting, corrects_id) if corrects_id else None
        decision = Decision(
            partnership_id=meeting.partnership_id,
            meeting=meeting,
            corrects=original,
            recorded_by=actor,
        )
        _fill(decision, data, amount)
        decision.save()
        _write_conflicts(decision, data)
    return decision


def decision_update(*, actor: User, decision_id: int, data: DecisionInput) -> Decision:
    with transaction.atomic():
        decision = Decision.objects.get(pk=decision_id)
        # meeting_for_writing refuses once the minutes are approved: decisions are then kept.
        meeting = meeting_for_writing(actor=actor, meeting_id=decision.meeting_id)
        amount, _ = _validate(meeting, data)
        _fill(decision, data, amount)
        decision.save()
        _write_conflicts(decision, data)
    return decision


def decision_delete(*, actor: User, decision_id: int) -> None:
    with transaction.atomic():
        decision = Decision.objects.get(pk=decision_id)
        meeting_for_writing(actor=actor, meeting_id=decision.meeting_id)
        if decision.corrections.exists():
            raise DomainError("This decision has been corrected, so it is kept.")
        decision.delete()


def decision_record_in_one_step(
    *,
    actor: User,
    partnership_id: int,
    held_on,
    written: bool,
    title: str,
    amount: Decimal | str,
    agreed_member_ids: Iterable[int],
    others_present_ids: Iterable[int] = (),
    votes_against: int = 0,
    meeting_id: int | None = None,
    decided: str = "",
) -> Decision:
    """Record an agreed decision with its amount in one go, as a spend over the threshold needs:
    at a meeting already recorded (`meeting_id`), at a new one on `held_on` (its attendance is
    who agreed plus the others present), or by written resolution (who signed). Every rule is the
    meeting's and decision's own: this only calls meeting_create, meeting_attendance_record and
    decision_record in one transaction, so a refusal leaves nothing half-written."""
    agreed = list(dict.fromkeys(agreed_member_ids))
    others = [m for m in dict.fromkeys(others_present_ids) if m not in agreed]
    if not agreed:
        raise DomainError("Select who agreed.", field="agreed_by")
    if written and (others or votes_against):
        raise DomainError(
            "A written resolution counts only those who agreed in writing: leave the others "
            "present and the votes against empty.",
            field="others_present",
        )
    with transaction.atomic():
        if meeting_id is None:
            meeting = meeting_create(
                actor=actor, partnership_id=partnership_id, held_on=held_on,
                kind=Meeting.Kind.WRITTEN if written else Meeting.Kind.PARTNERSHIP,
                title=f"{'Written resolution' if written else 'Meeting'}: {title.strip()}"[:200],
            )  # fmt: skip
            meeting_attendance_record(
                actor=actor, meeting_id=meeting.pk, member_ids=agreed + others
            )
        else:
            meeting = Meeting.objects.filter(pk=meeting_id, partnership_id=partnership_id).first()
            if meeting is None:
                raise DomainError("Choose one of this partnership's meetings.", field="meeting")
            present = set(meeting.attendees.values_list("pk", flat=True))
            if set(agreed) - present:
                raise DomainError(
                    "Only members recorded as present at that meeting can have agreed.",
                    field="agreed_by",
                )
        return decision_record(
            actor=actor,
            meeting_id=meeting.pk,
            data=DecisionInput(
                title=title, decided=decided or title, outcome=Outcome.AGREED,
                votes_for=len(agreed), votes_against=votes_against, amount=amount,
            ),
        )  # fmt: skip
