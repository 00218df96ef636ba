"""Spending plans, their lines and reviews, scoped to the viewer. Plans are read by officers,
trustees and admins (every partnership) and by a partnership's own people (their own)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from cwf.accounts import permissions

from ..models import ActionLine, PlanReview, SpendingPlan, Theme, VisionLine


def _scoped(qs: QuerySet, viewer) -> QuerySet:
    if permissions.sees_portfolio(viewer):
        return qs
    return qs.filter(partnership_id__in=permissions.partnership_ids(viewer))


def plan_list(*, viewer, partnership_id: int | None = None) -> QuerySet[SpendingPlan]:
    qs = _scoped(SpendingPlan.objects.select_related("partnership", "allocation"), viewer)
    if partnership_id is not None:
        qs = qs.filter(partnership_id=partnership_id)
    return qs


def plan_detail(*, viewer) -> QuerySet[SpendingPlan]:
    return plan_list(viewer=viewer).prefetch_related(
        Prefetch("vision_lines", queryset=VisionLine.objects.select_related("theme")),
        Prefetch("action_lines", queryset=ActionLine.objects.select_related("theme")),
    )


def plan_previous(plan: SpendingPlan, *, viewer) -> SpendingPlan | None:
    """The version before `plan` that was endorsed (what it replaces), for the diff."""
    return (
        plan_detail(viewer=viewer)
        .filter(
            partnership_id=plan.partnership_id,
            version__lt=plan.version,
            status__in=[SpendingPlan.Status.ENDORSED, SpendingPlan.Status.SUPERSEDED],
        )
        .order_by("-version")
        .first()
    )


def theme_list() -> QuerySet[Theme]:
    return Theme.objects.filter(is_active=True).order_by("name")


def plan_review_list(*, viewer, partnership_id: int | None = None) -> QuerySet[PlanReview]:
    """Reviews hold residents' own words: officers and the partnership's own people read them,
    trustees do not."""
    qs = PlanReview.objects.select_related("partnership", "plan")
    if not permissions.is_officer(viewer):
        qs = qs.filter(partnership_id__in=permissions.partnership_ids(viewer))
    if partnership_id is not None:
        qs = qs.filter(partnership_id=partnership_id)
    return qs
