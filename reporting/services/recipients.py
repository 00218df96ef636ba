"""Who hears about a report: its writers (the chair, and whoever started it) and the officer
who answers for the partnership."""

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
