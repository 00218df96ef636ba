"""Demo money for `make run`: a funded endowment, allocations in every state and years of
released and paid tranches, all posted through the real services, so `ledger_verify` finds
nothing to report.

History is replayed with the clock set back (devtools/demo/replay.py): each event happens "on" its
date, and the release run is replayed on every due date, so the ledger's dates, the burn-down
and the audit trail look like years of real use. Grange Estate Big Local (the demo chair's
partnership) is left without an allocation, for the walk-through printed at the end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from cwf.accounts.models import User
from devtools.demo.accounts import demo_partnership
from devtools.demo.replay import Replay
from grants.models import (
    Allocation,
    AllocationAmendment,
    CapitalSource,
    EndowmentMovement,
    Frequency,
    Release,
    Tranche,
)
from grants.services.agreements import funding_agreement_issue
from grants.services.allocations import allocation_approve, allocation_propose
from grants.services.amendments import amendment_approve, amendment_propose
from grants.services.closeout import allocation_close_out_start, closeout_statement_save
from grants.services.endowment import endowment_movement_record
from grants.services.tranches import tranche_hold
from partnerships.models import Lto, LtoContact, Partnership, PartnershipLto

MARK = "(demo)"


@dataclass
class Story:
    """One allocation's history, for a partnership made by the partnerships demo."""

    partnership: str
    amount: str
    starts_on: date
    years: int
    frequency: str = Frequency.HALF_YEARLY

    @property
    def place(self) -> str:
        return self.partnership.split(" ")[0]


def _lto(partnership: Partnership, place: str) -> Lto:
    link = partnership.lto_links.filter(ends_on__isnull=True).select_related("lto").first()
    if link:
        return link.lto
    lto = Lto.objects.create(
        name=f"{place} Community Trust {MARK}",
        supplier_reference=f"SUP-{partnership.pk:05d}",
        due_diligence_status=Lto.DueDiligence.PASSED,
        due_diligence_date=date(2012, 1, 1),
    )
    slug = place.lower().replace(" ", "-")
    LtoContact.objects.create(
        lto=lto, name="The treasurer", role="Treasurer", email=f"treasurer@{slug}-trust.example.org"
    )
    PartnershipLto.objects.create(partnership=partnership, lto=lto, starts_on=date(2012, 1, 1))
    return lto


def _fund(replay: Replay, year: int) -> None:
    officer = replay.officer
    capital = [
        (date(year - 15, 1, 10), CapitalSource.DORMANT_ASSETS, "6000000.00"),
        (date(year - 15, 2, 1), CapitalSource.LOTTERY_MATCH, "6000000.00"),
        (date(year - 8, 6, 1), CapitalSource.PRIVATE_CO_INVESTMENT, "1500000.00"),
        (date(year - 6, 9, 1), CapitalSource.PHILANTHROPY, "750000.00"),
    ]
    for day, source, amount in capital:
        replay.on(
            day,
            lambda s=source, a=amount, d=day: endowment_movement_record(
                actor=officer,
                kind=EndowmentMovement.Kind.CAPITAL_CONTRIBUTION,
                source=s,
                amount=Decimal(a),
                received_on=d,
                description=f"{CapitalSource(s).label} contribution {MARK}",
            ),
        )
    for offset in range(14, 0, -1):
        day = date(year - offset, 12, 31)
        for kind, amount, what in (
            (EndowmentMovement.Kind.INVESTMENT_INCOME, f"{150000 + offset * 3217}.45", "Income"),
            (EndowmentMovement.Kind.FEE, f"{38000 + offset * 511}.20", "Investment manager's fee"),
        ):
            replay.on(
                day,
                lambda k=kind, a=amount, w=what, d=day: endowment_movement_record(
                    actor=officer,
                    kind=k,
                    amount=Decimal(a),
                    received_on=d,
                    description=f"{w} for {d.year} {MARK}",
                ),
            )


