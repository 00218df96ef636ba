"""A plan review: the chair answers it; an officer acknowledges it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from cwf.accounts import permissions
from cwf.core.errors import DomainError
from cwf.core.forms import add_domain_error

from ..forms_plans import AcknowledgeForm, ReviewForm
from ..models import PlanReview
from ..selectors.plans import plan_review_list
from ..services.plan_reviews import ReviewAnswers, plan_review_acknowledge, plan_review_submit


@login_required
def plan_review_view(request, plan_review_pk: int):
    review = get_object_or_404(plan_review_list(viewer=request.user), pk=plan_review_pk)
    is_chair = permissions.is_chair_of(request.user, review.partnership_id)
    is_officer = permissions.is_officer(request.user)
    answering = review.status == PlanReview.Status.DUE and is_chair
    acknowledging = review.status == PlanReview.Status.SUBMITTED and is_officer
    form = None
    if answering:
        form = ReviewForm(request.POST or None)
    elif acknowledging:
        form = AcknowledgeForm(request.POST or None)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("There is nothing for you to do on this review.")
        if form.is_valid():
            try:
                if answering:
                    plan_review_submit(
                        review_id=review.pk, actor=request.user,
                        answers=ReviewAnswers(**form.cleaned_data),
                    )  # fmt: skip
                    messages.success(
                        request, "Review submitted. A fund officer will acknowledge it."
                    )
                else:
                    plan_review_acknowledge(
                        review_id=review.pk, actor=request.user, note=form.cleaned_data["note"]
                    )
                    messages.success(request, "Review acknowledged.")
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                return redirect("plans:review", review.pk)
    context = {
        "review": review,
        "form": form,
        "answering": answering,
        "acknowledging": acknowledging,
    }
    return render(request, "grants/plans/review.html", context)
