"""Scenario builders for partnership tests. Everything that has rules goes through the services."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from partnerships.models import Neighbourhood
from partnerships.services import decisions, ltos, meetings, members, partnerships
from partnerships.services.decisions import DecisionInput
from tests.factories import Role, user_with_role

_codes = itertools.count(1)
_charities = itertools.count(1100001)

LONG_AGO = datetime.date(2024, 1, 15)


def neighbourhood(code: str | None = None, name: str = "Grange", **extra) -> Neighbourhood:
    code = code or f"E05{next(_codes):06d}"
    found, _ = Neighbourhood.objects.get_or_create(
        code=code,
        defaults={"kind": "ward", "name": name, "local_authority_name": "Halton", **extra},
    )
    return found


def officer_user(**kwargs):
    return user_with_role(Role.FUND_OFFICER, **kwargs)


def add_members(officer, partnership, *, residents: int, others: int = 0, joined=LONG_AGO):
    """`residents` resident voting members then `others` non-resident voting members."""
    made = []
    for n in range(residents + others):
        made.append(
            members.member_add(
                actor=officer,
                partnership_id=partnership.pk,
                full_name=f"{'Resident' if n < residents else 'Adviser'} {n + 1}",
                email=f"member{n + 1}-{partnership.pk}@example.net",
                is_resident=n < residents,
                joined_on=joined,
            ).member
        )
    return made


def lto(officer, *, passed: bool = True, name: str = "Halton Community Trust"):
    return ltos.lto_save(
        actor=officer,
        name=name,
        charity_number=str(next(_charities)),
        due_diligence_status="passed" if passed else "in_progress",
        due_diligence_date=LONG_AGO if passed else None,
    )


def partnership(
    officer,
    *,
    name: str = "Grange Estate Partnership",
    residents: int = 6,
    others: int = 2,
    lto_passed: bool | None = True,
    endorse: bool = False,
):
    """A forming partnership with members and (unless lto_passed is None) an LTO."""
    made = partnerships.partnership_create(
        actor=officer, name=name, neighbourhood_codes=[neighbourhood().code]
    )
    add_members(officer, made, residents=residents, others=others)
    if lto_passed is not None:
        ltos.lto_link(
            actor=officer,
            partnership_id=made.pk,
            lto_id=lto(officer, passed=lto_passed, name=f"{name} Trust").pk,
            starts_on=LONG_AGO,
        )
    if endorse:
        partnerships.partnership_endorse(
            actor=officer, partnership_id=made.pk, mou_signed_on=datetime.date(2024, 3, 1)
        )
    made.refresh_from_db()
    return made


def meeting_with_attendance(
    officer, partnership, *, present=None, held_on=None, kind="partnership"
):
    meeting = meetings.meeting_create(
        actor=officer,
        partnership_id=partnership.pk,
        held_on=held_on or timezone.localdate(),
        kind=kind,
        title="Partnership meeting",
    )
    present = present if present is not None else list(partnership.members.all())
    return meetings.meeting_attendance_record(
        actor=officer, meeting_id=meeting.pk, member_ids=[m.pk for m in present]
    )


def decision(officer, meeting, **overrides):
    data = {
        "title": "Community hub kitchen",
        "decided": "Fund a new kitchen at the hub.",
        "outcome": "agreed",
        "votes_for": 5,
        "votes_against": 1,
        "votes_abstaining": 1,
        "amount": "1250.50",
        "theme": "Community spaces",
        **overrides,
    }
    return decisions.decision_record(
        actor=officer, meeting_id=meeting.pk, data=DecisionInput(**data)
    )