def _allocation_story(replay: Replay, story: Story, *, proposer=None, approver=None, issue=True):
    """Propose two months before the start, approve a month before, issue two weeks before."""
    proposer = proposer or replay.officer
    approver = replay.second if approver is None else approver
    partnership = Partnership.objects.get(name=story.partnership)
    _lto(partnership, story.place)
    holder: dict[str, Allocation] = {}

    def propose():
        holder["allocation"] = allocation_propose(
            actor=proposer,
            partnership_id=partnership.pk,
            amount=Decimal(story.amount),
            starts_on=story.starts_on,
            term_years=story.years,
            purpose=f"Resident-led plan for the neighbourhood's social infrastructure {MARK}",
        )

    replay.on(min(story.starts_on - timedelta(days=60), replay.today), propose)
    if approver is not False:
        replay.on(
            min(story.starts_on - timedelta(days=30), replay.today),
            lambda: allocation_approve(allocation_id=holder["allocation"].pk, actor=approver),
        )
    if issue:
        replay.on(
            story.starts_on - timedelta(days=14),
            lambda: funding_agreement_issue(
                allocation_id=holder["allocation"].pk,
                actor=proposer,
                frequency=story.frequency,
                terms="The fund's standard terms and conditions for LTOs apply.",
            ),
        )
    return holder


def _with_second_officer(allocation, proposer, approver, **amendment) -> None:
    """A withdrawal or close: one officer proposes, a second approves (four eyes)."""
    proposed = amendment_propose(allocation_id=allocation.pk, actor=proposer, **amendment)
    amendment_approve(amendment_id=proposed.pk, actor=approver)


def _stories(replay: Replay) -> None:
    """One allocation at each stage of its life, each a story of its own."""
    _closed_story(replay)
    _closing_story(replay)
    _withdrawn_story(replay)
    _held_story(replay)
    _amended_story(replay)
    _future_stories(replay)


def _closed_story(replay: Replay) -> None:
    """Ten years run, closed out with its statement and the underspend returned."""
    year, officer, second = replay.today.year, replay.officer, replay.second
    closed = _allocation_story(
        replay,
        Story(
            "North Ormesby Partnership", "1000000.00", date(year - 14, 4, 1), 10, Frequency.ANNUAL
        ),
    )
    replay.on(
        date(year - 4, 4, 15),
        lambda: allocation_close_out_start(allocation_id=closed["allocation"].pk, actor=officer),
    )
    replay.on(
        date(year - 4, 5, 10),
        lambda: closeout_statement_save(
            allocation_id=closed["allocation"].pk,
            actor=officer,
            final_report="Ten years of the community hub, the youth club and the park. Every "
            "pound is in the spending log; the last quarter's report is the final report.",
            legacy_statement="The hub is owned by a community benefit society and the youth "
            "club by the school trust; both run without the fund.",
        ),
    )
    replay.on(
        date(year - 4, 5, 20),
        lambda: _with_second_officer(
            closed["allocation"],
            officer,
            second,
            kind=AllocationAmendment.Kind.CLOSE,
            reason="The LTO returned the underspend with its final report.",
            underspend_returned=Decimal("23456.78"),
            bank_reference="BACS-RET-0412",
        ),
    )


def _closing_story(replay: Replay) -> None:
    """At the end of its term: close-out started ten days ago."""
    today, year = replay.today, replay.today.year
    eastfield_start = date(year - 12, 4, 1)
    if date(year, 4, 1) > today:
        eastfield_start = date(year - 13, 4, 1)
    closing = _allocation_story(
        replay, Story("Paulsgrove Community Partnership", "1100000.00", eastfield_start, 12)
    )
    replay.on(
        today - timedelta(days=10),
        lambda: allocation_close_out_start(
            allocation_id=closing["allocation"].pk, actor=replay.second
        ),
    )


