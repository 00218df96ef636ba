"""Participatory budgets: the partnership sets an amount aside for a theme, residents propose
ideas (held until the partnership approves them), the partnership costs a shortlist, residents
vote (participation/services/voting.py), and closing the vote publishes the tally, which the
partnership turns into a decision and action-plan lines.

Locking: the budget row, then (inside the partnerships and grants services) their own rows."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from cwf.core.dates import display_date
from cwf.core.errors import DomainError
from cwf.core.money import format_gbp, money
from grants.models import Allocation, SpendingPlan, Theme
from grants.services.plans import ActionInput, plan_draft_start, plan_save, plan_years
from partnerships.models import Decision, Partnership
from partnerships.services.decisions import decision_record_in_one_step

from ..models import Budget, Idea, VoteChoice
from .guards import check_text, require_runs

LINK = re.compile(r"https?://|www\.|\b[\w-]+\.(com|org|net|uk|io|co|info|biz|ly)\b", re.I)


@dataclass(frozen=True)
class BudgetInput:
    title: str
    description: str
    theme_id: int | None
    amount: Decimal | str
    method: str
    opens_on: dt.date | None
    closes_on: dt.date | None
    translations: dict | None = None


def _fields(data: BudgetInput) -> dict:
    title = check_text(data.title, label="a title", field="title", limit=200)
    description = check_text(
        data.description, label="what the money is for", field="description", limit=4000
    )
    theme = Theme.objects.filter(pk=data.theme_id, is_active=True).first()
    if theme is None:
        raise DomainError("Choose a theme.", field="theme")
    amount = money(data.amount, field="amount", label="amount")
    if data.method not in Budget.Method.values:
        raise DomainError("Choose how residents vote.", field="method")
    if data.opens_on is None or data.closes_on is None:
        raise DomainError("Enter when voting opens and closes.", field="opens_on")
    if data.closes_on < data.opens_on:
        raise DomainError("Voting must close on or after the day it opens.", field="closes_on")
    return {
        "title": title, "description": description, "theme": theme, "amount": amount,
        "method": data.method, "opens_on": data.opens_on, "closes_on": data.closes_on,
        "translations": clean_translations(data.translations or {}, ("title", "description")),
    }  # fmt: skip


def clean_translations(raw: dict, fields: tuple[str, ...]) -> dict:
    """Other languages are optional: keep the known languages' non-empty texts only."""
    from ..models import LANGUAGES

    out = {}
    for lang, texts in raw.items():
        if lang == "en" or lang not in LANGUAGES or not isinstance(texts, dict):
            continue
        kept = {f: str(texts[f]).strip()[:4000] for f in fields if str(texts.get(f, "")).strip()}
        if kept:
            out[lang] = kept
    return out


def budget_create(*, actor, partnership_id: int, data: BudgetInput) -> Budget:
    require_runs(actor, partnership_id, to="set up a participatory budget")
    with transaction.atomic():
        return Budget.objects.create(
            partnership_id=partnership_id, created_by=actor, **_fields(data)
        )


def _locked(budget_id: int) -> Budget:
    # The budget row: every change to a budget, its ideas and its close is made one at a time.
    return Budget.objects.select_for_update().get(pk=budget_id)


def budget_transition(*, actor, budget_id: int, target: str) -> Budget:
    """Ideas → costing → voting → closed (closing is budget_close, which publishes the tally)."""
    with transaction.atomic():
        budget = _locked(budget_id)
        require_runs(actor, budget.partnership_id, to="move a participatory budget on")
        if target == Budget.Status.CLOSED:
            raise DomainError("Close the vote with 'Close the vote and publish the result'.")
        if target not in Budget.Status.values:
            raise DomainError("Choose the stage to move the budget to.")
        if target not in Budget.TRANSITIONS[budget.status]:
            raise DomainError(
                f"A budget that is '{budget.get_status_display()}' cannot move to "
                f"'{Budget.Status(target).label}'."
            )
        if target == Budget.Status.VOTING:
            uncosted = budget.ideas.filter(status=Idea.Status.SHORTLISTED, cost__isnull=True)
            if not budget.ideas.filter(status=Idea.Status.SHORTLISTED).exists():
                raise DomainError("Shortlist at least one idea before the vote opens.")
            if uncosted.exists():
                raise DomainError(
                    "Cost every shortlisted idea before the vote opens: "
                    + ", ".join(uncosted.values_list("title", flat=True))
                    + "."
                )
        budget.status = target
        budget.save(update_fields=["status"])
    return budget


# Ideas ----------------------------------------------------------------------------------------


