"""Who hears about a report: its writers (the chair, and whoever started it) and the officer
who answers for the partnership; and about a partnership's money: its officer (or every
officer) and the people on its side (its chairs and LTO finance staff)."""

from __future__ import annotations

from cwf.accounts.models import User
from cwf.accounts.roles import Role

from ..models import QuarterlyReport


def report_writers(report: QuarterlyReport) -> list[User]:
    chairs = User.objects.filter(
        is_active=True,
        role_assignments__partnership_id=report.partnership_id,
        role_assignments__role=Role.PARTNERSHIP_CHAIR,
    )
    people = {u.pk: u for u in chairs}
    if report.started_by_id and report.started_by.is_active:
        people[report.started_by_id] = report.started_by
    return list(people.values())


def lead_officer(report: QuarterlyReport) -> list[User]:
    officer = report.partnership.lead_officer
    return [officer] if officer is not None and officer.is_active else []


def officers_for(partnership, *, besides=None) -> list[User]:
    """The partnership's lead officer, or every fund officer when it has none (or the lead is
    the one to leave out)."""
    lead = partnership.lead_officer
    if lead is not None and lead.is_active and lead != besides:
        return [lead]
    return fund_officers(besides=besides)


def fund_officers(*, besides=None) -> list[User]:
    """Every active fund officer but `besides` (the one who acted)."""
    officers = User.objects.filter(is_active=True, role_assignments__role=Role.FUND_OFFICER)
    if besides is not None:
        officers = officers.exclude(pk=besides.pk)
    return list(officers.distinct())


def partnership_side(
    partnership_id: int, roles=(Role.PARTNERSHIP_CHAIR, Role.LTO_FINANCE)
) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__partnership_id=partnership_id,
            role_assignments__role__in=roles,
        ).distinct()
    )
