"""Telling people that a spending plan moved, through the same notification rows as reports:
officers when the chair submits it (the partnership's lead officer, or every fund officer when
it has none, so a plan is never waiting unseen), the chair when an officer endorses or returns
it. Grants cannot import reporting, so grants sends `grants.signals.plan_status_changed` inside
its transaction and this listens (connected in ReportingConfig.ready)."""

from __future__ import annotations

from django.urls import reverse

from cwf.accounts.models import User
from cwf.accounts.roles import Role
from grants.models import SpendingPlan

from ..models import Notification
from .notify import notify

Status = SpendingPlan.Status


def _officers(plan: SpendingPlan) -> list[User]:
    lead = plan.partnership.lead_officer
    if lead is not None and lead.is_active:
        return [lead]
    return list(
        User.objects.filter(is_active=True, role_assignments__role=Role.FUND_OFFICER).distinct()
    )


def _chairs(plan: SpendingPlan) -> list[User]:
    chairs = User.objects.filter(
        is_active=True,
        role_assignments__partnership_id=plan.partnership_id,
        role_assignments__role=Role.PARTNERSHIP_CHAIR,
    ).distinct()
    people = {u.pk: u for u in chairs}
    if plan.submitted_by_id and plan.submitted_by.is_active:
        people[plan.submitted_by_id] = plan.submitted_by
    return list(people.values())


def plan_status_notify(*, plan: SpendingPlan, actor=None, **_) -> int:
    """One notification per recipient per event: the key names the plan, what happened and
    when, so a resubmission is news again but a repeated call is not."""
    name = plan.partnership.name
    link = reverse("plans:detail", args=[plan.pk])
    if plan.status == Status.SUBMITTED:
        return notify(
            users=_officers(plan),
            key=f"plan:{plan.pk}:submitted:{plan.submitted_at:%Y%m%d%H%M%S%f}",
            kind=Notification.Kind.PLAN_SUBMITTED,
            subject=f"Spending plan submitted for review: {name}",
            body=(
                f"Hello,\n\n{name} has submitted version {plan.version} of its spending plan. "
                f"Please review it, then endorse it or return it with comments.\n"
            ),
            link=link,
        )
    if plan.status == Status.ENDORSED:
        return notify(
            users=_chairs(plan),
            key=f"plan:{plan.pk}:endorsed",
            kind=Notification.Kind.PLAN_ENDORSED,
            subject=f"Spending plan endorsed: {name}",
            body=(
                f"Hello,\n\nYour fund officer has endorsed version {plan.version} of the "
                f"spending plan of {name}. Payments now follow its action plan.\n"
                + (f"\nTheir comments:\n\n{plan.comments}\n" if plan.comments else "")
            ),
            link=link,
        )
    if plan.status == Status.RETURNED:
        return notify(
            users=_chairs(plan),
            key=f"plan:{plan.pk}:returned:{plan.decided_at:%Y%m%d%H%M%S%f}",
            kind=Notification.Kind.PLAN_RETURNED,
            subject=f"Spending plan returned for changes: {name}",
            body=(
                f"Hello,\n\nYour fund officer has returned version {plan.version} of the "
                f"spending plan of {name} for changes:\n\n{plan.comments}\n\n"
                f"Please change it and submit it again.\n"
            ),
            link=link,
        )
    return 0