def idea_propose(*, budget_id: int, title: str, description: str) -> Idea:
    """A resident's idea, with no account. It waits for the partnership before it appears; one
    with a link or a long text is flagged so the moderator looks twice."""
    title = check_text(title, label="a name for your idea", field="title", limit=120)
    description = check_text(
        description, label="your idea", field="description",
        limit=settings.PARTICIPATION_IDEA_MAX_CHARS,
    )  # fmt: skip
    with transaction.atomic():
        budget = Budget.objects.get(pk=budget_id)
        if budget.status != Budget.Status.IDEAS:
            raise DomainError("This budget is no longer taking ideas.")
        flags = []
        if LINK.search(title) or LINK.search(description):
            flags.append("contains a link")
        if len(description) > settings.PARTICIPATION_IDEA_LONG_CHARS:
            flags.append("long")
        return Idea.objects.create(
            budget=budget, title=title, description=description, flag=", ".join(flags)
        )


def idea_moderate(*, actor, idea_id: int, status: str, cost: Decimal | str | None = None) -> Idea:
    """Publish, shortlist (with a cost, while costing) or refuse an idea."""
    with transaction.atomic():
        idea = Idea.objects.select_related("budget").get(pk=idea_id)
        budget = _locked(idea.budget_id)
        require_runs(actor, budget.partnership_id, to="moderate ideas")
        if budget.status in (Budget.Status.VOTING, Budget.Status.CLOSED):
            raise DomainError("The vote has started: the ideas on the ballot stay as they are.")
        if status not in Idea.Status.values or status == Idea.Status.HELD:
            raise DomainError("Choose what to do with the idea.", field="status")
        if cost not in (None, ""):
            idea.cost = money(cost, field="cost", label="cost")
        if (
            status == Idea.Status.SHORTLISTED
            and idea.cost is not None
            and idea.cost > budget.amount
        ):
            raise DomainError(
                f"'{idea.title}' costs {format_gbp(idea.cost)}, more than the whole budget of "
                f"{format_gbp(budget.amount)}.",
                field="cost",
            )
        idea.status = status
        idea.moderated_by = actor
        idea.save(update_fields=["status", "cost", "moderated_by"])
    return idea


# The result -----------------------------------------------------------------------------------


def tally(budget: Budget) -> list[dict]:
    """Every idea on the ballot with its votes (and, for a ranking, its points: n for a first
    choice down to 1 for the last), and whether it won: the most supported first, each taken
    while it fits in what is left of the budget (as Decidim's budgets component does)."""
    ideas = list(
        budget.ideas.filter(status=Idea.Status.SHORTLISTED)
        .annotate(votes=Count("choices"))
        .order_by("pk")
    )
    points = {i.pk: 0 for i in ideas}
    if budget.method == Budget.Method.RANKING:
        n = len(ideas)
        for idea_id, rank in VoteChoice.objects.filter(vote__budget=budget).values_list(
            "idea_id", "rank"
        ):
            points[idea_id] += max(n - (rank or n) + 1, 0)
    else:
        points = {i.pk: i.votes for i in ideas}
    order = sorted(ideas, key=lambda i: (-points[i.pk], i.cost or 0, i.pk))
    left = budget.amount
    rows = []
    for idea in order:
        won = points[idea.pk] > 0 and idea.cost is not None and idea.cost <= left
        if won:
            left -= idea.cost
        rows.append({
            "idea": idea.pk, "title": idea.title, "cost": str(idea.cost), "votes": idea.votes,
            "points": points[idea.pk], "won": won,
        })  # fmt: skip
    return rows


def budget_close(*, actor, budget_id: int, now: dt.datetime | None = None) -> Budget:
    """Close the vote and publish the tally (frozen on the budget). Running it twice changes
    nothing."""
    with transaction.atomic():
        budget = _locked(budget_id)
        require_runs(actor, budget.partnership_id, to="close a vote")
        if budget.status == Budget.Status.CLOSED:
            return budget
        if budget.status != Budget.Status.VOTING:
            raise DomainError("Only an open vote can be closed.")
        _publish(budget, now=now)
    return budget


def _publish(budget: Budget, *, now: dt.datetime | None) -> None:
    budget.tally = tally(budget)
    budget.status = Budget.Status.CLOSED
    budget.result_published_at = now or timezone.now()
    budget.save(update_fields=["tally", "status", "result_published_at"])


