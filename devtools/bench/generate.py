"""Bulk generation of a synthetic national portfolio, in chunks of partnerships, one database
transaction per chunk (so the ledger's deferred balance triggers check each chunk at commit).

Dates are fixed, so runs compare: every allocation starts in the quarter from 1 October 2021
and pays quarterly for 15 years. Tranches due before RUN_QUARTER_STARTS are released (all but
the last paid); each partnership has exactly one tranche due in the run quarter, which the
disbursement measurement releases on RUN_DAY."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as dtime

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from cwf.accounts.models import RoleAssignment, User
from cwf.accounts.roles import Role
from cwf.core.dates import add_months
from partnerships.models import (
    Decision,
    Lto,
    Meeting,
    Member,
    Neighbourhood,
    Partnership,
    PartnershipLto,
)
from partnerships.regions import REGIONS

from . import coinvestment, money, reports, spending
from .people import People, people_create

RUN_QUARTER_STARTS = date(2026, 10, 1)
RUN_DAY = date(2026, 12, 31)
TERM_YEARS = 15
MEMBERS_PER_PARTNERSHIP = 12
DECISIONS_PER_MEETING = 2
CHUNK = 100


@dataclass
class Portfolio:
    people: People
    spends_per_partnership: int = 2000
    themes: list = field(default_factory=list)
    made: int = 0
    rows: dict[str, int] = field(default_factory=dict)


def starts_on(i: int) -> date:
    return date(2021, 10 + i % 3, 1 + i % 28)


def aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, dtime(12)))


def portfolio_start(
    *, partnerships: int, load_trustees: int = 20, spends_per_partnership: int = 2000
) -> Portfolio:
    """The people, and endowment capital enough for every allocation up to `partnerships`."""
    portfolio_rows: dict[str, int] = {}
    with transaction.atomic():
        people = people_create(load_trustees=load_trustees)
        money.endowment_fund(
            total=sum(money.allocation_total(i) for i in range(partnerships)),
            actor=people.proposer,
            rows=portfolio_rows,
        )
        themes = spending.themes_create()
    return Portfolio(
        people=people,
        spends_per_partnership=spends_per_partnership,
        themes=themes,
        rows=portfolio_rows,
    )


def portfolio_grow(portfolio: Portfolio, *, upto: int, stdout=None) -> None:
    """Add partnerships, in chunks, until there are `upto`."""
    started = time.perf_counter()
    for first in range(portfolio.made, upto, CHUNK):
        indexes = range(first, min(first + CHUNK, upto))
        with transaction.atomic():
            chunk = partnerships_create(
                indexes=indexes, people=portfolio.people, rows=portfolio.rows
            )
            allocations = money.allocations_create(
                chunk=chunk, people=portfolio.people, rows=portfolio.rows
            )
            spending.plans_create(
                allocations=allocations,
                themes=portfolio.themes,
                people=portfolio.people,
                rows=portfolio.rows,
            )
            spending.spends_create(
                allocations=allocations,
                themes=portfolio.themes,
                people=portfolio.people,
                per_partnership=portfolio.spends_per_partnership,
                rows=portfolio.rows,
            )
            reports.reports_create(
                allocations=allocations,
                run_day=RUN_DAY,
                actor=portfolio.people.approver,
                rows=portfolio.rows,
            )
            coinvestment.coinvestment_create(
                chunk=chunk, people=portfolio.people, run_day=RUN_DAY, rows=portfolio.rows
            )
            _notes_create(chunk, portfolio)
        portfolio.made = indexes[-1] + 1
        if stdout and portfolio.made % 200 == 0:
            stdout.write(f"  {portfolio.made} partnerships ({time.perf_counter() - started:.0f}s)")


NOTES_PER_PARTNERSHIP = 2  # so list pages and the query-count walk see learning notes


def _notes_create(chunk: list[dict], portfolio: Portfolio) -> None:
    from reporting.models import LearningNote
    from reporting.services.learning import search_text

    notes = []
    for n, row in enumerate(chunk):
        for k in range(NOTES_PER_PARTNERSHIP):
            note = LearningNote(
                partnership=row["partnership"],
                theme=portfolio.themes[(n + k) % len(portfolio.themes)],
                title=f"What we learned {k + 1}: a community fridge",
                tried="A community fridge in the hall.",
                happened="Forty households a week use it.",
                written_by=portfolio.people.proposer,
            )
            note.search_text = search_text(note)
            notes.append(note)
    _count(portfolio.rows, "learning_notes", LearningNote.objects.bulk_create(notes))


def _count(rows: dict[str, int], name: str, created: list) -> list:
    rows[name] = rows.get(name, 0) + len(created)
    return created


def partnerships_create(*, indexes: range, people: People, rows: dict) -> list[dict]:
    """Partnerships with their LTO, members, a meeting a quarter and its decisions."""
    partnerships, ltos = _partnerships_with_places(indexes=indexes, people=people, rows=rows)
    chairs = _chairs_create(indexes=indexes, partnerships=partnerships)
    members, meetings = [], []
    for i, partnership, chair in zip(indexes, partnerships, chairs, strict=True):
        members += _members(partnership, chair=chair, joined_on=starts_on(i))
        meetings += _quarterly_meetings(partnership, since=starts_on(i), people=people)
    _count(rows, "members", Member.objects.bulk_create(members))
    meetings = _count(rows, "meetings", Meeting.objects.bulk_create(meetings))
    _decisions_create(meetings=meetings, people=people, rows=rows)
    return [
        {"index": i, "partnership": partnership, "lto": lto}
        for i, partnership, lto in zip(indexes, partnerships, ltos, strict=True)
    ]


def _partnerships_with_places(*, indexes: range, people: People, rows: dict):
    """The partnerships, their LTOs and one ward each, linked."""
    partnerships = _count(
        rows,
        "partnerships",
        Partnership.objects.bulk_create(
            Partnership(
                name=f"Bench partnership {i + 1:04d}",
                status=Partnership.Status.DELIVERING,
                lead_officer=people.proposer,
                mou_signed_on=starts_on(i),
            )
            for i in indexes
        ),
    )
    ltos = _count(
        rows,
        "ltos",
        Lto.objects.bulk_create(
            Lto(
                name=f"Bench LTO {i + 1:04d}",
                charity_number=f"9{i:06d}",
                due_diligence_status="passed",
                due_diligence_date=starts_on(i),
            )
            for i in indexes
        ),
    )
    # One ward each, with codes no real ward has (E0599xxxx), in every region and decile.
    wards = _count(
        rows,
        "neighbourhoods",
        Neighbourhood.objects.bulk_create(
            Neighbourhood(
                code=f"E0599{i:04d}",
                kind="ward",
                name=f"Bench ward {i + 1:04d}",
                region=REGIONS[i % len(REGIONS)],
                population=6000 + (i * 37) % 6000,
                imd_decile=1 + i % 10,
                cni_decile=1 + (i // 10) % 10,
            )
            for i in indexes
        ),
    )
    Partnership.neighbourhoods.through.objects.bulk_create(
        Partnership.neighbourhoods.through(partnership_id=p.pk, neighbourhood_id=ward.pk)
        for p, ward in zip(partnerships, wards, strict=True)
    )
    PartnershipLto.objects.bulk_create(
        PartnershipLto(partnership=p, lto=lto, starts_on=starts_on(i), created_by=people.proposer)
        for i, p, lto in zip(indexes, partnerships, ltos, strict=True)
    )
    return partnerships, ltos


def _chairs_create(*, indexes: range, partnerships: list[Partnership]) -> list[User]:
    """Each chair signs in (a partnership-scoped role), so the reminder run has someone to
    tell."""
    unusable = make_password(None)
    chairs = User.objects.bulk_create(
        User(
            email=f"chair.{i + 1:04d}@bench.invalid", full_name=f"Chair {i + 1}", password=unusable
        )
        for i in indexes
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=chair, role=Role.PARTNERSHIP_CHAIR, partnership=p)
        for chair, p in zip(chairs, partnerships, strict=True)
    )
    return chairs


def _members(partnership: Partnership, *, chair: User, joined_on) -> list[Member]:
    """The chair (who signs in) and the other members, nine of them residents in all."""
    return [
        Member(
            partnership=partnership,
            full_name=f"Member {m + 1} of {partnership.name}",
            is_resident=m < 9,
            role=Member.Role.CHAIR if m == 0 else Member.Role.MEMBER,
            user=chair if m == 0 else None,
            joined_on=joined_on,
        )
        for m in range(MEMBERS_PER_PARTNERSHIP)
    ]


def _quarterly_meetings(partnership: Partnership, *, since, people: People) -> list[Meeting]:
    """A meeting a quarter, minutes approved, from `since` to the run's quarter."""
    meetings = []
    held_on = since
    while held_on < RUN_QUARTER_STARTS:
        meetings.append(
            Meeting(
                partnership=partnership,
                held_on=held_on,
                title=f"Quarterly meeting {held_on:%B %Y}",
                minutes="Minutes of the meeting.",
                minutes_status=Meeting.Minutes.APPROVED,
                minutes_approved_at=aware(held_on),
                minutes_approved_by=people.proposer,
                quorum_required=5,
                created_by=people.proposer,
            )
        )
        held_on = add_months(held_on, 3)
    return meetings


def _decisions_create(*, meetings: list[Meeting], people: People, rows: dict) -> None:
    _count(
        rows,
        "decisions",
        Decision.objects.bulk_create(
            Decision(
                partnership_id=meeting.partnership_id,
                meeting=meeting,
                title=f"Decision {d + 1}",
                decided="Agreed to fund the next stage of the action plan.",
                amount=money.DECISION_AMOUNT,
                votes_for=8,
                votes_against=1,
                outcome=Decision.Outcome.AGREED,
                recorded_by=people.proposer,
            )
            for meeting in meetings
            for d in range(DECISIONS_PER_MEETING)
        ),
    )
