"""The outbox (issue 16): an e-mail is a row written with its event, sent after commit, retried
with back-off while the mail server refuses, found by beat when its task is lost, and sent once
when its task is delivered twice."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.utils import timezone

from cwf.core import outbox
from cwf.core.models import OutboxEmail
from cwf.core.tasks import outbox_send as outbox_task

pytestmark = pytest.mark.django_db


def _event(subject="Payment released", key=None):
    """Stands for any service: the message is written inside the event's transaction."""
    with transaction.atomic():
        outbox.email_queue(to=["chair@p.org"], subject=subject, body="Hello", key=key)


def refusing(self, messages):
    raise ConnectionRefusedError("Connection refused by the mail server")


def test_a_refused_send_is_retried_with_back_off_and_eventually_sent(
    settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_RETRY_SECONDS = 60
    with mock.patch.object(EmailBackend, "send_messages", refusing):
        with django_capture_on_commit_callbacks(execute=True):
            _event()
        row = OutboxEmail.objects.get()
        assert (row.email_status, row.attempts) == ("failed", 1)
        assert "refused" in row.last_error
        outbox_task()  # beat, a moment later: still inside the back-off, so not tried
        assert OutboxEmail.objects.get().attempts == 1
        outbox.outbox_send(now=timezone.now() + timedelta(seconds=61))  # refused again
        row = OutboxEmail.objects.get()
        assert (row.email_status, row.attempts) == ("failed", 2)
        assert row.next_attempt_at > timezone.now() + timedelta(seconds=110)  # doubled
    assert mail.outbox == []
    outbox.outbox_send(now=timezone.now() + timedelta(seconds=200))  # the server is back
    assert [m.subject for m in mail.outbox] == ["Payment released"]
    assert OutboxEmail.objects.get().email_status == "sent"


def test_it_gives_up_after_the_last_attempt(settings):
    settings.NOTIFICATION_MAX_ATTEMPTS = 2
    _event()
    with mock.patch.object(EmailBackend, "send_messages", refusing):
        outbox_task()
        outbox_task()
        outbox_task()
    row = OutboxEmail.objects.get()
    assert (row.email_status, row.attempts) == ("gave_up", 2)


def test_a_lost_task_is_swept_up_by_beat():
    _event()  # committed, but its after-commit task never ran (a broker lost it)
    assert mail.outbox == []
    assert OutboxEmail.objects.get().email_status == "pending"  # the database says it is owed
    outbox_task()  # beat's run, with no ids: every due row
    assert [m.to for m in mail.outbox] == [["chair@p.org"]]


def test_an_event_rolled_back_sends_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _event()
        raise RuntimeError("the request failed after the service wrote its message")
    assert callbacks == []
    outbox_task()
    assert mail.outbox == [] and not OutboxEmail.objects.exists()


def test_a_task_delivered_twice_sends_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        _event()
    (send,) = callbacks
    outbox_task(send.ids)
    outbox_task(send.ids)  # the broker redelivered it
    outbox_task()  # and beat ran too
    assert len(mail.outbox) == 1


def test_an_event_told_once_is_written_once():
    _event(key="release:1:chair@p.org")
    _event(key="release:1:chair@p.org")
    outbox_task()
    assert len(mail.outbox) == 1


def test_a_send_abandoned_mid_way_is_sent_again_after_the_lease(settings):
    """The one window where a second e-mail cannot be avoided: the worker claimed the row (and
    perhaps the mail server accepted it) and died before recording it sent."""
    _event()
    OutboxEmail.objects.update(email_status="sending", claimed_at=timezone.now(), attempts=1)
    outbox_task()
    assert mail.outbox == []  # another worker may still be sending it
    outbox.outbox_send(
        now=timezone.now() + timedelta(seconds=settings.OUTBOX_SENDING_LEASE_SECONDS + 1)
    )
    assert len(mail.outbox) == 1


def test_a_personal_link_is_blanked_once_sent():
    with transaction.atomic():
        outbox.email_queue(to=["new@p.org"], subject="Invited", body="link: /t/abc", secret=True)
    outbox_task()
    assert "abc" in mail.outbox[0].body
    assert OutboxEmail.objects.get().body == outbox.SCRUBBED
