"""Quorum, from the settings: PARTNERSHIP_QUORUM_SHARE of the voting members (never fewer than
PARTNERSHIP_QUORUM_MINIMUM) present, most of them residents when
PARTNERSHIP_QUORUM_RESIDENT_MAJORITY is on; a sub-group needs PARTNERSHIP_SUB_GROUP_QUORUM."""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings

from .models import Meeting


def quorum_required(*, kind: str, voting_members: int) -> int:
    if kind == Meeting.Kind.SUB_GROUP:
        return int(settings.PARTNERSHIP_SUB_GROUP_QUORUM)
    share = Decimal(str(settings.PARTNERSHIP_QUORUM_SHARE))
    return max(int(settings.PARTNERSHIP_QUORUM_MINIMUM), math.ceil(share * voting_members))


def quorum_problem(meeting: Meeting, attendees: Iterable) -> str | None:
    """Why the meeting was not quorate, or None when it was."""
    voting = [m for m in attendees if m.has_vote]
    if len(voting) < meeting.quorum_required:
        return (
            f"The meeting was not quorate: {len(voting)} voting member"
            f"{'s' * (len(voting) != 1)} attended and the quorum is {meeting.quorum_required}."
        )
    residents = sum(1 for m in voting if m.is_resident)
    needs_residents = (
        settings.PARTNERSHIP_QUORUM_RESIDENT_MAJORITY and meeting.kind != Meeting.Kind.SUB_GROUP
    )
    if needs_residents and residents * 2 <= len(voting):
        return (
            f"The meeting was not quorate: most of the voting members present must be residents, "
            f"and {residents} of {len(voting)} were."
        )
    return None
