import datetime
import threading

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection

from partnerships.models import CompositionReview
from partnerships.services import members
from partnerships.services.reviews import (
    composition_review_complete,
    composition_reviews_schedule,
    composition_reviews_send_due,
)
from partnerships.tasks import composition_reviews_send_due as composition_reviews_send
from tests.factories import Role, UserFactory, user_with_role
from tests.partnerships import factories as f

MOU = datetime.date(2024, 3, 1)  # what factories.partnership(endorse=True) records


@pytest.fixture
def endorsed(db):
    officer = f.officer_user()
    made = f.partnership(officer, endorse=True)
    chair = UserFactory(email="chair@grange.test")
    members.member_add(
        actor=officer,
        partnership_id=made.pk,
        full_name="Chris Chair",
        is_resident=True,
        role="chair",
        joined_on=f.LONG_AGO,
        user_id=chair.pk,
    )
    return made


def test_the_beat_task_is_scheduled():
    entry = settings.CELERY_BEAT_SCHEDULE["composition-reviews"]
    assert entry["task"] == composition_reviews_send.name


@pytest.mark.django_db
def test_a_review_falls_due_on_the_mou_anniversary(endorsed):
    assert composition_reviews_schedule(today=datetime.date(2024, 12, 31)) == 0  # first year
    assert composition_reviews_schedule(today=datetime.date(2025, 1, 10)) == 1
    review = CompositionReview.objects.get()
    assert (review.year, review.due_on) == (2025, datetime.date(2025, 3, 1))
    assert composition_reviews_schedule(today=datetime.date(2025, 6, 1)) == 0


@pytest.mark.django_db
def test_forming_partnerships_get_no_review():
    officer = f.officer_user()
    f.partnership(officer)
    assert composition_reviews_send_due(today=datetime.date(2026, 6, 1)) == 0
    assert not CompositionReview.objects.exists()


@pytest.mark.django_db
def test_sent_once_per_partnership_per_year(endorsed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert composition_reviews_send_due(today=datetime.date(2025, 2, 28)) == 0  # not yet due
        assert composition_reviews_send_due(today=datetime.date(2025, 3, 1)) == 1
        assert composition_reviews_send_due(today=datetime.date(2025, 3, 1)) == 0
        assert composition_reviews_send_due(today=datetime.date(2025, 9, 1)) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["chair@grange.test"]
    assert "Yearly composition review for Grange Estate Partnership" in message.subject
    assert "At least 8 voting members: 9 voting members (met)" in message.body
    review = CompositionReview.objects.get()
    assert review.sent_to == "chair@grange.test" and review.sent_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert composition_reviews_send_due(today=datetime.date(2026, 3, 1)) == 1  # next year
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_the_lead_officer_hears_when_there_is_no_chair(django_capture_on_commit_callbacks):
    officer = f.officer_user(email="lead@fund.test")
    made = f.partnership(officer, endorse=True)
    made.lead_officer = officer
    made.save()
    with django_capture_on_commit_callbacks(execute=True):
        composition_reviews_send_due(today=datetime.date(2025, 3, 1))
    assert mail.outbox[0].to == ["lead@fund.test"]


@pytest.mark.django_db
def test_the_chair_marks_the_review_done(endorsed):
    composition_reviews_send_due(today=datetime.date(2025, 3, 1))
    review = CompositionReview.objects.get()
    resident = user_with_role(Role.RESIDENT_MEMBER, endorsed)
    with pytest.raises(Exception, match="Only a fund officer or the partnership's chair"):
        composition_review_complete(actor=resident, review_id=review.pk)
    chair = endorsed.members.get(role="chair").user
    composition_review_complete(actor=chair, review_id=review.pk)
    review.refresh_from_db()
    assert review.completed_by == chair


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_send_each_review_once(endorsed):
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL; SQLite runs one writer at a time anyway.")
    today = datetime.date(2025, 3, 1)
    composition_reviews_schedule(today=today)
    barrier = threading.Barrier(4)
    sent = []

    def run():
        from django.db import connection as thread_connection

        barrier.wait()
        try:
            sent.append(composition_reviews_send_due(today=today))
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(sent) == 1
    assert len(mail.outbox) == 1
    assert CompositionReview.objects.count() == 1