def budgets_close_due(*, now: dt.datetime | None = None) -> list[int]:
    """Beat's sweep: close every vote whose last day (`closes_on`, when votes are still taken)
    has passed, and publish its tally, as the partnership's own close would. The database says
    what is due, so a missed or repeated run is harmless: each budget is locked and checked
    again, and a closed one is left alone. Returns the budgets it closed."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = Budget.objects.filter(status=Budget.Status.VOTING, closes_on__lt=today)
    closed = []
    for budget_id in due.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():  # one budget at a time: a failure leaves the others closed
            budget = _locked(budget_id)
            if budget.status != Budget.Status.VOTING or budget.closes_on >= today:
                continue  # closed by the partnership meanwhile, or its date moved
            _publish(budget, now=now)
            closed.append(budget.pk)
    return closed


def winners(budget: Budget) -> list[dict]:
    return [row for row in budget.tally if row["won"]]


def winning_total(budget: Budget) -> Decimal:
    return sum((Decimal(row["cost"]) for row in winners(budget)), Decimal("0.00"))


def budget_decision_record(
    *,
    actor,
    budget_id: int,
    held_on: dt.date,
    agreed_member_ids: list[int],
    others_present_ids: list[int] = (),
    votes_against: int = 0,
    written: bool = False,
    meeting_id: int | None = None,
) -> Decision:
    """The partnership's decision from the published tally: an agreed decision in the decision
    log for the winning projects' total, naming each, linked to the budget (and so the tally)."""
    with transaction.atomic():
        budget = _locked(budget_id)
        require_runs(actor, budget.partnership_id, to="record the decision from a vote")
        if budget.status != Budget.Status.CLOSED:
            raise DomainError("Close the vote first: the decision follows the published result.")
        if budget.decision_id:
            raise DomainError(f"The decision from this vote is {budget.decision.reference}.")
        won = winners(budget)
        if not won:
            raise DomainError("No project won the vote, so there is nothing to decide.")
        lines = "\n".join(f"- {row['title']}: {format_gbp(Decimal(row['cost']))}" for row in won)
        decision = decision_record_in_one_step(
            actor=actor, partnership_id=budget.partnership_id, held_on=held_on, written=written,
            title=f"Residents' vote: {budget.title}"[:200], amount=winning_total(budget),
            agreed_member_ids=agreed_member_ids, others_present_ids=others_present_ids,
            votes_against=votes_against, meeting_id=meeting_id,
            decided=(
                f"To fund the projects residents chose in the participatory budget "
                f"'{budget.title}' (result published "
                f"{display_date(timezone.localdate(budget.result_published_at))}, "
                f"{budget.votes.count()} votes):\n{lines}"
            ),
        )  # fmt: skip
        budget.decision = decision
        budget.save(update_fields=["decision"])
    return decision


def _plan_year(allocation: Allocation, today: dt.date) -> int:
    years = plan_years(allocation)
    elapsed = (
        today.year
        - allocation.starts_on.year
        - ((today.month, today.day) < (allocation.starts_on.month, allocation.starts_on.day))
    )
    return min(max(elapsed + 1, years[0]), years[-1])


def budget_actions_add(*, actor, budget_id: int, today: dt.date | None = None) -> SpendingPlan:
    """The winning projects become action-plan lines of the partnership's plan being drafted
    (a new version is started from the plan in force if none is), for the fund to endorse.
    Each idea remembers its line, so spends logged against it link back."""
    today = today or timezone.localdate()
    with transaction.atomic():
        budget = _locked(budget_id)
        require_runs(actor, budget.partnership_id, to="add the winning projects to the plan")
        if budget.decision_id is None:
            raise DomainError("Record the decision from the vote first.")
        ideas = list(
            Idea.objects.filter(pk__in=[row["idea"] for row in winners(budget)]).order_by("pk")
        )
        if all(i.action_line_id for i in ideas):
            raise DomainError("The winning projects are already in the plan.")
        plan = (
            SpendingPlan.objects.filter(
                partnership_id=budget.partnership_id,
                status__in=[SpendingPlan.Status.DRAFT, SpendingPlan.Status.RETURNED],
            )
            .select_related("allocation")
            .first()
        ) or plan_draft_start(partnership_id=budget.partnership_id, actor=actor)
        year = _plan_year(plan.allocation, today)
        name = Partnership.objects.get(pk=budget.partnership_id).name
        existing = [
            ActionInput(
                theme_id=a.theme_id,
                description=a.description,
                year=a.year,
                budget=a.budget,
                lead=a.lead,
            )
            for a in plan.action_lines.order_by("pk")
        ]
        new = [
            ActionInput(
                theme_id=budget.theme_id,
                description=_line(idea)[:300],
                year=year,
                budget=idea.cost,
                lead=name[:120],
            )
            for idea in ideas
            if idea.action_line_id is None
        ]
        plan_save(
            plan_id=plan.pk, actor=actor,
            vision={(v.theme_id, v.year): v.amount for v in plan.vision_lines.all()},
            actions=existing + new, legacy_statement=plan.legacy_statement,
        )  # fmt: skip
        lines = {line.description: line for line in plan.action_lines.all()}
        for idea in ideas:
            line = lines.get(_line(idea)[:300])
            if line is not None:
                Idea.objects.filter(pk=idea.pk).update(action_line=line)
    return plan


def _line(idea: Idea) -> str:
    return f"{idea.title} (chosen by residents' vote)"


def spent_on_budget(budget: Budget) -> Decimal:
    """What has been spent against the decision from the vote (every spend, its reversals
    included, as the money figures count them)."""
    if budget.decision_id is None:
        return Decimal("0.00")
    from grants.models import Spend

    total = Spend.objects.filter(decision_id=budget.decision_id).aggregate(s=Sum("amount"))["s"]
    return total or Decimal("0.00")
