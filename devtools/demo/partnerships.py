"""Demo partnerships for `make run`: a dozen across England's regions, in real left-behind wards
(codes, names and local authorities from the 2019 Community Needs Index's "Left Behind Area?"
list), in every lifecycle state, with members, LTOs, meetings and decisions.

The wards' populations are approximate figures made up for the demo (demo_data.DEMO_POPULATIONS),
not official statistics: they let the trustees' dashboard show funding per head.

Built through the services, as a person would build them. Idempotent: a partnership that already
has members is left alone. The people and organisations are made up; the charity and company
numbers have the right format and belong to nobody we know of."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from cwf.accounts.models import User
from devtools.demo.accounts import demo_partnership
from devtools.demo.partnerships_data import (
    DECISIONS,
    DEMO_POPULATIONS,
    FIRST,
    LAST,
    LTOS,
    PARTNERSHIPS,
    ROLES,
    WARDS,
    S,
)
from partnerships.models import Lto, Meeting, Member, Neighbourhood, Partnership
from partnerships.services import decisions, ltos, meetings, members, partnerships
from partnerships.services.decisions import DecisionInput
from partnerships.services.reviews import composition_reviews_send_due


def _people():
    """Names that do not repeat for the first 900."""
    for i in itertools.count():
        yield f"{FIRST[i % len(FIRST)]} {LAST[(i + 7 * (i // len(FIRST))) % len(LAST)]}"


def _neighbourhood(key: str) -> Neighbourhood:
    code, name, la_code, la_name, region = WARDS[key]
    known = {
        "name": name,
        "local_authority_code": la_code,
        "local_authority_name": la_name,
        "region": region,
    }
    neighbourhood, _ = Neighbourhood.objects.get_or_create(
        code=code, defaults={"kind": Neighbourhood.Kind.WARD, **known}
    )
    # The demo's IMD import creates wards with scores but no names (the IMD file has none), and
    # an operator's CNI import fills them in; until then the demo fills only what is blank.
    blank = {field: value for field, value in known.items() if not getattr(neighbourhood, field)}
    if blank:
        Neighbourhood.objects.filter(pk=neighbourhood.pk).update(**blank)
        for field, value in blank.items():
            setattr(neighbourhood, field, value)
    return neighbourhood


def _populations() -> int:
    """Gives the demo wards their approximate demo populations (demo_data.DEMO_POPULATIONS),
    where the register has none, so the dashboard can show funding per head. Runs on every seed,
    so a database seeded before the figures existed gets them; a population already there (a
    real import, or an earlier seed) is never changed."""
    filled = 0
    for key, population in DEMO_POPULATIONS.items():
        filled += Neighbourhood.objects.filter(code=WARDS[key][0], population__isnull=True).update(
            population=population
        )
    return filled


def _lto(officer: User, key: str, checked_on: datetime.date):
    name, charity, company, supplier, passed = LTOS[key]
    existing = Lto.objects.filter(charity_number=charity).first()
    if existing:
        return existing
    lto = ltos.lto_save(
        actor=officer,
        name=name,
        charity_number=charity,
        company_number=company,
        address=f"{name}\nThe Community Centre\nHigh Street",
        supplier_reference=supplier,
        due_diligence_status="passed" if passed else "in_progress",
        due_diligence_date=checked_on if passed else None,
    )
    slug = name.split()[0].lower()
    ltos.lto_contact_save(
        actor=officer, lto_id=lto.pk, name="Sam Whitfield", role="Finance manager",
        email=f"finance@{slug}-trust.example.org", phone="01234 567890",
    )  # fmt: skip
    ltos.lto_contact_save(
        actor=officer, lto_id=lto.pk, name="Nadia Farouk", role="Chief executive",
        email=f"ceo@{slug}-trust.example.org",
    )  # fmt: skip
    return lto


def _members(officer, partnership, names, voting: int, residents: int, joined, users=()):
    """`voting` voting members (the first `residents` of them residents), a chair, vice chair and
    treasurer, and one co-opted adviser without a vote. `users` take the first places."""
    users = list(users)
    for i in range(voting):
        user = users[i] if i < len(users) else None  # None leaves a place for a made-up name
        name = user.full_name if user else next(names)
        members.member_add(
            actor=officer,
            partnership_id=partnership.pk,
            full_name=name,
            email=user.email
            if user
            else f"{name.lower().replace(' ', '.').replace(chr(39), '')}@example.net",
            is_resident=i < residents,
            role=ROLES[i] if i < len(ROLES) else Member.Role.MEMBER,
            has_vote=True,
            joined_on=joined,
            user_id=user.pk if user else None,
        )
    members.member_add(
        actor=officer,
        partnership_id=partnership.pk,
        full_name=next(names),
        is_resident=False,
        role=Member.Role.CO_OPTED,
        has_vote=False,
        joined_on=joined,
    )


def _meetings(officer, partnership, start: datetime.date, count: int, today, offset: int):
    people = list(partnership.members.filter(left_on__isnull=True))
    made = []
    for n in range(count):
        held_on = min(start + datetime.timedelta(days=60 * (n + 1)), today)
        kind = Meeting.Kind.AGM if n == 0 else Meeting.Kind.PARTNERSHIP
        meeting = meetings.meeting_create(
            actor=officer, partnership_id=partnership.pk, held_on=held_on, kind=kind,
            agenda="1. Apologies\n2. Declarations of interest\n3. Minutes of the last meeting\n"
            "4. Spending proposals\n5. Any other business",
        )  # fmt: skip
        away = people[(n + offset) % len(people)]  # one apology each time, not always the same
        present = [m.pk for m in people if m.pk != away.pk]
        meetings.meeting_attendance_record(actor=officer, meeting_id=meeting.pk, member_ids=present)
        voters = [m for m in people if m.pk in present and m.has_vote]
        title, decided, amount, theme = DECISIONS[(offset + n) % len(DECISIONS)]
        conflicted = (voters[-1].pk,) if n == 1 else ()
        against = 1 if n % 2 else 0
        decisions.decision_record(
            actor=officer,
            meeting_id=meeting.pk,
            data=DecisionInput(
                title=title, decided=decided, amount=amount, theme=theme, outcome="agreed",
                votes_for=len(voters) - len(conflicted) - against - 1, votes_against=against,
                votes_abstaining=1, conflicted_member_ids=conflicted,
                interest="Volunteers with the organisation that would deliver this" if conflicted
                else "",
            ),
        )  # fmt: skip
        meetings.meeting_update(
            actor=officer, meeting_id=meeting.pk, held_on=held_on, kind=kind, agenda=meeting.agenda,
            minutes=f"{len(present)} members attended. The partnership discussed {title.lower()} "
            f"and agreed it as recorded. Next meeting in two months.",
        )  # fmt: skip
        made.append(meeting)
    # Every meeting but the latest has approved minutes.
    for meeting in made[:-1]:
        meetings.meeting_minutes_approve(actor=officer, meeting_id=meeting.pk)
    return made


def _correct(officer, partnership, made) -> None:
    """One correction, to show how an approved decision is put right."""
    original = made[0].decisions.first()
    latest = made[-1]
    voters = [m for m in latest.attendees.all() if m.has_vote]
    decisions.decision_record(
        actor=officer,
        meeting_id=latest.pk,
        corrects_id=original.pk,
        data=DecisionInput(
            title=f"{original.title} (corrected amount)",
            decided=f"{original.decided} The amount is corrected after the final quote.",
            amount=(original.amount or Decimal("1000.00")) + Decimal("350.00"),
            theme=original.theme, outcome="agreed", votes_for=len(voters), votes_against=0,
        ),
    )  # fmt: skip


def _build(officer, partnership, spec, names, today, index, users=()):
    _name, wards, lto_key, status, voting, residents = spec
    years = {S.FORMING: 0, S.ENDORSED: 1, S.DELIVERING: 3, S.CLOSING: 9, S.CLOSED: 11}[status]
    joined = today - datetime.timedelta(days=365 * years + 120)
    for ward in wards:
        _neighbourhood(ward)
    partnerships.partnership_update(
        actor=officer, partnership_id=partnership.pk, name=partnership.name,
        neighbourhood_codes=[WARDS[w][0] for w in wards], lead_officer_id=officer.pk,
    )  # fmt: skip
    _members(officer, partnership, names, voting, residents, joined, users)
    if lto_key:
        # Due diligence is passed before the LTO starts holding the money.
        lto = _lto(officer, lto_key, joined - datetime.timedelta(days=45))
        ltos.lto_link(actor=officer, partnership_id=partnership.pk, lto_id=lto.pk, starts_on=joined)
    if status == S.FORMING:
        return
    partnerships.partnership_endorse(
        actor=officer, partnership_id=partnership.pk,
        mou_signed_on=joined + datetime.timedelta(days=90),
        note="Memorandum of understanding signed by the chair.",
    )  # fmt: skip
    made = _meetings(officer, partnership, joined + datetime.timedelta(days=90),
                     2 if status == S.ENDORSED else 4, today, index)  # fmt: skip
    if len(made) > 2:
        _correct(officer, partnership, made)
    for target in {
        S.DELIVERING: [S.DELIVERING],
        S.CLOSING: [S.DELIVERING, S.CLOSING],
        S.CLOSED: [S.DELIVERING, S.CLOSING, S.CLOSED],
    }.get(status, []):
        if target == S.CLOSED:
            meetings.meeting_minutes_approve(actor=officer, meeting_id=made[-1].pk)
        partnerships.partnership_transition(
            actor=officer, partnership_id=partnership.pk, target=target
        )


def seed(*, stdout) -> None:
    officer = User.objects.get(email="officer@example.org")
    today = timezone.localdate()
    names = _people()
    made = 0
    grange = demo_partnership()
    if not grange.members.exists():
        demo_users = [
            User.objects.get(email=email) for email in ("chair@example.org", "resident@example.org")
        ]
        # The chair chairs; Rosa Resident is an ordinary voting member (the fourth place).
        demo_users = [demo_users[0], None, None, demo_users[1]]
        spec = (grange.name, ["grange"], "halton", S.DELIVERING, 10, 7)
        _build(officer, grange, spec, names, today, 0, users=demo_users)
        made += 1
    for index, spec in enumerate(PARTNERSHIPS, start=1):
        partnership, _ = Partnership.objects.get_or_create(name=spec[0])
        if partnership.members.exists():
            continue
        _build(officer, partnership, spec, names, today, index)
        made += 1
    populations = _populations()
    # This year's composition reviews, so the reminder shows on the members pages.
    sent = composition_reviews_send_due(today=today)
    stdout.write(
        f"Demo partnerships: {made} built, {Partnership.objects.count()} in all; "
        f"{sent} composition review reminders sent; approximate demo populations (not official "
        f"statistics) given to {populations} ward(s)."
    )
