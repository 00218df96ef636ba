"""A published partnership with money received, voting members, and a participatory budget
of £20,000 whose shortlist is costed and whose vote is open. Built through the services."""

from __future__ import annotations

import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone

from participation.services import budgets
from participation.services.consultations import QuestionInput, consultation_create
from partnerships.services import members
from partnerships.services.partnerships import partnership_publish
from tests.grants.plan_scenario import endorsed_and_released, pay_released, setup_partnership

LINK = re.compile(r"(https?://\S+/take-part/budgets/\d+/vote/confirm/\?t=\S+)")


def voting_members(s) -> list:
    today = timezone.localdate()
    return [
        members.member_add(
            actor=s["officer"], partnership_id=s["partnership"].pk, full_name=f"Voter Member {n}",
            email=f"vm{n}-{s['partnership'].pk}@example.org", is_resident=True, joined_on=today,
        ).member
        for n in range(6)
    ]  # fmt: skip


def budget_scenario(*, method: str = "budget", stage: str = "voting") -> dict:
    s = setup_partnership()
    endorsed_and_released(s)
    pay_released(s)
    s["members"] = voting_members(s)
    partnership_publish(partnership_id=s["partnership"].pk, actor=s["chair"])
    today = timezone.localdate()
    budget = budgets.budget_create(
        actor=s["chair"],
        partnership_id=s["partnership"].pk,
        data=budgets.BudgetInput(
            title="Make the park better", description="Ideas for the park, up to £20,000.",
            theme_id=s["themes"]["Community spaces"].pk, amount="20000.00", method=method,
            opens_on=today, closes_on=today + timedelta(days=14),
            translations={"cy": {"title": "Gwella'r parc"}},
        ),
    )  # fmt: skip
    s["budget"] = budget
    if stage == "ideas":
        return s
    ideas = {}
    for title in ("Benches", "Play area", "Lights"):
        idea = budgets.idea_propose(budget_id=budget.pk, title=title, description=f"{title} now.")
        ideas[title] = idea
    budgets.budget_transition(actor=s["chair"], budget_id=budget.pk, target="costing")
    for title, cost in (("Benches", "4000.00"), ("Play area", "15000.00"), ("Lights", "6000.00")):
        budgets.idea_moderate(
            actor=s["resident"], idea_id=ideas[title].pk, status="shortlisted", cost=cost
        )
    budgets.budget_transition(actor=s["chair"], budget_id=budget.pk, target="voting")
    s["ideas"] = ideas
    return s


def confirm_link(address: str) -> str:
    """The newest link e-mailed to `address`: from the outbox (not yet sent, in a test's
    transaction) or from what was sent (a live server commits, and the outbox blanks it)."""
    from cwf.core.models import OutboxEmail

    for row in OutboxEmail.objects.order_by("-pk"):
        if address in row.to and LINK.search(row.body):
            return LINK.search(row.body).group(1)
    for message in reversed(mail.outbox):
        if address in message.to:
            found = LINK.search(message.body)
            if found:
                return found.group(1)
    raise AssertionError(f"no link was e-mailed to {address}")


def consultation_scenario(s, *, opens_on=None, closes_on=None):
    today = timezone.localdate()
    return consultation_create(
        actor=s["chair"], partnership_id=s["partnership"].pk, title="What should the hall do?",
        description="Tell us what you would use the hall for.",
        opens_on=opens_on or today, closes_on=closes_on or today + timedelta(days=30),
        questions=[
            QuestionInput(
                kind="choice", text="Which day suits you?", options=("Weekdays", "Weekends"),
                translations={"cy": {"text": "Pa ddiwrnod?", "options": ["Dyddiau", "Penwythnos"]}},
            ),
            QuestionInput(
                kind="ranking", text="Put these in order", options=("Cafe", "Gym", "Library")
            ),
            QuestionInput(kind="text", text="Anything else?"),
        ],
        translations={"cy": {"title": "Beth ddylai'r neuadd ei wneud?"}},
    )  # fmt: skip


def closed_budget_with_a_voter(s, email: str = "a.voter@example.org"):
    """A budget of `s`'s partnership, voted in by one address and closed (result published)."""
    from django.core import signing

    from participation.services import voting

    today = timezone.localdate()
    budget = budgets.budget_create(
        actor=s["chair"], partnership_id=s["partnership"].pk,
        data=budgets.BudgetInput(
            title="Small budget", description="For the green", amount="1000.00",
            theme_id=s["themes"]["Community spaces"].pk, method="budget",
            opens_on=today, closes_on=today,
        ),
    )  # fmt: skip
    idea = budgets.idea_propose(budget_id=budget.pk, title="Bulbs", description="Spring bulbs")
    budgets.budget_transition(actor=s["chair"], budget_id=budget.pk, target="costing")
    budgets.idea_moderate(actor=s["chair"], idea_id=idea.pk, status="shortlisted", cost="200")
    budgets.budget_transition(actor=s["chair"], budget_id=budget.pk, target="voting")
    voter = voting.voter_register(
        budget_id=budget.pk, email=email, postcode="DH1 3LE", connection="study",
        client_ip="192.0.2.1", confirm_url="/",
    )  # fmt: skip
    token = signing.dumps({"v": voter.pk, "n": voter.nonce}, salt=voting.SALT)
    voting.voter_confirm(budget_id=budget.pk, token=token)
    voting.vote_cast(
        budget_id=budget.pk, voter_id=voter.pk, idea_ids=[idea.pk], client_ip="192.0.2.1",
        device="d",
    )  # fmt: skip
    return budgets.budget_close(actor=s["chair"], budget_id=budget.pk)
