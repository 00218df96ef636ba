"""Spending plan pages: a partnership's plans, one version (with what changed), drafting,
submitting, and an officer's endorsement or return."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cwf.accounts import permissions
from cwf.core.errors import DomainError
from cwf.core.form_pages import done, form_page
from cwf.core.forms import add_domain_error
from partnerships.selectors import partnership_list

from ..forms_plans import BLANK_ACTION_ROWS, DecideForm, PlanEditForm
from ..models import SpendingPlan
from ..selectors.plan_diff import plan_diff
from ..selectors.plans import plan_detail, plan_list, plan_previous, plan_review_list, theme_list
from ..services.plans import (
    ActionInput,
    plan_draft_start,
    plan_endorse,
    plan_return,
    plan_save,
    plan_submit,
    plan_years,
    vision_difference,
    vision_total,
)
from .refusals import officer_only


def partnership_for(request, partnership_pk: int):
    return get_object_or_404(partnership_list(viewer=request.user), pk=partnership_pk)


def _plan(request, plan_pk: int) -> SpendingPlan:
    return get_object_or_404(plan_detail(viewer=request.user), pk=plan_pk)


def _chair_only(request, partnership_id: int) -> None:
    if not permissions.is_chair_of(request.user, partnership_id):
        raise PermissionDenied("Only the partnership's chair can do this.")


@login_required
def plan_home(request, partnership_pk: int):
    partnership = partnership_for(request, partnership_pk)
    plans = list(plan_list(viewer=request.user, partnership_id=partnership.pk))
    context = {
        "partnership": partnership,
        "plans": plans,
        "in_force": next((p for p in plans if p.status == SpendingPlan.Status.ENDORSED), None),
        "open_plan": next((p for p in plans if p.status in SpendingPlan.OPEN_STATUSES), None),
        "is_chair": permissions.is_chair_of(request.user, partnership.pk),
        "reviews": plan_review_list(viewer=request.user, partnership_id=partnership.pk)[:5],
    }
    return render(request, "grants/plans/home.html", context)


@login_required
@require_POST
def plan_start(request, partnership_pk: int):
    partnership = partnership_for(request, partnership_pk)
    _chair_only(request, partnership.pk)
    try:
        plan = plan_draft_start(partnership_id=partnership.pk, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("plans:home", partnership.pk)
    return redirect("plans:edit", plan.pk)


def _grid(plan: SpendingPlan):
    """The costed vision as rows of themes with one amount per year, and totals."""
    years = plan_years(plan.allocation)
    cells = {(v.theme.name, v.year): v.amount for v in plan.vision_lines.all()}
    themes = sorted({name for name, _ in cells})
    rows = [(t, [cells.get((t, y)) for y in years]) for t in themes]
    totals = [sum((cells.get((t, y)) or 0 for t in themes), 0) for y in years]
    return years, rows, totals


@login_required
def plan_detail_view(request, plan_pk: int):
    plan = _plan(request, plan_pk)
    years, rows, totals = _grid(plan)
    previous = plan_previous(plan, viewer=request.user)
    context = {
        "plan": plan,
        "years": years,
        "rows": rows,
        "totals": totals,
        "total": vision_total(plan),
        "difference": vision_difference(plan),
        "previous": previous,
        "diff": plan_diff(previous, plan) if previous else None,
        "is_chair": permissions.is_chair_of(request.user, plan.partnership_id),
        "is_officer": permissions.is_officer(request.user),
        "indicators": plan.indicators.select_related("theme"),
        "may_change_indicators": plan.is_editable
        and permissions.is_chair_of(request.user, plan.partnership_id),
    }
    return render(request, "grants/plans/detail.html", context)


def _initial(plan: SpendingPlan) -> dict:
    initial = {"legacy_statement": plan.legacy_statement}
    for v in plan.vision_lines.all():
        initial[f"vision_{v.theme_id}_{v.year}"] = f"{v.amount:.2f}"
    for n, a in enumerate(plan.action_lines.all(), start=1):
        initial.update({
            f"action_{n}_theme": str(a.theme_id), f"action_{n}_description": a.description,
            f"action_{n}_year": str(a.year), f"action_{n}_budget": f"{a.budget:.2f}",
            f"action_{n}_lead": a.lead,
        })  # fmt: skip
    return initial


def _actions(form: PlanEditForm) -> list[ActionInput]:
    out = []
    for n in range(1, form.action_count + 1):
        values = [
            form.cleaned_data.get(f"action_{n}_{p}") or ""
            for p in ("theme", "description", "year", "budget", "lead")
        ]
        if not any(v.strip() for v in values):
            continue
        theme, description, year, budget, lead = values
        out.append(
            ActionInput(
                int(theme) if theme else 0, description, int(year) if year else 0, budget, lead
            )
        )
    return out


@login_required
def plan_edit(request, plan_pk: int):
    plan = _plan(request, plan_pk)
    _chair_only(request, plan.partnership_id)
    if not plan.is_editable:
        messages.error(request, "This version can no longer be changed.")
        return redirect("plans:detail", plan.pk)
    themes, years = list(theme_list()), plan_years(plan.allocation)
    posted_rows = int(request.POST.get("action_count", 0) or 0) if request.method == "POST" else 0
    count = max(posted_rows, plan.action_lines.count() + BLANK_ACTION_ROWS)
    count = min(count, 60)
    form = PlanEditForm(
        request.POST or None, initial=_initial(plan), themes=themes, years=years, action_count=count
    )
    if request.method == "POST" and form.is_valid():
        vision = {(t.pk, y): form.cleaned_data[f"vision_{t.pk}_{y}"] for t in themes for y in years}
        try:
            plan_save(
                plan_id=plan.pk, actor=request.user, vision=vision, actions=_actions(form),
                legacy_statement=form.cleaned_data["legacy_statement"],
            )  # fmt: skip
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            plan.refresh_from_db()
            gap = vision_difference(plan)
            messages.success(
                request,
                "Plan saved."
                + (
                    f" The costed vision is £{abs(gap):,.2f} "
                    f"{'short of' if gap > 0 else 'over'} the allocation."
                    if gap
                    else " The costed vision adds up."
                ),
            )
            return redirect("plans:detail", plan.pk)
    return render(
        request, "grants/plans/edit.html",
        {"plan": plan, "form": form, "allocation_amount": plan.allocation.amount},
    )  # fmt: skip


@login_required
def plan_submit_view(request, plan_pk: int):
    plan = _plan(request, plan_pk)
    _chair_only(request, plan.partnership_id)
    error = None
    if request.method == "POST":
        try:
            plan_submit(plan_id=plan.pk, actor=request.user)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(
                request,
                "Plan submitted. A fund officer will endorse it or return it with comments.",
            )
            return redirect("plans:detail", plan.pk)
    context = {"plan": plan, "error": error, "difference": vision_difference(plan)}
    return render(request, "grants/plans/submit.html", context)


@login_required
def plan_decide(request, plan_pk: int):
    plan = _plan(request, plan_pk)
    officer_only(request)
    form = DecideForm(request.POST or None)

    def decide():
        comments = form.cleaned_data["comments"]
        if form.cleaned_data["decision"] == "endorse":
            plan_endorse(plan_id=plan.pk, actor=request.user, comments=comments)
            message = "Plan endorsed. The payment schedule now follows its action plan."
        else:
            plan_return(plan_id=plan.pk, actor=request.user, comments=comments)
            message = "Plan returned to the partnership with your comments."
        return done(request, message, "plans:detail", plan.pk)

    return form_page(
        request,
        form,
        decide,
        template="grants/plans/decide.html",
        context=lambda: {"plan": plan, "difference": vision_difference(plan)},
    )


@login_required
def plan_index(request):
    """The partnerships the viewer may see, each with its plan in force and its money."""
    from cwf.core.pagination import paginate

    from ..selectors.spending import spend_totals_by_partnership

    visible = partnership_list(viewer=request.user).values("pk")
    qs = spend_totals_by_partnership().filter(pk__in=visible)
    query = request.GET.get("q", "").strip()
    if query:
        qs = qs.filter(name__icontains=query)
    endorsed = dict(
        SpendingPlan.objects.filter(status=SpendingPlan.Status.ENDORSED).values_list(
            "partnership_id", "version"
        )
    )
    context = {**paginate(request, qs, per_page=50), "q": query, "endorsed": endorsed}
    return render(request, "grants/plans/index.html", context)
