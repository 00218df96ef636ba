"""Telling people that a spending plan moved (`notices`, the one shape): officers when the chair
submits it (the partnership's lead officer, or every fund officer when it has none, so a plan
is never waiting unseen), the chairs and the submitter when an officer endorses or returns it.
Grants sends `grants.signals.plan_status_changed` inside its transaction."""

from __future__ import annotations

from django.urls import reverse

from cwf.accounts.roles import Role
from grants.models import SpendingPlan

from ..models import Notification
from .notices import Notice, notice_send
from .recipients import officers_for, partnership_side

Status = SpendingPlan.Status


def plan_status_notify(*, plan: SpendingPlan, actor=None, **_) -> int:
    """One notification per recipient per event: the key names the plan, what happened and
    when, so a resubmission is news again but a repeated call is not."""
    build = PLAN_NOTICES.get(plan.status)
    return notice_send(build(plan) if build else None)


def _chairs(plan: SpendingPlan) -> list:
    return [*partnership_side(plan.partnership_id, (Role.PARTNERSHIP_CHAIR,)), plan.submitted_by]


def _submitted(plan: SpendingPlan) -> Notice:
    name = plan.partnership.name
    return Notice(
        users=officers_for(plan.partnership),
        key=f"plan:{plan.pk}:submitted:{plan.submitted_at:%Y%m%d%H%M%S%f}",
        kind=Notification.Kind.PLAN_SUBMITTED,
        subject=f"Spending plan submitted for review: {name}",
        body=(
            f"Hello,\n\n{name} has submitted version {plan.version} of its spending plan. "
            f"Please review it, then endorse it or return it with comments.\n"
        ),
        link=reverse("plans:detail", args=[plan.pk]),
    )


def _endorsed(plan: SpendingPlan) -> Notice:
    name = plan.partnership.name
    return Notice(
        users=_chairs(plan),
        key=f"plan:{plan.pk}:endorsed",
        kind=Notification.Kind.PLAN_ENDORSED,
        subject=f"Spending plan endorsed: {name}",
        body=(
            f"Hello,\n\nYour fund officer has endorsed version {plan.version} of the "
            f"spending plan of {name}. Payments now follow its action plan.\n"
            + (f"\nTheir comments:\n\n{plan.comments}\n" if plan.comments else "")
        ),
        link=reverse("plans:detail", args=[plan.pk]),
    )


def _returned(plan: SpendingPlan) -> Notice:
    name = plan.partnership.name
    return Notice(
        users=_chairs(plan),
        key=f"plan:{plan.pk}:returned:{plan.decided_at:%Y%m%d%H%M%S%f}",
        kind=Notification.Kind.PLAN_RETURNED,
        subject=f"Spending plan returned for changes: {name}",
        body=(
            f"Hello,\n\nYour fund officer has returned version {plan.version} of the "
            f"spending plan of {name} for changes:\n\n{plan.comments}\n\n"
            f"Please change it and submit it again.\n"
        ),
        link=reverse("plans:detail", args=[plan.pk]),
    )


PLAN_NOTICES = {
    Status.SUBMITTED: _submitted,
    Status.ENDORSED: _endorsed,
    Status.RETURNED: _returned,
}
