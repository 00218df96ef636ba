"""Grants' part of the home page (cwf.core.home): plans to submit or endorse, plan reviews,
allocations and changes waiting for a second officer, tranches to decide on, pay or confirm,
spends without a receipt; and the everyday money actions ("Log a spend")."""

from __future__ import annotations

import datetime

from django.db.models import Count, Min, Q
from django.urls import reverse

from cwf.accounts import permissions
from cwf.accounts.roles import Role
from cwf.core.home import Action, Task, dated, day, first_few
from cwf.core.money import format_gbp

from .models import (
    Allocation,
    AllocationAmendment,
    PlanReview,
    PledgeAmendment,
    SpendingPlan,
    Tranche,
)
from .selectors.allocations import allocation_proposals, amendment_list
from .selectors.coinvestment import pledge_amendment_list
from .selectors.plans import plan_list, plan_review_list
from .selectors.spending import spend_list
from .selectors.tranches import payment_batch, tranche_list
from .services.spending import LOGGING_ROLES

Plan = SpendingPlan.Status


def _who(user) -> str:
    return (user.full_name or user.email) if user else "another officer"


def plan_tasks(viewer, today: datetime.date) -> list[Task]:
    tasks: list[Task] = []
    chairs = permissions.partnership_ids(viewer, [Role.PARTNERSHIP_CHAIR])
    if chairs:
        several = len(chairs) > 1
        for plan in plan_list(viewer=viewer).filter(
            partnership_id__in=chairs, status__in=[Plan.DRAFT, Plan.RETURNED]
        ):
            whose = f" ({plan.partnership.name})" if several else ""
            returned = plan.status == Plan.RETURNED
            tasks.append(
                Task(
                    f"Change the returned spending plan{whose}"
                    if returned
                    else f"Submit your spending plan for endorsement{whose}",
                    reverse("plans:detail", args=[plan.pk]),
                    status="Returned" if returned else "Draft",
                    colour="orange" if returned else "grey",
                    hint=f"Version {plan.version}"
                    + (": see the officer's comments" if returned else ""),
                )
            )
        reviews = plan_review_list(viewer=viewer).filter(
            partnership_id__in=chairs, status=PlanReview.Status.DUE
        )
        for review in reviews:
            whose = f" ({review.partnership.name})" if several else ""
            tasks.append(
                dated(
                    f"Send the yearly review of your spending plan{whose}",
                    reverse("plans:review", args=[review.pk]),
                    due=review.due_on,
                    today=today,
                )
            )
    if permissions.is_officer(viewer):
        submitted = plan_list(viewer=viewer).filter(status=Plan.SUBMITTED).order_by("submitted_at")
        tasks += first_few(
            submitted,
            lambda plan: Task(
                f"Endorse or return the spending plan of {plan.partnership.name}",
                reverse("plans:decide", args=[plan.pk]),
                status="To review",
                hint=f"Version {plan.version}, submitted {day(plan.submitted_at.date())}",
            ),
            lambda left: Task(
                f"{left} more spending plans to endorse or return",
                reverse("plans:index"),
                status="To review",
            ),
        )
        reviews = plan_review_list(viewer=viewer).filter(status=PlanReview.Status.SUBMITTED)
        tasks += first_few(
            reviews.order_by("submitted_at"),
            lambda review: Task(
                f"Acknowledge the plan review from {review.partnership.name}",
                reverse("plans:review", args=[review.pk]),
                status="To review",
            ),
            lambda left: Task(
                f"{left} more plan reviews to acknowledge", reverse("plans:index"), "To review"
            ),
        )
    return tasks


def allocation_tasks(viewer, today: datetime.date) -> list[Task]:
    """Four eyes: what another officer proposed waits for this one."""
    if not permissions.is_officer(viewer):
        return []
    tasks = first_few(
        allocation_proposals(viewer=viewer),
        lambda allocation: Task(
            f"Approve or reject the allocation of {format_gbp(allocation.amount)} to "
            f"{allocation.partnership.name}",
            reverse("grants:allocation_detail", args=[allocation.pk]),
            status="To approve",
            hint=f"Proposed by {_who(allocation.proposed_by)}",
        ),
        lambda left: Task(
            f"{left} more allocations to approve or reject",
            reverse("grants:allocation_list") + f"?status={Allocation.Status.PROPOSED}",
            status="To approve",
        ),
    )
    changes = (
        amendment_list(viewer=viewer)
        .filter(status=AllocationAmendment.Status.PROPOSED)
        .exclude(proposed_by=viewer)
        .order_by("pk")
    )
    tasks += first_few(
        changes,
        lambda change: Task(
            f"Approve or reject the change to the allocation of "
            f"{change.allocation.partnership.name}",
            reverse("grants:amendment_decide", args=[change.pk]),
            status="To approve",
            hint=f"Proposed by {_who(change.proposed_by)}",
        ),
        lambda left: Task(
            f"{left} more allocation changes to approve or reject",
            reverse("grants:allocation_list"),
            status="To approve",
        ),
    )
    pledge_changes = (
        pledge_amendment_list(viewer=viewer)
        .filter(status=PledgeAmendment.Status.PROPOSED)
        .exclude(proposed_by=viewer)
        .order_by("pk")
    )
    tasks += first_few(
        pledge_changes,
        lambda change: Task(
            f"Approve or reject the change to {change.pledge.co_funder.name}'s pledge of "
            f"{format_gbp(change.amount_before)}",
            reverse("grants:pledge_amendment_decide", args=[change.pk]),
            status="To approve",
            hint=f"Proposed by {_who(change.proposed_by)}",
        ),
        lambda left: Task(
            f"{left} more pledge changes to approve or reject",
            reverse("grants:pledge_list"),
            status="To approve",
        ),
    )
    return tasks


