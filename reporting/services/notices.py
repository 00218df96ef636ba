"""The one shape of a notice about an event in another app (an allocation's amendment, a plan's
status, a plan review, a refused membership change): who is told (`officers_for`,
`partnership_people`), and the notice itself, declared as data (`Notice`) and written by
`notify` (`notice_send`). Each event module maps its events to a function that builds the
Notice, or to nothing: an event nobody is told of. Grants and partnerships cannot import
reporting, so they send signals inside their transactions and the receivers here write the
rows, which commit or roll back with the change (connected in ReportingConfig.ready)."""

from __future__ import annotations

from dataclasses import dataclass

from cwf.accounts.models import User
from cwf.accounts.roles import Role

from .notify import notify

PARTNERSHIP_SIDE = (Role.PARTNERSHIP_CHAIR, Role.LTO_FINANCE)


@dataclass(frozen=True)
class Notice:
    users: list
    key: str  # names the event (and its time where a repeat is news), so a repeat says nothing
    kind: str
    subject: str
    body: str
    link: str = ""


def notice_send(notice: Notice | None) -> int:
    """Write the notice's rows (once per recipient and key); None tells no one."""
    if notice is None:
        return 0
    return notify(
        users=notice.users,
        key=notice.key,
        kind=notice.kind,
        subject=notice.subject,
        body=notice.body,
        link=notice.link,
    )


def officers_for(partnership, *, besides=None) -> list[User]:
    """The partnership's lead officer, or every fund officer when it has none (so nothing waits
    unseen); never `besides`, the officer who did it."""
    lead = partnership.lead_officer
    if lead is not None and lead.is_active and lead != besides:
        return [lead]
    officers = User.objects.filter(is_active=True, role_assignments__role=Role.FUND_OFFICER)
    if besides is not None:
        officers = officers.exclude(pk=besides.pk)
    return list(officers.distinct())


def partnership_people(partnership_id: int, roles=PARTNERSHIP_SIDE) -> list[User]:
    """The partnership's active people in `roles` (its chairs and LTO finance by default)."""
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__partnership_id=partnership_id,
            role_assignments__role__in=roles,
        ).distinct()
    )
