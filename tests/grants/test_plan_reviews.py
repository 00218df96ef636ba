from datetime import date, timedelta

import pytest
from django.core import mail

from cwf.core.errors import DomainError, ScopeError
from grants.models import PlanReview
from grants.services.plan_reviews import (
    ReviewAnswers,
    plan_review_acknowledge,
    plan_review_submit,
    plan_reviews_remind_due,
)
from grants.services.plans import plan_endorse, plan_submit
from tests.grants.plan_scenario import drafted, setup_partnership

pytestmark = pytest.mark.django_db
ANSWERS = ReviewAnswers("d", "s", "i", "l", "v", "o", True)


@pytest.fixture
def review():
    s = setup_partnership()
    plan = drafted(s)
    plan_submit(plan_id=plan.pk, actor=s["chair"])
    plan_endorse(plan_id=plan.pk, actor=s["officer"], today=date(2024, 5, 1))
    review = PlanReview.objects.get()
    review.s = s
    return review


def test_a_review_is_due_a_year_after_endorsement_and_reminded_once(
    review, django_capture_on_commit_callbacks
):
    assert review.due_on == date(2025, 5, 1)
    assert plan_reviews_remind_due(today=date(2025, 4, 30)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert plan_reviews_remind_due(today=date(2025, 5, 1)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert plan_reviews_remind_due(today=date(2025, 5, 2)) == 0
    assert len(mail.outbox) == 1 and review.s["chair"].email in mail.outbox[0].to


def test_chair_submits_officer_acknowledges_and_the_next_is_scheduled(review):
    s = review.s
    with pytest.raises(ScopeError):
        plan_review_submit(review_id=review.pk, actor=s["resident"], answers=ANSWERS)
    with pytest.raises(DomainError, match="Answer every question"):
        plan_review_submit(
            review_id=review.pk,
            actor=s["chair"],
            answers=ReviewAnswers("", "s", "i", "l", "v", "o", False),
        )
    plan_review_submit(review_id=review.pk, actor=s["chair"], answers=ANSWERS)
    with pytest.raises(ScopeError):
        plan_review_acknowledge(review_id=review.pk, actor=s["chair"])
    plan_review_acknowledge(review_id=review.pk, actor=s["officer"], note="Thanks")
    review.refresh_from_db()
    assert review.status == PlanReview.Status.ACKNOWLEDGED
    assert PlanReview.objects.filter(due_on=review.due_on + timedelta(days=365)).exists()


def test_review_page_keeps_answers_on_error_and_the_officer_acknowledges(review):
    from tests.conftest import signed_in

    s = review.s
    chair = signed_in(s["chair"])
    url = f"/plans/reviews/{review.pk}/"
    body = chair.post(url, {"delivery": "Hub opened", "spend": ""}).content.decode()
    assert "There is a problem" in body and "Hub opened" in body
    answers = dict.fromkeys(("delivery", "spend", "impact", "learning", "vision", "outcomes"), "x")
    assert "Review submitted" in chair.post(url, answers, follow=True).content.decode()
    assert signed_in(s["resident"]).post(url, {"note": "hi"}).status_code == 403
    officer = signed_in(s["officer"])
    assert (
        "Review acknowledged" in officer.post(url, {"note": "Thanks"}, follow=True).content.decode()
    )


# --- Issue 24, finding 4: one review due at a time, so a new plan version never collides -------
def _due(review):
    return list(
        PlanReview.objects.filter(
            partnership_id=review.partnership_id, status=PlanReview.Status.DUE
        ).values_list("due_on", flat=True)
    )


def test_endorsing_a_new_version_with_two_due_reviews_keeps_one(review):
    s = review.s
    # Two due reviews, as older data (and the old demo) left them.
    PlanReview.objects.create(
        plan=review.plan, partnership_id=review.partnership_id, due_on=date(2025, 3, 22)
    )
    new_version = drafted(s)
    plan_submit(plan_id=new_version.pk, actor=s["chair"])
    plan_endorse(plan_id=new_version.pk, actor=s["second"], today=date(2024, 6, 1))
    assert _due(review) == [date(2025, 6, 1)]
    assert PlanReview.objects.get(status=PlanReview.Status.DUE).plan == new_version


def test_submitting_a_review_while_another_is_due_schedules_no_second(review):
    s = review.s
    past = PlanReview.objects.create(
        plan=review.plan, partnership_id=review.partnership_id, due_on=date(2024, 3, 22)
    )
    plan_review_submit(review_id=past.pk, actor=s["chair"], answers=ANSWERS)
    assert _due(review) == [date(2025, 5, 1)]


def test_a_submitted_and_an_acknowledged_review_are_announced(review):
    from reporting.models import Notification

    s = review.s
    plan_review_submit(review_id=review.pk, actor=s["chair"], answers=ANSWERS)
    assert Notification.objects.filter(subject__startswith="Plan review submitted").exists()
    plan_review_acknowledge(review_id=review.pk, actor=s["officer"], note="Thanks")
    told = Notification.objects.get(subject__startswith="Plan review acknowledged")
    assert told.recipient == s["chair"] and "Thanks" in told.body
