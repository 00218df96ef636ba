"""The demo's residents beyond the partnership (issue 20): Horden Together ran a participatory
budget (closed: its tally, the decision from it, action-plan lines and a spend against it) and
has an open consultation. Built through the services, after the public pages are published.
Idempotent: nothing is added once the budget exists."""

from __future__ import annotations

import datetime as dt

from django.core import signing
from django.db import transaction
from django.utils import timezone

from cwf.accounts.models import RoleAssignment
from cwf.accounts.roles import Role
from grants.models import Theme
from grants.services.spending import SpendInput, spend_log
from participation.models import Budget
from participation.services import budgets, voting
from participation.services.consultations import QuestionInput, consultation_create
from partnerships.models import Partnership

PARTNERSHIP = "Horden Together"
TITLE = "Make Horden's green spaces better"
IDEAS = [
    ("Benches along the coastal path", "4500.00", 9),
    ("A community orchard", "7500.00", 7),
    ("Planters on Blackhills Road", "3000.00", 6),
    ("Floodlights for the football pitch", "14000.00", 4),
]


def _person(partnership, role):
    row = (
        RoleAssignment.objects.filter(partnership=partnership, role=role)
        .select_related("user")
        .first()
    )
    return row.user if row else None


def seed(*, stdout) -> None:
    partnership = Partnership.objects.filter(name=PARTNERSHIP).first()
    if partnership is None:
        return
    if Budget.objects.filter(partnership=partnership, title=TITLE).exists():
        stdout.write("Demo participation: already there.")
        return
    chair = _person(partnership, Role.PARTNERSHIP_CHAIR)
    resident = _person(partnership, Role.RESIDENT_MEMBER) or chair
    if chair is None:
        stdout.write("Demo participation: Horden has no chair, so nothing was added.")
        return
    today = timezone.localdate()
    theme = Theme.objects.filter(name="Community spaces").first() or Theme.objects.first()
    with transaction.atomic():
        budget = budgets.budget_create(
            actor=chair, partnership_id=partnership.pk,
            data=budgets.BudgetInput(
                title=TITLE,
                description="£20,000 for the parks, the coastal path and the green. Residents "
                "proposed ideas, the partnership costed the shortlist and residents chose.",
                theme_id=theme.pk, amount="20000.00", method="budget",
                opens_on=today - dt.timedelta(days=21), closes_on=today,
                translations={"pl": {"title": "Ulepszmy tereny zielone w Horden"}},
            ),
        )  # fmt: skip
        ideas = [
            budgets.idea_propose(budget_id=budget.pk, title=t, description=f"{t}, for everyone.")
            for t, _, _ in IDEAS
        ]
        budgets.budget_transition(actor=chair, budget_id=budget.pk, target="costing")
        for idea, (_, cost, _) in zip(ideas, IDEAS, strict=True):
            budgets.idea_moderate(actor=chair, idea_id=idea.pk, status="shortlisted", cost=cost)
        budgets.budget_transition(actor=chair, budget_id=budget.pk, target="voting")
        voter_number = 0
        for idea, (_, _, votes) in zip(ideas, IDEAS, strict=True):
            for _ in range(votes):
                voter_number += 1
                _vote(budget, voter_number, idea.pk)
        budgets.budget_close(actor=chair, budget_id=budget.pk)
        voters = partnership.members.filter(left_on__isnull=True, has_vote=True)
        decision = budgets.budget_decision_record(
            actor=chair, budget_id=budget.pk, held_on=today,
            agreed_member_ids=[m.pk for m in voters],
        )  # fmt: skip
        budgets.budget_actions_add(actor=chair, budget_id=budget.pk)
        spend_log(
            partnership_id=partnership.pk, actor=resident,
            data=SpendInput(
                spent_on=today, amount="1480.00", payee="Durham Benches Ltd",
                payee_is_organisation=True, description="The first four benches on the path",
                theme_id=theme.pk, decision_id=decision.pk,
            ),
        )  # fmt: skip
        consultation_create(
            actor=chair, partnership_id=partnership.pk,
            title="What should the community hub open for?",
            description="The hub can open three more evenings a week. Tell us what for.",
            opens_on=today - dt.timedelta(days=3), closes_on=today + dt.timedelta(days=25),
            questions=[
                QuestionInput(kind="choice", text="Which evening suits you best?",
                              options=("Monday", "Wednesday", "Friday")),
                QuestionInput(kind="ranking", text="Put these in order",
                              options=("Youth club", "Cookery class", "Film night")),
                QuestionInput(kind="text", text="Anything else we should know?"),
            ],
        )  # fmt: skip
    stdout.write(f"Demo participation: {PARTNERSHIP}'s budget (closed) and a consultation.")


def _vote(budget, number: int, idea_id: int) -> None:
    email = f"demo-voter-{number}@example.org"
    voter = voting.voter_register(
        budget_id=budget.pk, email=email, postcode="SR8 4AA", connection="live",
        client_ip=f"10.{number}.0.7", confirm_url="/",
    )  # fmt: skip
    token = signing.dumps({"v": voter.pk, "n": voter.nonce}, salt=voting.SALT)
    voting.voter_confirm(budget_id=budget.pk, token=token)
    voting.vote_cast(
        budget_id=budget.pk, voter_id=voter.pk, idea_ids=[idea_id],
        client_ip=f"10.{number}.0.7", device=f"demo-{number}",
    )  # fmt: skip
