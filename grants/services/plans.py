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

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from cwf.accounts import permissions
from cwf.core.errors import DomainError, ScopeError
from cwf.core.money import ZERO, format_gbp, money
from cwf.core.transitions import check_transition

from ..models import (
    ActionLine,
    Allocation,
    Frequency,
    Outcome,
    SpendingPlan,
    Theme,
    Tranche,
    VisionLine,
)
from ..models.plans import plan_year_starts
from .agreements import funding_agreement_issue
from .common import require_officer
from .schedule import spread_proportionally
from .tranches import (
    open_tranches_locked,
    released_totals,
    tranche_transition,
    tranches_create,
    tranches_respread,
)

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


def _require_chair(actor, partnership_id: int, *, to: str) -> None:
    if actor is None or not permissions.is_chair_of(actor, partnership_id):
        raise ScopeError(f"Only the partnership's chair can {to}.")


def plan_years(allocation: Allocation) -> list[int]:
    return list(range(1, allocation.term_years + 1))


def plan_draft_start(*, partnership_id: int, actor) -> SpendingPlan:
    """A new version, copying the plan in force (if any) so the chair edits what changes."""
    _require_chair(actor, partnership_id, to="start a new version of the plan")
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
        _require_chair(actor, plan.partnership_id, to="edit the plan")
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
            amount = money(raw, field=f"vision_{theme_id}_{year}")
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
            budget = money(action.budget, field=f"action_{n}")
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


def _check_adds_up(plan: SpendingPlan) -> None:
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
        _require_chair(actor, plan.partnership_id, to="submit the plan")
        _check_adds_up(plan)
        plan_transition(plan, STATUS.SUBMITTED)
        plan.submitted_by, plan.submitted_at = actor, timezone.now()
        plan.save(update_fields=["status", "submitted_by", "submitted_at"])
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
    return plan


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
        _check_adds_up(plan)
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
        from .plan_reviews import plan_review_schedule

        plan_review_schedule(plan=plan, endorsed_on=today)
    return plan


def _cancel_scheduled(allocation: Allocation, *, why: str) -> None:
    """Cancel the allocation's scheduled (not held, not released) tranches."""
    now = timezone.now()
    for tranche in open_tranches_locked(allocation):
        if tranche.status == Tranche.Status.SCHEDULED:
            tranche_transition(tranche, Tranche.Status.CANCELLED)
            tranche.cancelled_at = now
            tranche.save(update_fields=["status", "cancelled_at"])


@dataclass(frozen=True)
class DiffRow:
    theme: str
    year: int
    before: Decimal
    after: Decimal

    @property
    def change(self) -> Decimal:
        return self.after - self.before


def plan_diff(old: SpendingPlan | None, new: SpendingPlan) -> dict[str, list[DiffRow]]:
    """What changed between two versions, by theme and year: the costed vision and the action
    plan's budgets. Unchanged cells are left out."""

    def cells(plan, kind):
        if plan is None:
            return {}
        out: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
        lines = plan.vision_lines.all() if kind == "vision" else plan.action_lines.all()
        for line in lines:
            out[(line.theme.name, line.year)] += line.amount if kind == "vision" else line.budget
        return out

    result = {}
    for kind in ("vision", "actions"):
        before, after = cells(old, kind), cells(new, kind)
        result[kind] = [
            DiffRow(theme, year, before.get((theme, year), ZERO), after.get((theme, year), ZERO))
            for theme, year in sorted(set(before) | set(after), key=lambda k: (k[1], k[0]))
            if before.get((theme, year), ZERO) != after.get((theme, year), ZERO)
        ]
    return result
