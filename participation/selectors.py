"""Reads for participation. Public reads (no viewer) pick their fields by name and only from
published partnerships: never a voter's address, postcode, network or choices, only counts.
Partnership-side reads are scoped to the viewer."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from cwf.accounts import permissions
from grants.models import Spend, SpendWithholding

from .models import Answer, Budget, Consultation, Idea, Question, Response


def _published() -> Q:
    return Q(partnership__published_at__isnull=False)


def public_budget(budget_id: int) -> Budget | None:
    return (
        Budget.objects.filter(_published(), pk=budget_id)
        .select_related("partnership", "theme", "decision")
        .first()
    )


def public_budget_of_decision(decision_id: int) -> Budget | None:
    """The published participatory budget whose result a decision records, if any."""
    return Budget.objects.filter(_published(), decision_id=decision_id).first()


def public_consultation(consultation_id: int) -> Consultation | None:
    return (
        Consultation.objects.filter(_published(), pk=consultation_id)
        .select_related("partnership")
        .prefetch_related("questions")
        .first()
    )


def public_ideas(budget: Budget) -> QuerySet[Idea]:
    """What the public sees of the ideas: the approved ones only, oldest first (the public page
    shows them a page at a time)."""
    return (
        budget.ideas.filter(status__in=[Idea.Status.PUBLISHED, Idea.Status.SHORTLISTED])
        .only("pk", "title", "description", "status", "cost", "budget_id")
        .order_by("pk")
    )


def ballot(budget: Budget) -> list[Idea]:
    return list(budget.ideas.filter(status=Idea.Status.SHORTLISTED).order_by("pk"))


@dataclass
class Result:
    """'You voted, we did this, it cost this.'"""

    budget: Budget
    rows: list[dict]
    votes: int
    decision: object | None
    lines: list = field(default_factory=list)  # (idea title, action line description, budget)
    spent: Decimal = Decimal("0.00")
    spends: list = field(default_factory=list)  # (date, what, amount): never the payee


def budget_result(budget: Budget) -> Result | None:
    if budget.status != Budget.Status.CLOSED:
        return None
    ideas = {
        i.pk: i
        for i in Idea.objects.filter(budget=budget, action_line__isnull=False).select_related(
            "action_line"
        )
    }
    rows = [dict(r, cost=Decimal(r["cost"]) if r["cost"] not in (None, "None") else None)
            for r in budget.tally]  # fmt: skip
    lines = [(i.title, i.action_line.description, i.action_line.budget) for i in ideas.values()]
    spends, spent = [], Decimal("0.00")
    if budget.decision_id:
        withheld = SpendWithholding.objects.values("spend_id")
        query = (
            Spend.objects.filter(decision_id=budget.decision_id)
            .exclude(pk__in=withheld)
            .order_by("spent_on", "pk")
        )
        spends = list(query.values_list("spent_on", "description", "amount"))
        spent = Spend.objects.filter(decision_id=budget.decision_id).aggregate(s=Sum("amount"))[
            "s"
        ] or Decimal("0.00")
    return Result(
        budget=budget, rows=rows, votes=budget.votes.count(), decision=budget.decision,
        lines=lines, spent=spent, spends=spends,
    )  # fmt: skip


def public_participation(partnership_id: int) -> dict:
    """For the partnership's public page: its budgets (with results) and consultations."""
    budgets = list(
        Budget.objects.filter(partnership_id=partnership_id)
        .select_related("decision", "theme")
        .order_by("-opens_on", "-pk")
    )
    return {
        "budgets": [(b, budget_result(b)) for b in budgets],
        "consultations": list(
            Consultation.objects.filter(partnership_id=partnership_id).order_by("-opens_on")
        ),
    }


# Consultation counts -------------------------------------------------------------------------


@dataclass
class QuestionCount:
    question: Question
    # one row per option: (option text, online, paper, together); for a ranking, first choices
    # and average position; for text, the answers (online and paper) as written
    rows: list = field(default_factory=list)
    texts: list = field(default_factory=list)


def consultation_counts(consultation: Consultation, *, lang: str = "en") -> dict:
    responses = Counter(consultation.responses.values_list("source", flat=True))
    counts = []
    for question in consultation.questions.all():
        qc = QuestionCount(question=question)
        answers = list(
            question.answers.select_related("response").only(
                "choice", "ranking", "text", "response__source"
            )
        )
        options = question.option_texts(lang)
        if question.kind == Question.Kind.CHOICE:
            for i, text in enumerate(options):
                online = sum(1 for a in answers if a.choice == i and a.response.source == "online")
                paper = sum(1 for a in answers if a.choice == i and a.response.source == "paper")
                qc.rows.append((text, online, paper, online + paper))
        elif question.kind == Question.Kind.RANKING:
            for i, text in enumerate(options):
                firsts = [a for a in answers if a.ranking and a.ranking[0] == i]
                online = sum(1 for a in firsts if a.response.source == "online")
                paper = len(firsts) - online
                qc.rows.append((text, online, paper, online + paper))
        else:
            qc.texts = [(a.response.source, a.text) for a in answers]
        counts.append(qc)
    return {
        "online": responses.get(Response.Source.ONLINE, 0),
        "paper": responses.get(Response.Source.PAPER, 0),
        "total": sum(responses.values()),
        "questions": counts,
        "events": list(
            consultation.responses.filter(source=Response.Source.PAPER)
            .values("event")
            .annotate(n=Count("pk"))
            .order_by("event")
        ),
    }


# Partnership side (scoped) -------------------------------------------------------------------


def written_answers(consultation: Consultation) -> QuerySet[Answer]:
    """The written answers to a consultation's free-text questions, as residents wrote them,
    for the partnership's page (the public page only counts them)."""
    return (
        Answer.objects.filter(
            question__consultation=consultation, question__kind=Question.Kind.TEXT
        )
        .exclude(text="")
        .select_related("question", "response")
        .order_by("question__position", "pk")
    )


def budget_list(*, viewer, partnership_id: int) -> QuerySet[Budget]:
    if not permissions.sees_participation(viewer, partnership_id):
        return Budget.objects.none()
    return Budget.objects.filter(partnership_id=partnership_id).select_related("theme")


def budget_for(*, viewer, budget_id: int) -> Budget | None:
    budget = (
        Budget.objects.select_related("partnership", "theme", "decision")
        .filter(pk=budget_id)
        .first()
    )
    if budget is None or not permissions.sees_participation(viewer, budget.partnership_id):
        return None
    return budget


def consultation_list(*, viewer, partnership_id: int) -> QuerySet[Consultation]:
    if not permissions.sees_participation(viewer, partnership_id):
        return Consultation.objects.none()
    return Consultation.objects.filter(partnership_id=partnership_id)


def consultation_for(*, viewer, consultation_id: int) -> Consultation | None:
    c = Consultation.objects.select_related("partnership").filter(pk=consultation_id).first()
    if c is None or not permissions.sees_participation(viewer, c.partnership_id):
        return None
    return c
