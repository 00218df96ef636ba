"""The yearly composition review: a reminder asks the chair to check who is on the partnership.

Due rows plus beat (docs/architecture.md): composition_reviews_schedule makes one row per
partnership per year (a unique constraint), and composition_review_send sends a row once, under a
row lock, marking it sent in the same transaction. Running either twice, or at the same time,
sends nothing twice."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cwf.accounts import permissions
from cwf.accounts.models import RoleAssignment, User
from cwf.accounts.roles import Role
from cwf.core import outbox
from cwf.core.dates import add_years
from cwf.core.errors import DomainError, ScopeError

from ..composition import composition_for
from ..models import CompositionReview, Member, Partnership

# Reviews are for partnerships the fund has endorsed and that are still running.
REVIEWED = [Partnership.Status.ENDORSED, Partnership.Status.DELIVERING, Partnership.Status.CLOSING]


def _anniversary(day: datetime.date, year: int) -> datetime.date:
    return add_years(day, year - day.year)  # 29 February is the 28th in a year that has none


def composition_reviews_schedule(*, today: datetime.date) -> int:
    """Make this year's review row for every running partnership, due on the anniversary of its
    memorandum of understanding. Returns how many rows it made."""
    rows = [
        CompositionReview(
            partnership_id=pk, year=today.year, due_on=_anniversary(signed, today.year)
        )
        for pk, signed in Partnership.objects.filter(
            status__in=REVIEWED, mou_signed_on__isnull=False, mou_signed_on__year__lt=today.year
        ).values_list("pk", "mou_signed_on")
    ]
    existing = set(
        CompositionReview.objects.filter(year=today.year).values_list("partnership_id", flat=True)
    )
    new = [row for row in rows if row.partnership_id not in existing]
    # ignore_conflicts: a concurrent run may have made the same rows a moment ago.
    CompositionReview.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def _recipients(partnership: Partnership) -> list[str]:
    chairs = {
        m.email or (m.user.email if m.user else "")
        for m in partnership.members.filter(
            role=Member.Role.CHAIR, left_on__isnull=True
        ).select_related("user")
    }
    chairs |= set(
        RoleAssignment.objects.filter(
            partnership=partnership, role=Role.PARTNERSHIP_CHAIR
        ).values_list("user__email", flat=True)
    )
    chairs.discard("")
    if not chairs and partnership.lead_officer:
        chairs = {partnership.lead_officer.email}
    return sorted(chairs)


def _send(review: CompositionReview, recipients: list[str]) -> None:
    partnership = review.partnership
    figures = composition_for(partnership_id=partnership.pk)
    lines = [
        f"- {rule.rule}: {rule.figure} ({'met' if rule.passed else 'NOT met'})"
        for rule in figures.rules
    ]
    link = settings.SITE_URL.rstrip("/") + reverse(
        "partnerships:member_list", args=[partnership.pk]
    )
    body = (
        f"It is time for {partnership.name}'s yearly review of who sits on the partnership.\n\n"
        "Please check that the list of members is up to date: who has joined or left, who lives "
        "in the area, and who has a vote. The rules and today's figures are:\n\n"
        + "\n".join(lines)
        + f"\n\nThe members page: {link}\n"
    )
    outbox.email_queue(
        to=recipients,
        subject=(
            f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Yearly composition review for "
            f"{partnership.name}"
        ),
        body=body,
        key=f"composition-review:{review.pk}",
    )


def composition_review_send(*, review_id: int) -> bool:
    """Send one due review, once. True if this call sent it."""
    with transaction.atomic():
        # skip_locked: a concurrent run holding this row is sending it; leave it to that run.
        review = (
            CompositionReview.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("partnership__lead_officer")
            .filter(pk=review_id, sent_at__isnull=True)
            .first()
        )
        if review is None:
            return False
        recipients = _recipients(review.partnership)
        review.sent_at = timezone.now()
        review.sent_to = ", ".join(recipients)
        review.save(update_fields=["sent_at", "sent_to"])
        if recipients:
            _send(review, recipients)  # written with sent_at: both commit, or neither
    return True


def composition_reviews_send_due(*, today: datetime.date | None = None) -> int:
    """What the beat task runs: make this year's rows, then send every due one. Returns how many
    this run sent."""
    today = today or timezone.localdate()
    composition_reviews_schedule(today=today)
    due = CompositionReview.objects.filter(sent_at__isnull=True, due_on__lte=today)
    return sum(composition_review_send(review_id=pk) for pk in due.values_list("pk", flat=True))


def composition_review_complete(*, actor: User, review_id: int) -> CompositionReview:
    """The chair (or an officer) says the review is done."""
    with transaction.atomic():
        # Locked so two clicks mark it done once.
        review = CompositionReview.objects.select_for_update().get(pk=review_id)
        if not permissions.can_run_partnership(actor, review.partnership_id):
            raise ScopeError("Only a fund officer or the partnership's chair can do this.")
        if review.completed_at is not None:
            raise DomainError("This review has already been marked as done.")
        review.completed_at = timezone.now()
        review.completed_by = actor
        review.save(update_fields=["completed_at", "completed_by"])
    return review
