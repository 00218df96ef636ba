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
