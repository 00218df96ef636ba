"""Plan reviews: one a year (settings.PLAN_REVIEW_MONTHS) after a plan is endorsed, submitted
by the chair, acknowledged by an officer. Reminders are sent by a beat task over due rows, once
per review (reminded_at, set under a row lock)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cwf.accounts.models import User
from cwf.accounts.permissions import require_officer
from cwf.accounts.roles import Role
from cwf.core import outbox
from cwf.core.dates import add_months, display_date
from cwf.core.errors import DomainError
from cwf.core.transitions import check_transition

from ..models import PlanReview, SpendingPlan
from ..signals import plan_review_event

STATUS = PlanReview.Status


def review_transition(review: PlanReview, target: str) -> None:
    check_transition(
        current=review.status, target=target, allowed=PlanReview.TRANSITIONS, what="plan review"
    )
    review.status = target


def plan_review_schedule(*, plan: SpendingPlan, endorsed_on: date) -> PlanReview:
    """The next review of a newly endorsed plan. A partnership has one review due at a time: a
    review still due moves to the new plan and its date, and any other due review (left by
    older data) is replaced by it, so two never meet on one date (one_plan_review_per_due_date).
    A review already submitted for that very date stands."""
    due_on = add_months(endorsed_on, settings.PLAN_REVIEW_MONTHS)
    due = list(
        PlanReview.objects.select_for_update()
        .filter(partnership_id=plan.partnership_id, status=STATUS.DUE)
        .order_by("due_on", "pk")
    )
    keep = due[0] if due else None
    for extra in due[1:]:
        extra.delete()  # never answered: its questions are the kept review's
    answered = (
        PlanReview.objects.filter(partnership_id=plan.partnership_id, due_on=due_on)
        .exclude(status=STATUS.DUE)
        .first()
    )
    if answered is not None:
        if keep is not None:
            keep.delete()
        return answered
    if keep is None:
        return PlanReview.objects.create(
            partnership_id=plan.partnership_id, due_on=due_on, plan=plan
        )
    keep.plan, keep.due_on = plan, due_on
    keep.save(update_fields=["plan", "due_on"])
    return keep


@dataclass(frozen=True)
class ReviewAnswers:
    delivery: str
    spend: str
    impact: str
    learning: str
    vision: str
    outcomes: str
    new_plan_needed: bool


def plan_review_submit(*, review_id: int, actor, answers: ReviewAnswers) -> PlanReview:
    from cwf.accounts import permissions

    with transaction.atomic():
        review = PlanReview.objects.select_for_update().get(pk=review_id)
        if not permissions.is_chair_of(actor, review.partnership_id):
            from cwf.core.errors import ScopeError

            raise ScopeError("Only the partnership's chair can submit its plan review.")
        missing = [
            name for name in ("delivery", "spend", "impact", "learning", "vision", "outcomes")
            if not getattr(answers, name).strip()
        ]  # fmt: skip
        if missing:
            raise DomainError(f"Answer every question: {missing[0]} is blank.", field=missing[0])
        review_transition(review, STATUS.SUBMITTED)
        for name, value in answers.__dict__.items():
            setattr(review, name, value.strip() if isinstance(value, str) else value)
        review.submitted_by, review.submitted_at = actor, timezone.now()
        review.save()
        # The next year's review is due a period after this one, unless one is due already
        # (a plan endorsed since scheduled it): one review due at a time.
        if not PlanReview.objects.filter(
            partnership_id=review.partnership_id, status=STATUS.DUE
        ).exists():
            PlanReview.objects.get_or_create(
                partnership_id=review.partnership_id,
                due_on=add_months(review.due_on, settings.PLAN_REVIEW_MONTHS),
                defaults={"plan_id": review.plan_id},
            )
        plan_review_event.send(sender=PlanReview, review=review, event="submitted", actor=actor)
    return review


def plan_review_acknowledge(*, review_id: int, actor, note: str = "") -> PlanReview:
    require_officer(actor, to="acknowledge a plan review")
    with transaction.atomic():
        review = PlanReview.objects.select_for_update().get(pk=review_id)
        review_transition(review, STATUS.ACKNOWLEDGED)
        review.acknowledged_by, review.acknowledged_at = actor, timezone.now()
        review.acknowledgement = note.strip()
        review.save(
            update_fields=["status", "acknowledged_by", "acknowledged_at", "acknowledgement"]
        )
        plan_review_event.send(sender=PlanReview, review=review, event="acknowledged", actor=actor)
    return review


def plan_review_remind(*, review_id: int) -> bool:
    """Remind the chair of a due review, once. Returns whether a reminder was sent."""
    with transaction.atomic():
        review = (
            PlanReview.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk=review_id, status=STATUS.DUE, reminded_at__isnull=True)
            .select_related("partnership")
            .first()
        )
        if review is None:
            return False
        review.reminded_at = timezone.now()
        review.save(update_fields=["reminded_at"])
        emails = list(
            User.objects.filter(
                role_assignments__role=Role.PARTNERSHIP_CHAIR,
                role_assignments__partnership_id=review.partnership_id,
            ).values_list("email", flat=True)
        )
        subject = f"Your plan review for {review.partnership} is due"
        body = (
            f"The yearly review of {review.partnership}'s spending plan is due on "
            f"{display_date(review.due_on)}. Sign in to CWF Grants to answer it."
        )
        if emails:  # written with reminded_at: both commit, or neither
            outbox.email_queue(
                to=emails, subject=subject, body=body, key=f"plan-review:{review.pk}:remind"
            )
    return True


def plan_reviews_remind_due(*, today: date | None = None) -> int:
    today = today or timezone.localdate()
    due = PlanReview.objects.filter(
        status=STATUS.DUE, reminded_at__isnull=True, due_on__lte=today
    ).values_list("pk", flat=True)
    return sum(plan_review_remind(review_id=pk) for pk in list(due))