def _withdrawn_story(replay: Replay) -> None:
    """Withdrawn by two officers when the partnership dissolved."""
    year = replay.today.year
    withdrawn = _allocation_story(
        replay, Story("Moss Bay and Moorclose Partnership", "1000000.00", date(year - 6, 4, 1), 10)
    )
    replay.on(
        date(year - 3, 6, 1),
        lambda: _with_second_officer(
            withdrawn["allocation"],
            replay.officer,
            replay.second,
            kind=AllocationAmendment.Kind.WITHDRAWAL,
            reason="The first partnership dissolved; residents re-formed it and will plan anew.",
        ),
    )


def _held_story(replay: Replay) -> None:
    """Its next tranche held three days ago: a quarterly report is overdue."""
    held = _allocation_story(
        replay, Story("Kingstanding Together", "1500000.00", date(replay.today.year - 7, 10, 1), 12)
    )

    def hold_next():
        tranche = (
            held["allocation"]
            .tranches.filter(status=Tranche.Status.SCHEDULED)
            .order_by("due_on")
            .first()
        )
        tranche_hold(
            tranche_id=tranche.pk,
            actor=replay.second,
            reason="The last quarterly report is overdue; held until it arrives.",
        )

    replay.on(replay.today - timedelta(days=3), hold_next)


def _amended_story(replay: Replay) -> None:
    """Its amount raised by two officers; a change of term now awaits the second."""
    today, year = replay.today, replay.today.year
    officer, second = replay.officer, replay.second
    amended = _allocation_story(
        replay,
        Story("Horden Together", "1000000.00", date(year - 5, 1, 1), 10, Frequency.QUARTERLY),
    )
    pending: dict[str, AllocationAmendment] = {}

    def amend():
        pending["amount"] = amendment_propose(
            allocation_id=amended["allocation"].pk,
            actor=officer,
            kind=AllocationAmendment.Kind.AMOUNT,
            new_amount=Decimal("1200000.00"),
            reason="The partnership's revised plan adds a community hub.",
        )

    replay.on(date(year - 2, 2, 15), amend)
    replay.on(
        date(year - 2, 3, 1),
        lambda: amendment_approve(amendment_id=pending["amount"].pk, actor=second),
    )
    replay.on(
        today - timedelta(days=5),
        lambda: amendment_propose(
            allocation_id=amended["allocation"].pk,
            actor=second,
            kind=AllocationAmendment.Kind.TERM,
            new_starts_on=date(year - 5, 1, 1),
            new_term_years=12,
            reason="Delivery slipped during the hub's building works.",
        ),
    )


def _future_stories(replay: Replay) -> None:
    """Two that start next year: one approved, not issued; one only proposed."""
    year = replay.today.year
    _allocation_story(
        replay, Story("Bransholme Big Local", "2000000.00", date(year + 1, 4, 1), 12), issue=False
    )
    _allocation_story(
        replay,
        Story("Littlemoor Partnership", "1250000.00", date(year + 1, 1, 1), 15),
        approver=False,
        issue=False,
    )


def _grange_lto() -> Lto:
    partnership = demo_partnership()
    return _lto(partnership, "Grange Estate")


def seed(*, stdout) -> None:
    lto = _grange_lto()
    if Allocation.objects.filter(purpose__endswith=MARK).exists():
        stdout.write("Demo grants: already there.")
        return
    today = timezone.localdate()
    officer = User.objects.get(email="officer@example.org")
    second = User.objects.get(email="officer2@example.org")
    replay = Replay(today=today, officer=officer, second=second)
    _fund(replay, today.year)
    _stories(replay)
    replay.run()
    stdout.write(
        f"Demo grants: {Allocation.objects.count()} allocations, "
        f"{Release.objects.count()} releases. Try the journey: officer@example.org proposes an "
        f"allocation for Grange Estate Big Local (demo), whose LTO is {lto}; "
        f"officer2@example.org approves it and issues the funding agreement with a first "
        f"payment due today; the release run sends the chair an e-mail (var/mail/)."
    )
