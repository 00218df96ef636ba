"""Reminders, escalation and the automatic hold: each once, whatever beat does; e-mail failures
for one recipient retried without repeating the others."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.core import mail

from cwf.core.outbox import outbox_send as notifications_send
from grants.models import Tranche, TrancheHold
from grants.services.tranches import tranche_hold
from reporting.models import Notification, NotificationPreference, QuarterlyReport
from reporting.services import report_reviews as decisions
from reporting.services import reports as services
from reporting.services.notify import digests_send
from reporting.services.preferences import preference_set
from reporting.services.reminders import reports_hourly
from tests.reporting.report_scenario import COMPLETE, World

pytestmark = pytest.mark.django_db
DUE = date(2024, 7, 30)  # the first report's deadline (quarter ends 30 June, plus 30 days)


@pytest.fixture
def world():
    w = World()
    w.first_report(today=date(2024, 7, 1))
    return w


def run(day, capture):
    with capture(execute=True):
        return reports_hourly(today=day)


def subjects(to):
    return [m.subject for m in mail.outbox if m.to == [to]]


def test_reminders_before_on_and_after_the_deadline_each_once(
    world, django_capture_on_commit_callbacks
):
    cap = django_capture_on_commit_callbacks
    run(DUE - timedelta(days=20), cap)
    assert mail.outbox == []  # before the window
    for _ in range(2):  # beat runs twice on each day
        run(DUE - timedelta(days=14), cap)
        run(DUE - timedelta(days=3), cap)
        run(DUE, cap)
        run(DUE + timedelta(days=1), cap)
        run(DUE + timedelta(days=5), cap)
    chair = subjects(world.chair.email)
    assert len(chair) == 3
    assert "due on" in chair[0] and "due today" in chair[1] and "overdue" in chair[2]
    assert subjects(world.officer.email) == []  # not yet escalated


def test_escalation_to_the_lead_officer_after_the_setting(
    world, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_ESCALATE_DAYS_OVERDUE = 10
    run(DUE + timedelta(days=9), django_capture_on_commit_callbacks)
    assert subjects(world.officer.email) == []
    run(DUE + timedelta(days=10), django_capture_on_commit_callbacks)
    run(DUE + timedelta(days=11), django_capture_on_commit_callbacks)
    assert subjects(world.officer.email) == [
        "[CWF Grants] Overdue report: Riverside Partnership, 10 days late"
    ]


def test_long_overdue_report_holds_the_next_tranche_and_acceptance_lifts_only_that_hold(
    world, django_capture_on_commit_callbacks
):
    cap = django_capture_on_commit_callbacks
    report = QuarterlyReport.objects.get()
    run(DUE + timedelta(days=60), cap)
    assert not TrancheHold.objects.exists()  # "more than" 60 days
    run(DUE + timedelta(days=61), cap)
    run(DUE + timedelta(days=62), cap)
    hold = TrancheHold.objects.get()
    tranche = hold.tranche
    assert hold.kind == TrancheHold.Kind.AUTOMATIC and "more than 60 days overdue" in hold.reason
    assert tranche.status == Tranche.Status.HELD and tranche.sequence == 1
    assert any("Payment held" in s for s in subjects(world.chair.email))
    assert any("Payment held" in s for s in subjects(world.officer.email))
    # An officer also holds it by hand: accepting the report must not lift that one.
    tranche_hold(tranche_id=tranche.pk, actor=world.officer, reason="Bank details changing")
    services.report_save_draft(report_id=report.pk, actor=world.chair, narrative=COMPLETE)
    with cap(execute=True):
        services.report_submit(report_id=report.pk, actor=world.chair)
        decisions.report_accept(report_id=report.pk, actor=world.officer)
    tranche.refresh_from_db()
    assert tranche.status == Tranche.Status.HELD
    assert list(tranche.holds.filter(lifted_at__isnull=True).values_list("kind", flat=True)) == [
        "manual"
    ]
    # Issue 24: the officer's hold keeps the payment held, so nobody is told it was lifted.
    assert not any("hold lifted" in s for s in subjects(world.chair.email))


def test_accepting_lifts_the_automatic_hold_so_the_tranche_is_scheduled_again(
    world, django_capture_on_commit_callbacks
):
    cap = django_capture_on_commit_callbacks
    report = QuarterlyReport.objects.get()
    run(DUE + timedelta(days=61), cap)
    services.report_save_draft(report_id=report.pk, actor=world.chair, narrative=COMPLETE)
    services.report_submit(report_id=report.pk, actor=world.chair)
    decisions.report_accept(report_id=report.pk, actor=world.officer)
    tranche = Tranche.objects.get(allocation=world.allocation, sequence=1)
    assert tranche.status == Tranche.Status.SCHEDULED
    assert tranche.holds.get().lift_reason.endswith("was accepted.")


def test_hold_setting_zero_turns_it_off(world, settings, django_capture_on_commit_callbacks):
    settings.REPORT_HOLD_DAYS_OVERDUE = 0
    run(DUE + timedelta(days=400), django_capture_on_commit_callbacks)
    assert not TrancheHold.objects.exists()


def test_one_recipient_failing_does_not_stop_the_others_and_is_retried_alone(
    world, django_capture_on_commit_callbacks
):
    report = QuarterlyReport.objects.get()
    services.report_save_draft(report_id=report.pk, actor=world.resident, narrative=COMPLETE)
    from django.core.mail.backends.locmem import EmailBackend

    real_send = EmailBackend.send_messages

    def flaky(self, messages):
        if any(world.resident.email in m.to for m in messages):
            raise OSError("Mailbox unavailable")
        return real_send(self, messages)

    with mock.patch.object(EmailBackend, "send_messages", flaky):
        run(DUE, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[world.chair.email]]
    failed = Notification.objects.get(recipient=world.resident)
    assert (failed.email_status, failed.attempts) == ("failed", 1)
    assert "Mailbox unavailable" in failed.last_error
    notifications_send()  # the retry: only the failed one goes
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.chair.email, world.resident.email])
    notifications_send()
    assert len(mail.outbox) == 2


def test_weekly_digest_users_get_one_email_a_week(world, django_capture_on_commit_callbacks):
    preference_set(user=world.chair, delivery=NotificationPreference.Delivery.WEEKLY)
    run(DUE, django_capture_on_commit_callbacks)
    run(DUE + timedelta(days=1), django_capture_on_commit_callbacks)
    assert subjects(world.chair.email) == []
    assert Notification.objects.filter(recipient=world.chair).count() == 2  # in the product
    with django_capture_on_commit_callbacks(execute=True):
        digests_send(today=DUE + timedelta(days=6))
        digests_send(today=DUE + timedelta(days=6))
    digest = [m for m in mail.outbox if m.to == [world.chair.email]]
    assert len(digest) == 1 and "due today" in digest[0].body and "overdue" in digest[0].body


def test_officers_weekly_digest_lists_overdue_reports(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        digests_send(today=DUE + timedelta(days=3))
    body = next(m.body for m in mail.outbox if m.to == [world.officer.email])
    assert "Overdue: Riverside Partnership" in body


def test_a_lost_task_is_recovered_by_the_next_send(world):
    """The e-mail task never ran (a broker lost it, a worker died): the rows say what is owed,
    and the five-minute send finds them."""
    reports_hourly(today=DUE)  # on_commit callbacks not run: no task, no e-mail
    assert mail.outbox == []
    assert Notification.objects.get(recipient=world.chair).email_status == "pending"
    notifications_send()
    notifications_send()
    assert [m.to for m in mail.outbox] == [[world.chair.email]]


def test_an_extension_moves_the_reminders_to_the_new_date(
    world, django_capture_on_commit_callbacks
):
    from reporting.services.periods import report_extend

    report = QuarterlyReport.objects.get()
    run(DUE + timedelta(days=1), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        report_extend(
            report_id=report.pk,
            actor=world.officer,
            extended_to=DUE + timedelta(days=20),
            reason="Treasurer away",
        )
    run(DUE + timedelta(days=2), django_capture_on_commit_callbacks)  # not overdue any more
    run(DUE + timedelta(days=7), django_capture_on_commit_callbacks)  # 13 days before the new date
    run(DUE + timedelta(days=20), django_capture_on_commit_callbacks)
    chair = subjects(world.chair.email)
    assert [s.split(":")[0].removeprefix("[CWF Grants] ") for s in chair] == [
        "Quarterly report overdue",
        "New deadline for Riverside Partnership",
        "Quarterly report due on 19 Aug 2024",
        "Quarterly report due today",
    ]


def sends(callbacks):
    """The after-commit callbacks that queue the e-mail task, each for the rows it names."""
    from cwf.core.outbox import _Send

    return [c for c in callbacks if isinstance(c, _Send)]


def test_each_send_queued_names_only_its_own_notifications(
    world, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from reporting.services.notify import notify

    people = [world.chair, world.officer]
    with django_capture_on_commit_callbacks(execute=True) as queued, transaction.atomic():
        for n, person in enumerate(people):
            notify(users=[person], key=f"test-{n}", kind="reminder", subject=f"S{n}", body="B")
    # Each task sends the rows its write made (a task finding nothing to do is never queued).
    assert [len(send.ids["reporting.Notification"]) for send in sends(queued)] == [1, 1]
    assert sorted(m.subject.split("]")[-1].strip() for m in mail.outbox) == ["S0", "S1"]
    # A send queued in a savepoint that rolls back is dropped; the next notification queues again.
    with django_capture_on_commit_callbacks(execute=True) as queued, transaction.atomic():
        try:
            with transaction.atomic():
                notify(users=[world.chair], key="gone", kind="reminder", subject="X", body="B")
                raise RuntimeError
        except RuntimeError:
            pass
        notify(users=[world.officer], key="kept", kind="reminder", subject="K", body="B")
    assert len(sends(queued)) == 1
    assert [m.subject.split("]")[-1].strip() for m in mail.outbox][-1] == "K"


# --- Issue 24, finding 3: holds follow the report's current due date and state ------------------
def test_an_extension_lifts_the_automatic_hold_its_lateness_placed(
    world, django_capture_on_commit_callbacks
):
    from reporting.services.periods import report_extend

    cap = django_capture_on_commit_callbacks
    report = QuarterlyReport.objects.get()
    run(DUE + timedelta(days=62), cap)
    tranche = TrancheHold.objects.get().tranche
    with cap(execute=True):
        report_extend(
            report_id=report.pk,
            actor=world.officer,
            extended_to=DUE + timedelta(days=30),
            reason="Treasurer in hospital",
            today=DUE + timedelta(days=62),
        )
    tranche.refresh_from_db()
    assert tranche.status == Tranche.Status.SCHEDULED
    assert "extended" in tranche.holds.get().lift_reason
    assert any("hold lifted" in s for s in subjects(world.chair.email))
    run(DUE + timedelta(days=70), cap)  # 40 days past the new date: no new hold
    assert not TrancheHold.objects.filter(lifted_at__isnull=True).exists()


def test_a_report_submitted_on_time_then_returned_is_not_held_as_overdue(
    world, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    cap = django_capture_on_commit_callbacks
    report = QuarterlyReport.objects.get()
    services.report_save_draft(report_id=report.pk, actor=world.chair, narrative=COMPLETE)
    services.report_submit(report_id=report.pk, actor=world.chair)
    # Submitted five days before the deadline (the service stamps the real clock).
    on_time = timezone.make_aware(timezone.datetime(2024, 7, 25, 12))
    QuarterlyReport.objects.filter(pk=report.pk).update(first_submitted_at=on_time)
    decisions.report_return(report_id=report.pk, actor=world.officer, comments="Add the photos")
    run(DUE + timedelta(days=90), cap)
    assert not TrancheHold.objects.exists()


def test_an_officer_can_lift_an_automatic_hold_and_add_a_manual_one_to_it(
    world, django_capture_on_commit_callbacks
):
    from grants.services.tranches import tranche_release_hold
    from tests.conftest import signed_in

    run(DUE + timedelta(days=62), django_capture_on_commit_callbacks)
    tranche = TrancheHold.objects.get().tranche
    page = signed_in(world.officer).get(f"/grants/tranches/{tranche.pk}/")
    assert "Add a hold by an officer" in page.content.decode()
    tranche_hold(tranche_id=tranche.pk, actor=world.officer, reason="Bank details changing")
    tranche_release_hold(
        tranche_id=tranche.pk, actor=world.officer, reason="Report agreed by phone", kind=None
    )
    tranche.refresh_from_db()
    assert tranche.status == Tranche.Status.SCHEDULED
    assert not tranche.holds.filter(lifted_at__isnull=True).exists()


def test_a_chair_asks_for_more_time_and_the_lead_officer_is_told(world):
    from tests.conftest import signed_in

    report = QuarterlyReport.objects.get()
    chair = signed_in(world.chair)
    detail = chair.get(f"/reports/{report.pk}/").content.decode()
    assert "Ask for more time" in detail
    url = f"/reports/{report.pk}/extend/"
    page = chair.post(url, {"extended_to": "2024-07-01", "reason": "Treasurer away"})
    assert "Ask for a date after the deadline, 30 Jul 2024." in page.content.decode()
    chair.post(url, {"extended_to": "2024-08-30", "reason": "Treasurer away"})
    told = Notification.objects.get(subject__startswith="More time asked for")
    assert told.recipient == world.officer and "30 Aug 2024" in told.body
    report.refresh_from_db()
    assert report.extended_to is None  # only an officer extends