def tranche_tasks(viewer, today: datetime.date) -> list[Task]:
    tasks: list[Task] = []
    if permissions.is_officer(viewer):
        counts = tranche_list(viewer=viewer).aggregate(
            held=Count("pk", filter=Q(status=Tranche.Status.HELD)),
            stuck=Count("pk", filter=Q(status=Tranche.Status.SCHEDULED, due_on__lt=today)),
        )
        to_pay = payment_batch(viewer=viewer).count()
        if counts["stuck"]:
            tasks.append(
                Task(
                    _count(
                        counts["stuck"],
                        "tranche is due but not released",
                        "tranches are due but not released",
                    ),
                    reverse("grants:tranche_list") + f"?status=scheduled&due_to={today}",
                    status="To release",
                    colour="red",
                    hint="Release runs each day; see why these were not released",
                )
            )
        if counts["held"]:
            tasks.append(
                Task(
                    _count(counts["held"], "tranche is on hold", "tranches are on hold"),
                    reverse("grants:tranche_list") + "?status=held",
                    status="To decide",
                    hint="Lift each hold, or keep it",
                )
            )
        if to_pay:
            tasks.append(
                Task(
                    f"Pay {_count(to_pay, 'released tranche', 'released tranches')}",
                    reverse("grants:payment_batch"),
                    status="To pay",
                    hint="Make the payment file, then mark them paid",
                )
            )
    finance_of = permissions.partnership_ids(viewer, [Role.LTO_FINANCE])
    if finance_of:
        unconfirmed = (
            tranche_list(viewer=viewer)
            .filter(
                allocation__partnership_id__in=finance_of,
                status=Tranche.Status.PAID,
                receipt_confirmed_at__isnull=True,
            )
            .order_by("due_on", "pk")
        )
        tasks += first_few(
            unconfirmed,
            lambda tranche: Task(
                # The LTO is paid the tranche and its management contribution together.
                "Confirm you received "
                + format_gbp(tranche.amount + tranche.management_contribution),
                reverse("grants:tranche_detail", args=[tranche.pk]),
                status="To confirm",
                hint=f"Paid to {tranche.allocation.partnership.name}'s LTO",
            ),
            lambda left: Task(
                f"{left} more payments to confirm",
                reverse("grants:tranche_list") + "?status=paid",
                status="To confirm",
            ),
        )
    return tasks


def receipt_tasks(viewer, today: datetime.date) -> list[Task]:
    """Spends logged without a receipt, counted per partnership, for its own people."""
    own = permissions.partnership_ids(viewer, LOGGING_ROLES)
    if not own:
        return []
    missing = (
        spend_list(viewer=viewer)
        .filter(
            partnership_id__in=own,
            receipt="",
            reverses__isnull=True,
            reversed_by__isnull=True,
        )
        .values("partnership_id", "partnership__name")
        .annotate(count=Count("pk"), oldest=Min("spent_on"))
        .order_by("partnership__name")
    )
    tasks = []
    for row in missing:
        whose = f" ({row['partnership__name']})" if len(own) > 1 else ""
        tasks.append(
            Task(
                _count(row["count"], "spend has no receipt", "spends have no receipt") + whose,
                reverse("plans:spend_list", args=[row["partnership_id"]]) + "?receipt=missing",
                status="To check",
                colour="yellow",
                hint=f"The oldest from {day(row['oldest'])}: keep each receipt with the "
                "LTO's records",
            )
        )
    return tasks


def money_actions(viewer) -> list[Action]:
    actions = []
    logs_for = sorted(permissions.partnership_ids(viewer, LOGGING_ROLES))
    several = len(logs_for) > 1
    names = _partnership_names(viewer, logs_for) if several else {}
    for partnership_id in logs_for:
        suffix = f" for {names.get(partnership_id, '')}" if several else ""
        actions.append(
            Action(
                f"Log a spend{suffix}",
                reverse("plans:spend_log", args=[partnership_id]),
                rank=10,
                primary=True,
            )
        )
    for partnership_id in sorted(permissions.partnership_ids(viewer, [Role.LTO_FINANCE])):
        suffix = f" for {names.get(partnership_id, '')}" if several else ""
        actions.append(
            Action(
                f"Import spends from a spreadsheet{suffix}",
                reverse("plans:spend_import", args=[partnership_id]),
            )
        )
    if permissions.is_officer(viewer):
        actions += [
            Action("Propose an allocation", reverse("grants:allocation_propose")),
            Action("Make the payment file", reverse("grants:payment_batch")),
        ]
    return actions


def _partnership_names(viewer, ids) -> dict[int, str]:
    from partnerships.selectors import partnership_list

    return dict(partnership_list(viewer=viewer).filter(pk__in=ids).values_list("pk", "name"))


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"
