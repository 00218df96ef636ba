"""Commissioned projects for the plans demo: the larger spends most of a partnership's money goes
on (grants to local groups, a worker's salary, building works), each approved by a decision with
its amount at a partnership meeting and logged against it. They bring the partnerships in
NEAR_PLAN close to their plans, so the dashboard's "spending far from plan" names only the
partnership that is really behind (Kingstanding, whose tranches are also held)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from cwf.core.money import PENNY
from grants.models import Allocation
from grants.selectors.money import partnership_money
from grants.services.schedule import spread_proportionally
from grants.services.spending import SpendInput, spend_log
from partnerships.models import Decision
from partnerships.services import decisions, meetings
from partnerships.services.decisions import DecisionInput

NEAR_PLAN = ("Horden",)  # partnership names start with these
SHARE_OF_RECEIVED = Decimal("0.85")  # what the projects spend of the grant received so far
PROJECTS = [
    ("Youth worker's salary, two years", "Young people", "Horden Youth Trust"),
    ("Community hub refurbishment", "Community spaces", "Durham Builders Co-operative"),
    ("Community hub running costs", "Community spaces", "Horden Community Hub CIO"),
    ("Wellbeing walks and activities", "Health and wellbeing", "East Durham Walking Club"),
    ("Pocket parks and planting", "Environment", "Hedgerow Landscapes"),
    ("Small grants to local groups", "Community spaces", "Horden Small Grants Panel"),
    ("Holiday activities and food", "Young people", "Horden Youth Trust"),
    ("Mental health first aid training", "Health and wellbeing", "Mind in County Durham"),
]


def agreed_at_meeting(
    officer, partnership, *, held_on, meeting_title: str, title: str, decided: str, amount
) -> Decision:
    """A partnership meeting on `held_on`, attended by every voting member, that agrees one
    decision with an amount (what the demo's spends are logged against)."""
    voters = list(partnership.members.filter(left_on__isnull=True, has_vote=True))
    meeting = meetings.meeting_create(
        actor=officer, partnership_id=partnership.pk, kind="partnership", held_on=held_on,
        title=meeting_title,
    )  # fmt: skip
    meetings.meeting_attendance_record(
        actor=officer, meeting_id=meeting.pk, member_ids=[m.pk for m in voters]
    )
    return decisions.decision_record(
        actor=officer,
        meeting_id=meeting.pk,
        data=DecisionInput(
            title=title, decided=decided, outcome="agreed", votes_for=len(voters), amount=amount
        ),
    )


def projects_log(*, officer, allocation: Allocation, people, themes: dict, today) -> int:
    """Log the projects for a NEAR_PLAN partnership (nothing for others); returns how many."""
    partnership = allocation.partnership
    if not partnership.name.startswith(NEAR_PLAN):
        return 0
    # What the LTO holds now (received, less what the log has spent already): the projects
    # spend within it, never ahead of the payments (docs/money.md).
    held = partnership_money(partnership_id=partnership.pk).held
    target = (held * SHARE_OF_RECEIVED).quantize(PENNY)
    amounts = spread_proportionally(target, [Decimal(1)] * len(PROJECTS))
    for n, ((title, theme, payee), amount) in enumerate(zip(PROJECTS, amounts, strict=True)):
        held_on = today - datetime.timedelta(days=680 - 75 * n)
        decision = agreed_at_meeting(
            officer, partnership, held_on=held_on, meeting_title=f"Projects meeting {n + 1}",
            title=title, decided=f"Commission {payee} for {title.lower()}, up to £{amount:,}.",
            amount=amount,
        )  # fmt: skip
        spend_log(
            partnership_id=partnership.pk,
            actor=people[n % len(people)],
            data=SpendInput(
                spent_on=held_on + datetime.timedelta(days=21),
                amount=amount,
                payee=payee,
                payee_is_organisation=True,
                description=title,
                theme_id=themes[theme].pk,
                decision_id=decision.pk,
            ),
            today=today,
        )
    return len(PROJECTS)
