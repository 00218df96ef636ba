"""The partnership's side of budgets and consultations: set up, moderate, cost, open and close
the vote, record the decision, put the winners in the plan, see suspicious patterns (counts by
hashed network only), enter paper responses. An officer imports the neighbourhood's postcodes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from cwf.accounts import permissions
from cwf.core.errors import DomainError
from cwf.core.filters import whole_number
from cwf.core.form_pages import done, form_page
from cwf.core.forms import add_domain_error
from cwf.core.pagination import paginate
from partnerships.selectors import partnership_list

from ..forms import (
    BudgetForm,
    ConsultationForm,
    DecisionFromVoteForm,
    PaperResponseForm,
    PostcodeImportForm,
)
from ..models import Budget, Idea, NeighbourhoodPostcode, Question
from ..selectors import (
    budget_for,
    budget_list,
    budget_result,
    consultation_counts,
    consultation_for,
    consultation_list,
    written_answers,
)
from ..services import budgets as services
from ..services.consultations import QuestionInput, consultation_create, paper_response_enter
from ..services.postcodes import postcodes_import
from ..services.voting import suspicious_patterns
from .public import _read_answers, question_items


def _partnership(request, partnership_pk: int):
    partnership = get_object_or_404(partnership_list(viewer=request.user), pk=partnership_pk)
    if not permissions.sees_participation(request.user, partnership.pk):
        raise Http404
    return partnership


@login_required
@require_http_methods(["GET"])
def index(request, partnership_pk: int):
    partnership = _partnership(request, partnership_pk)
    context = {
        "partnership": partnership,
        "budgets": budget_list(viewer=request.user, partnership_id=partnership.pk),
        "consultations": consultation_list(viewer=request.user, partnership_id=partnership.pk),
        "postcodes": NeighbourhoodPostcode.objects.filter(partnership=partnership).count(),
        "may_run": permissions.may_run_participation(request.user, partnership.pk),
        "may_import": permissions.may_import_postcodes(request.user),
    }
    return render(request, "participation/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def budget_new(request, partnership_pk: int):
    partnership = _partnership(request, partnership_pk)
    if not permissions.may_run_participation(request.user, partnership.pk):
        raise Http404
    form = BudgetForm(request.POST or None)

    def create():
        data = form.cleaned_data
        budget = services.budget_create(
            actor=request.user, partnership_id=partnership.pk,
            data=services.BudgetInput(
                title=data["title"], description=data["description"],
                theme_id=data["theme"].pk, amount=data["amount"], method=data["method"],
                opens_on=data["opens_on"], closes_on=data["closes_on"],
                translations=form.translations(),
            ),
        )  # fmt: skip
        return redirect("participation:budget", budget.pk)

    return form_page(
        request, form, create, template="partnerships/form_page.html",
        context={"title": "Set up a participatory budget", "partnership": partnership,
                 "button": "Set it up"},
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def consultation_new(request, partnership_pk: int):
    partnership = _partnership(request, partnership_pk)
    if not permissions.may_run_participation(request.user, partnership.pk):
        raise Http404
    form = ConsultationForm(request.POST or None)

    def create():
        data = form.cleaned_data
        questions = [
            QuestionInput(
                kind=data[f"q{n}_kind"],
                text=data[f"q{n}_text"],
                options=tuple(data[f"q{n}_options"].splitlines()),
                translations=form.question_translations(n),
            )
            for n in (1, 2, 3)
            if data[f"q{n}_kind"]
        ]
        consultation = consultation_create(
            actor=request.user, partnership_id=partnership.pk, title=data["title"],
            description=data["description"], opens_on=data["opens_on"],
            closes_on=data["closes_on"], questions=questions,
            translations=form.translations(),
        )  # fmt: skip
        return redirect("participation:consultation", consultation.pk)

    return form_page(
        request, form, create, template="partnerships/form_page.html",
        context={"title": "Run a consultation", "partnership": partnership,
                 "button": "Set it up"},
    )  # fmt: skip


def _budget(request, budget_pk: int) -> Budget:
    budget = budget_for(viewer=request.user, budget_id=budget_pk)
    if budget is None:
        raise Http404
    return budget


@login_required
@require_http_methods(["GET", "POST"])
def budget_manage(request, budget_pk: int):
    budget = _budget(request, budget_pk)
    may_run = permissions.may_run_participation(request.user, budget.partnership_id)
    if request.method == "POST":
        if not may_run:
            raise Http404
        action = request.POST.get("action", "")
        try:
            if action == "moderate":
                services.idea_moderate(
                    actor=request.user,
                    idea_id=_idea(budget, request.POST.get("idea")).pk,
                    status=request.POST.get("status", ""),
                    cost=request.POST.get("cost") or None,
                )
            elif action == "move":
                services.budget_transition(
                    actor=request.user, budget_id=budget.pk, target=request.POST.get("to", "")
                )
            elif action == "close":
                services.budget_close(actor=request.user, budget_id=budget.pk)
            elif action == "plan":
                services.budget_actions_add(actor=request.user, budget_id=budget.pk)
            else:
                raise DomainError("Choose what to do.")
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Done.")
        return redirect("participation:budget", budget.pk)
    patterns, shared = suspicious_patterns(budget=budget)
    ideas = budget.ideas.all()
    status = request.GET.get("status", "")
    if status in Idea.Status.values:
        ideas = ideas.filter(status=status)
    query = request.GET.get("q", "").strip()[:200]
    if query:
        ideas = ideas.filter(Q(title__icontains=query) | Q(description__icontains=query))
    context = {
        "budget": budget,
        "partnership": budget.partnership,
        # Residents may send hundreds of ideas: paged, filtered by status, searched.
        **paginate(request, ideas.order_by("pk")),
        "status": status,
        "q": query,
        "statuses": Idea.Status,
        "result": budget_result(budget),
        "may_run": may_run,
        "may_decide": permissions.may_decide_from_vote(request.user, budget.partnership_id),
        "next": [
            (t, Budget.Status(t).label)
            for t in sorted(Budget.TRANSITIONS[budget.status] - {Budget.Status.CLOSED})
        ],
        "votes": budget.votes.count(),
        "patterns": patterns,
        "shared_devices": shared,
    }
    return render(request, "participation/budget_manage.html", context)


def _idea(budget: Budget, idea_pk) -> Idea:
    idea = budget.ideas.filter(pk=whole_number(idea_pk) or 0).first()
    if idea is None:
        raise DomainError("Choose an idea of this budget.")
    return idea


@login_required
@require_http_methods(["GET", "POST"])
def budget_decision(request, budget_pk: int):
    budget = _budget(request, budget_pk)
    if not permissions.may_decide_from_vote(request.user, budget.partnership_id):
        raise Http404
    voters = budget.partnership.members.filter(left_on__isnull=True, has_vote=True).order_by(
        "full_name"
    )
    form = DecisionFromVoteForm(request.POST or None, voters=voters)

    def record():
        services.budget_decision_record(
            actor=request.user, budget_id=budget.pk, held_on=form.cleaned_data["held_on"],
            agreed_member_ids=[int(i) for i in form.cleaned_data["agreed_by"]],
        )  # fmt: skip
        return done(request, "The decision is in the decision log.", "participation:budget",
                    budget.pk)  # fmt: skip

    return form_page(
        request, form, record, template="partnerships/form_page.html",
        context=lambda: {
            "title": f"Record the decision from the vote: {budget.title}",
            "partnership": budget.partnership, "button": "Record the decision",
            "intro": f"The winning projects cost {services.winning_total(budget)}.",
        },
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def postcodes(request, partnership_pk: int):
    partnership = _partnership(request, partnership_pk)
    if not permissions.may_import_postcodes(request.user):
        raise Http404
    form = PostcodeImportForm(request.POST or None, request.FILES or None)

    def import_postcodes():
        count = postcodes_import(
            actor=request.user, partnership_id=partnership.pk, upload=form.cleaned_data["file"]
        )
        imported = f"The neighbourhood now has {count} postcodes."
        return done(request, imported, "participation:index", partnership.pk)

    return form_page(
        request,
        form,
        import_postcodes,
        template="participation/postcodes.html",
        context={"partnership": partnership},
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_manage(request, consultation_pk: int):
    consultation = consultation_for(viewer=request.user, consultation_id=consultation_pk)
    if consultation is None:
        raise Http404
    may_run = permissions.may_run_participation(request.user, consultation.partnership_id)
    questions = list(consultation.questions.all())
    form = PaperResponseForm(request.POST or None)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not may_run:
            raise Http404
        if form.is_valid():
            try:
                paper_response_enter(
                    actor=request.user, consultation_id=consultation.pk,
                    event=form.cleaned_data["event"],
                    answers=_read_answers(request.POST, questions),
                )  # fmt: skip
            except DomainError as exc:
                if exc.field and exc.field.startswith("q"):
                    errors[exc.field] = exc.message
                else:
                    add_domain_error(form, exc)
            else:
                messages.success(request, "The paper response is counted.")
                return redirect("participation:consultation", consultation.pk)
    context = {
        "consultation": consultation, "partnership": consultation.partnership,
        "counts": consultation_counts(consultation), "form": form, "may_run": may_run,
        "questions": question_items(questions, "en", errors, request.POST), "errors": errors,
        "posted": request.POST, "kinds": Question.Kind,
        **paginate(request, written_answers(consultation)),
    }  # fmt: skip
    return render(request, "participation/consultation_manage.html", context)
