"""The one shape of a notice about an event in another app (an allocation's amendment or ending,
a plan's status, a plan review, a refused membership change): the notice, declared as data
(`Notice`: who is told, from `recipients`, the key, the words, the link) and written by `notify`
(`notice_send`). Each event module maps its events to a function that builds the
Notice, or to nothing: an event nobody is told of. Grants and partnerships cannot import
reporting, so they send signals inside their transactions and the receivers here write the
rows, which commit or roll back with the change (connected in ReportingConfig.ready)."""

from __future__ import annotations

from dataclasses import dataclass

from .notify import notify


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
