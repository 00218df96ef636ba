"""Spending plans: the managed list of themes, drafting a version, submitting, endorsing or
returning it, and what changed between versions.

Who does what (decided for issue 6):
- the partnership's chair drafts, edits and submits its plan (PARTNERSHIP_CHAIR for that
  partnership); LTO finance and residents read it;
- a fund officer endorses it or returns it with comments.

Endorsement and the money. The costed vision must add up to the allocation, so a plan never
changes what the fund has committed. Endorsing a plan issues the funding agreement (when the
allocation is approved but has none yet) and regenerates the not-yet-released tranches from the
action plan: one tranche per action-plan year for that year's budget (due when the plan year
starts, or today if it has started), then the rest of what is unreleased spread over the later
years of the term in proportion to the costed vision. The schedule's total is unchanged, which
is the rule an officer may apply alone (as with schedule_edit). A plan whose action plan asks
for more than is left to release is refused: changing the committed amount is an amount
amendment, proposed by one officer and approved by a second (amendments.py), after which the
plan is redrafted to match."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from cwf.accounts import permissions
from cwf.accounts.permissions import require_officer
from cwf.core.errors import DomainError
from cwf.core.money import ZERO, format_gbp, money
from cwf.core.transitions import check_transition

from ...models import (
    ActionLine,
    Allocation,
    Outcome,
    SpendingPlan,
    Theme,
    VisionLine,
)
from ...signals import plan_status_changed
from ..outcomes import plan_indicators_copy

OC = Outcome
DEFAULT_THEMES = {
    "Community spaces": [OC.FIND_AND_ACT, OC.BETTER_PLACE],
    "Young people": [OC.SKILLS, OC.DIFFERENCE],
    "Employment and skills": [OC.SKILLS, OC.DIFFERENCE],
    "Health and wellbeing": [OC.DIFFERENCE, OC.BETTER_PLACE],
    "Environment": [OC.BETTER_PLACE, OC.DIFFERENCE],
    "Connectivity": [OC.FIND_AND_ACT, OC.BETTER_PLACE],
}
STATUS = SpendingPlan.Status


def themes_ensure() -> list[Theme]:
    """The default themes, each linked to its programme outcomes; safe to call any number of
    times (the demo and the tests call it). Officers may add more in the admin."""
    for name, outcomes in DEFAULT_THEMES.items():
        Theme.objects.get_or_create(name=name, defaults={"outcomes": [str(o) for o in outcomes]})
    return list(Theme.objects.filter(is_active=True))


def plan_transition(plan: SpendingPlan, target: str) -> None:
    check_transition(
        current=plan.status, target=target, allowed=SpendingPlan.TRANSITIONS, what="plan"
    )
    plan.status = target


def plan_years(allocation: Allocation) -> list[int]:
    return list(range(1, allocation.term_years + 1))


def plan_draft_start(*, partnership_id: int, actor) -> SpendingPlan:
    """A new version, copying the plan in force (if any) so the chair edits what changes."""
    permissions.require_chair(actor, partnership_id, to="start a new version of the plan")
    with transaction.atomic():
        allocation = (
            Allocation.objects.select_for_update()
            .filter(partnership_id=partnership_id, status__in=Allocation.COMMITTED_STATUSES)
            .first()
        )
        if allocation is None:
            raise DomainError("There is no approved allocation yet, so there is nothing to plan.")
        last = SpendingPlan.objects.filter(partnership_id=partnership_id)
        current = last.filter(status=STATUS.ENDORSED).first()
        version = (last.aggregate(v=Max("version"))["v"] or 0) + 1
        try:
            with transaction.atomic():
                plan = SpendingPlan.objects.create(
                    partnership_id=partnership_id,
                    allocation=allocation,
                    version=version,
                    created_by=actor,
                    legacy_statement=current.legacy_statement if current else "",
                )
        except IntegrityError as exc:
            raise DomainError("This partnership already has a plan being drafted.") from exc
        if current:
            VisionLine.objects.bulk_create(
                VisionLine(plan=plan, theme_id=v.theme_id, year=v.year, amount=v.amount)
                for v in current.vision_lines.all()
            )
            ActionLine.objects.bulk_create(
                ActionLine(
                    plan=plan,
                    theme_id=a.theme_id,
                    description=a.description,
                    year=a.year,
                    budget=a.budget,
                    lead=a.lead,
                )
                for a in current.action_lines.all()
            )
            plan_indicators_copy(source=current, plan=plan)
    return plan


@dataclass(frozen=True)
class ActionInput:
    theme_id: int
    description: str
    year: int
    budget: Decimal | str
    lead: str


def plan_save(
    *,
    plan_id: int,
    actor,
    vision: Mapping[tuple[int, int], Decimal | str],
    actions: Sequence[ActionInput],
    legacy_statement: str,
) -> SpendingPlan:
    """Replace a draft's lines. `vision` maps (theme id, year) to an amount; blank or zero
    amounts are left out. A returned plan becomes a draft again when it is edited. The totals
    need not add up yet: that is checked on submission."""
    with transaction.atomic():
        plan = SpendingPlan.objects.select_for_update().select_related("allocation").get(pk=plan_id)
        permissions.require_chair(actor, plan.partnership_id, to="edit the plan")
        if not plan.is_editable:
            raise DomainError(
                f"This plan is {plan.get_status_display().lower()}: it cannot be changed."
            )
        years = set(plan_years(plan.allocation))
        themes = set(Theme.objects.filter(is_active=True).values_list("pk", flat=True))
        lines = []
        for (theme_id, year), raw in vision.items():
            if raw in (None, "") or str(raw).strip() in ("", "0", "0.00"):
                continue
            if theme_id not in themes or year not in years:
                raise DomainError("Choose a theme from the list and a year of the term.")
            amount = money(raw, field=f"vision_{theme_id}_{year}", label=f"amount for year {year}")
            lines.append(VisionLine(plan=plan, theme_id=theme_id, year=year, amount=amount))
        rows = []
        for n, action in enumerate(actions, start=1):
            if not action.description.strip() or not action.lead.strip():
                raise DomainError(
                    f"Action {n}: say what the activity is and who leads it.", field=f"action_{n}"
                )
            if action.theme_id not in themes or action.year not in years:
                raise DomainError(
                    f"Action {n}: choose a theme and a year of the term.", field=f"action_{n}"
                )
            budget = money(action.budget, field=f"action_{n}", label=f"budget of activity {n}")
            rows.append(
                ActionLine(
                    plan=plan,
                    theme_id=action.theme_id,
                    description=action.description.strip(),
                    year=action.year,
                    budget=budget,
                    lead=action.lead.strip(),
                )
            )
        plan.vision_lines.all().delete()
        plan.action_lines.all().delete()
        VisionLine.objects.bulk_create(lines)
        ActionLine.objects.bulk_create(rows)
        plan.legacy_statement = legacy_statement.strip()
        fields = ["legacy_statement"]
        if plan.status == STATUS.RETURNED:
            plan_transition(plan, STATUS.DRAFT)
            fields.append("status")
        plan.save(update_fields=fields)
    return plan


def vision_total(plan: SpendingPlan) -> Decimal:
    return sum((line.amount for line in plan.vision_lines.all()), ZERO)


def vision_difference(plan: SpendingPlan) -> Decimal:
    """The allocation minus the costed vision: positive while some is still to be planned."""
    return plan.allocation.amount - vision_total(plan)


def plan_check_adds_up(plan: SpendingPlan) -> None:
    gap = vision_difference(plan)
    if gap:
        raise DomainError(
            f"The costed vision adds up to {format_gbp(vision_total(plan))}, but the allocation "
            f"is {format_gbp(plan.allocation.amount)}: {format_gbp(abs(gap))} "
            f"{'still to plan' if gap > 0 else 'too much'}. Make the totals match to submit.",
            field="vision",
        )
    if not plan.action_lines.exists():
        raise DomainError("Add at least one activity to the action plan.", field="actions")


def plan_submit(*, plan_id: int, actor) -> SpendingPlan:
    with transaction.atomic():
        plan = SpendingPlan.objects.select_for_update().select_related("allocation").get(pk=plan_id)
        permissions.require_chair(actor, plan.partnership_id, to="submit the plan")
        plan_check_adds_up(plan)
        plan_transition(plan, STATUS.SUBMITTED)
        plan.submitted_by, plan.submitted_at = actor, timezone.now()
        plan.save(update_fields=["status", "submitted_by", "submitted_at"])
        plan_status_changed.send(sender=SpendingPlan, plan=plan, actor=actor)
    return plan


def plan_return(*, plan_id: int, actor, comments: str) -> SpendingPlan:
    require_officer(actor, to="return a plan")
    if not comments.strip():
        raise DomainError(
            "Say what needs to change before the plan can be endorsed.", field="comments"
        )
    with transaction.atomic():
        plan = SpendingPlan.objects.select_for_update().get(pk=plan_id)
        plan_transition(plan, STATUS.RETURNED)
        plan.decided_by, plan.decided_at = actor, timezone.now()
        plan.comments = comments.strip()
        plan.save(update_fields=["status", "decided_by", "decided_at", "comments"])
        plan_status_changed.send(sender=SpendingPlan, plan=plan, actor=actor)
    return plan
