"""A plan's outcome indicators: the chair adds them to a draft's themes and removes unused ones;
everyone who may see the plan reads them on its page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from cwf.accounts import permissions
from cwf.core.errors import DomainError
from cwf.core.form_pages import done, form_page

from ..forms_outcomes import IndicatorForm
from ..models import PlanIndicator
from ..selectors.plans import plan_detail
from ..services.outcomes import plan_indicator_add, plan_indicator_remove


def _chair_plan(request, plan_pk: int):
    plan = get_object_or_404(plan_detail(viewer=request.user), pk=plan_pk)
    if not permissions.is_chair_of(request.user, plan.partnership_id):
        raise PermissionDenied("Only the partnership's chair can change the plan.")
    return plan


@login_required
def indicator_add(request, plan_pk: int):
    plan = _chair_plan(request, plan_pk)
    form = IndicatorForm(request.POST or None)

    def add():
        data = form.cleaned_data
        plan_indicator_add(
            plan_id=plan.pk,
            actor=request.user,
            theme_id=data["theme"].pk,
            library_id=data["library"].pk if data["library"] else None,
            name=data["name"],
            unit=data["unit"],
            baseline=data["baseline"],
            target=data["target"],
            target_on=data["target_on"],
        )
        added = "The indicator has been added to the plan."
        return done(request, added, "plans:detail", plan.pk)

    return form_page(
        request, form, add, template="grants/plans/indicator_add.html", context={"plan": plan}
    )


@login_required
def indicator_remove(request, plan_pk: int, indicator_pk: int):
    plan = _chair_plan(request, plan_pk)
    indicator = get_object_or_404(PlanIndicator.objects.filter(plan=plan), pk=indicator_pk)
    if request.method == "POST":
        try:
            plan_indicator_remove(indicator_id=indicator.pk, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"“{indicator.name}” was taken out of the plan.")
        return redirect("plans:detail", plan.pk)
    return render(
        request, "grants/plans/indicator_remove.html", {"plan": plan, "indicator": indicator}
    )
