"""Endorsing a spending plan: the plan in force is superseded, the funding agreement issued if
there is none, and the unreleased tranches regenerated from the action plan's budget."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from cwf.accounts.permissions import require_officer
from cwf.core.errors import DomainError
from cwf.core.money import ZERO, format_gbp

from ...models import (
    Allocation,
    Frequency,
    SpendingPlan,
    Tranche,
)
from ...models.plans import plan_year_starts
from ...signals import plan_status_changed
from ..agreements import funding_agreement_issue
from ..schedule import spread_proportionally
from ..tranches import (
    open_tranches_locked,
    released_totals,
    tranche_transition,
    tranches_create,
    tranches_respread,
)
from .drafting import STATUS, plan_check_adds_up, plan_transition, plan_years


def action_schedule(plan: SpendingPlan, *, remaining: Decimal, today: date) -> dict[date, Decimal]:
    """The not-yet-released money as payments by date: each action-plan year's budget when
    that plan year starts (or today), then the rest over the later years, by the vision."""
    allocation = plan.allocation
    by_year: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for line in plan.action_lines.all():
        by_year[line.year] += line.budget
    asked = sum(by_year.values(), ZERO)
    if asked > remaining:
        raise DomainError(
            f"The action plan's budget is {format_gbp(asked)}, but only {format_gbp(remaining)} "
            f"of the allocation is left to release. Changing the allocation's amount is an "
            f"amendment that two officers agree; return the plan, or propose the amendment first."
        )
    payments: dict[date, Decimal] = defaultdict(lambda: ZERO)
    for year in sorted(by_year):
        payments[max(plan_year_starts(allocation, year), today)] += by_year[year]
    rest = remaining - asked
    if rest > 0:
        last = max(by_year)
        later = [y for y in plan_years(allocation) if y > last]
        weights = [
            sum((v.amount for v in plan.vision_lines.all() if v.year == y), ZERO) for y in later
        ]
        if not later:
            payments[max(plan_year_starts(allocation, last), today)] += rest
        else:
            if not any(weights):
                weights = [Decimal(1)] * len(later)
            for year, share in zip(later, spread_proportionally(rest, weights), strict=True):
                if share > 0:
                    payments[max(plan_year_starts(allocation, year), today)] += share
    return dict(sorted(payments.items()))


def plan_endorse(*, plan_id: int, actor, comments: str = "", today: date | None = None):
    """Endorse a submitted plan: supersede the one in force, issue the funding agreement if
    there is none, and regenerate the unreleased tranches from the action plan."""
    require_officer(actor, to="endorse a plan")
    today = today or timezone.localdate()
    with transaction.atomic():
        plan = SpendingPlan.objects.get(pk=plan_id)
        # Locking policy: the allocation first, then what it owns.
        allocation = Allocation.objects.select_for_update().get(pk=plan.allocation_id)
        plan = SpendingPlan.objects.select_for_update().get(pk=plan_id)
        plan.allocation = allocation
        plan_check_adds_up(plan)
        plan_transition(plan, STATUS.ENDORSED)
        previous = SpendingPlan.objects.select_for_update().filter(
            partnership_id=plan.partnership_id, status=STATUS.ENDORSED
        )
        now = timezone.now()
        for old in previous:
            plan_transition(old, STATUS.SUPERSEDED)
            old.superseded_at = now
            old.save(update_fields=["status", "superseded_at"])
        released, released_contribution = released_totals(allocation)
        # Held tranches stay as they are: a hold is an officer's decision about that payment,
        # which endorsing a plan does not undo. The plan schedules the rest.
        held = (
            [t for t in open_tranches_locked(allocation) if t.status == Tranche.Status.HELD]
            if allocation.status == Allocation.Status.ACTIVE
            else []
        )
        held_amount = sum((t.amount for t in held), ZERO)
        held_contribution = sum((t.management_contribution for t in held), ZERO)
        payments = action_schedule(
            plan, remaining=allocation.amount - released - held_amount, today=today
        )
        if allocation.status == Allocation.Status.APPROVED:
            funding_agreement_issue(
                allocation_id=allocation.pk,
                actor=actor,
                frequency=Frequency.CUSTOM,
                custom_dates=list(payments),
                terms=f"Following spending plan version {plan.version}.",
            )
            allocation.refresh_from_db()
            tranches = open_tranches_locked(allocation)
        elif allocation.status == Allocation.Status.ACTIVE:
            _cancel_scheduled(allocation, why=f"Plan version {plan.version} endorsed")
            tranches = (
                tranches_create(
                    allocation=allocation,
                    dates=list(payments),
                    amount=sum(payments.values()),
                    contribution=ZERO,
                )
                if payments
                else []
            )
        else:
            raise DomainError(
                f"The allocation is {allocation.get_status_display().lower()}: a plan can be "
                f"endorsed only while it is approved or active."
            )
        for tranche in tranches:
            tranche.amount = payments[tranche.due_on]
        tranches_respread(
            tranches=tranches,
            amount=sum((t.amount for t in tranches), ZERO),
            contribution=allocation.management_contribution
            - released_contribution
            - held_contribution,
            equal=False,
        )
        plan.decided_by, plan.decided_at, plan.comments = actor, now, comments.strip()
        plan.save(update_fields=["status", "decided_by", "decided_at", "comments"])
        from ..plan_reviews import plan_review_schedule

        plan_review_schedule(plan=plan, endorsed_on=today)
        plan_status_changed.send(sender=type(plan), plan=plan, actor=actor)
    return plan


def _cancel_scheduled(allocation: Allocation, *, why: str) -> None:
    """Cancel the allocation's scheduled (not held, not released) tranches."""
    now = timezone.now()
    for tranche in open_tranches_locked(allocation):
        if tranche.status == Tranche.Status.SCHEDULED:
            tranche_transition(tranche, Tranche.Status.CANCELLED)
            tranche.cancelled_at = now
            tranche.save(update_fields=["status", "cancelled_at"])
