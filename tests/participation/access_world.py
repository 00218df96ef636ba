"""Partnership B's participatory budget (with a held idea, a marked one) and consultation, for
the access matrix (tests/access/world.py), built through the services."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from grants.services.plans import themes_ensure
from participation.services import budgets
from participation.services.consultations import QuestionInput, consultation_create
from tests.factories import Role, user_with_role


def participation_objects(world) -> None:
    from tests.access.world import B_MARKER

    chair = user_with_role(
        Role.PARTNERSHIP_CHAIR, world.b, email="participation-chair-b@matrix.test"
    )
    theme = themes_ensure()[0]
    today = timezone.localdate()
    budget = budgets.budget_create(
        actor=chair,
        partnership_id=world.b.pk,
        data=budgets.BudgetInput(
            title=f"{B_MARKER} budget", description=f"{B_MARKER} budget", theme_id=theme.pk,
            amount="1000.00", method="budget", opens_on=today,
            closes_on=today + timedelta(days=7),
        ),
    )  # fmt: skip
    budgets.idea_propose(budget_id=budget.pk, title=f"{B_MARKER} idea", description="An idea")
    consultation = consultation_create(
        actor=chair, partnership_id=world.b.pk, title=f"{B_MARKER} consultation",
        description="", opens_on=today, closes_on=today + timedelta(days=7),
        questions=[
            QuestionInput(kind="choice", text="Which?", options=("One", "Two")),
            QuestionInput(kind="ranking", text="Order", options=("A", "B")),
            QuestionInput(kind="text", text="Anything else?"),
        ],
    )  # fmt: skip
    world.b_objects["budget"] = budget
    world.b_objects["consultation"] = consultation


def closed_budget(world):
    """A second budget of B's, voted on by one confirmed address, closed and decided on, so the
    axe sweep sees the result section ("you voted, we did this, it cost this")."""
    from django.core import signing

    from participation.services import voting
    from partnerships.models import Member

    chair = user_with_role(Role.PARTNERSHIP_CHAIR, world.b, email="result-chair-b@axe.test")
    today = timezone.localdate()
    budget = budgets.budget_create(
        actor=chair, partnership_id=world.b.pk,
        data=budgets.BudgetInput(
            title="Closed budget", description="Voted on and decided", amount="1000.00",
            theme_id=themes_ensure()[0].pk, method="budget", opens_on=today, closes_on=today,
        ),
    )  # fmt: skip
    ideas = [
        budgets.idea_propose(budget_id=budget.pk, title=title, description=f"{title} for all")
        for title in ("Bulbs", "Bird boxes")
    ]
    budgets.budget_transition(actor=chair, budget_id=budget.pk, target="costing")
    for idea, cost in zip(ideas, ("200.00", "950.00"), strict=True):
        budgets.idea_moderate(actor=chair, idea_id=idea.pk, status="shortlisted", cost=cost)
    budgets.budget_transition(actor=chair, budget_id=budget.pk, target="voting")
    voter = voting.voter_register(
        budget_id=budget.pk, email="voter-b@axe.test", postcode="DH1 3LE", connection="live",
        client_ip="192.0.2.1", confirm_url="/",
    )  # fmt: skip
    voting.voter_confirm(
        budget_id=budget.pk,
        token=signing.dumps({"v": voter.pk, "n": voter.nonce}, salt=voting.SALT),
    )
    voting.vote_cast(
        budget_id=budget.pk, voter_id=voter.pk, idea_ids=[ideas[0].pk], client_ip="192.0.2.1",
        device="axe",
    )  # fmt: skip
    budgets.budget_close(actor=chair, budget_id=budget.pk)
    members = Member.objects.filter(partnership=world.b, left_on__isnull=True)
    budgets.budget_decision_record(
        actor=chair, budget_id=budget.pk, held_on=today,
        agreed_member_ids=list(members.values_list("pk", flat=True)),
    )  # fmt: skip
    return budget
