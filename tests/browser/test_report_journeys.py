"""Issue 7's "Done when" journeys in a real browser, phone-sized, without JavaScript: a quarter
ends, its report is created and the chair is reminded; the chair writes and submits it with the
spend filled in; an officer returns it; it is resubmitted and accepted. And an overdue report
escalates, holds the next tranche, and accepting it lifts the hold."""

from datetime import date, timedelta

import pytest
from django.core import mail

from grants.models import Tranche
from grants.services.disbursement import tranches_release_due
from reporting.models import QuarterlyReport
from reporting.services.reminders import reports_hourly
from tests.reporting.report_scenario import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DUE = date(2024, 7, 30)


def _write(page, report, *, place="We planted forty trees."):
    page.goto(f"/reports/{report.pk}/write/")
    page.fill("#id_what_happened", "We opened the community hub.")
    page.click("button[name=save]")
    page.wait_for_selector("text=Your draft has been saved.")
    page.fill("#id_outcome_needs", "Residents ran a needs survey.")
    page.fill("#id_outcome_skills", "Twelve people trained as first-aiders.")
    page.fill("#id_outcome_difference", "The food bank moved into the hub.")
    page.fill("#id_outcome_place", place)
    page.fill("#id_people_involved", "140")
    page.fill("#id_volunteers", "23")
    page.click("button[name=submit]")
    page.wait_for_selector("text=Your report has been submitted")


def test_quarter_ends_chair_reminded_writes_officer_returns_resubmitted_accepted(page_as):
    world = World()
    tranches_release_due(today=date(2024, 4, 1))
    world.pay_released(on=date(2024, 4, 10))  # received by the LTO in the quarter
    reports_hourly(today=date(2024, 7, 1))  # the quarter has ended: its report is created
    report = QuarterlyReport.objects.get()
    reports_hourly(today=DUE - timedelta(days=14))
    reminder = [
        m for m in mail.outbox if m.to == [world.chair.email] and "report" in m.subject.lower()
    ]
    assert len(reminder) == 1 and "due on 30 Jul 2024" in reminder[0].subject
    assert f"/reports/{report.pk}/" in reminder[0].body

    chair = page_as(world.chair)
    chair.goto("/reports/")
    assert "Notifications (1)" in chair.content()
    chair.goto(f"/reports/{report.pk}/write/")
    assert "£25,000.00" in chair.content()  # the spend comes from the payments, not typed
    # Submitting with parts missing lists them and keeps the draft.
    chair.fill("#id_what_happened", "We opened the community hub.")
    chair.click("button[name=submit]")
    chair.wait_for_selector("text=There is a problem")
    assert "Enter how many people involved there were" in chair.content()
    _write(chair, report)
    assert "£25,000.00" in chair.content()

    officer = page_as(world.officer)
    officer.goto(f"/reports/{report.pk}/review/")
    officer.fill("#id_comments", "Tell us how many trees survived the summer.")
    officer.click("button[name=return]")
    officer.wait_for_selector("text=The report has been returned")

    chair.goto(f"/reports/{report.pk}/")
    assert "Tell us how many trees survived the summer." in chair.content()
    _write(chair, report, place="We planted forty trees; thirty-eight survived.")

    officer.goto(f"/reports/{report.pk}/versions/")
    assert "thirty-eight" in officer.content()
    officer.goto(f"/reports/{report.pk}/review/")
    officer.click("button[name=accept]")
    officer.wait_for_selector("text=The report has been accepted.")
    report.refresh_from_db()
    assert report.status == "accepted" and report.versions.count() == 2
    assert any("Report accepted" in m.subject for m in mail.outbox if m.to == [world.chair.email])


def test_overdue_report_escalates_holds_the_next_tranche_and_accepting_lifts_it(page_as):
    world = World()
    reports_hourly(today=date(2024, 7, 1))
    reports_hourly(today=DUE + timedelta(days=61))
    report = QuarterlyReport.objects.get()
    assert any("Overdue report" in m.subject for m in mail.outbox if m.to == [world.officer.email])
    tranche = Tranche.objects.get(allocation=world.allocation, sequence=1)
    assert tranche.status == Tranche.Status.HELD

    officer = page_as(world.officer)
    officer.goto("/reports/?queue=overdue")
    assert "Overdue" in officer.content()
    officer.goto(f"/reports/{report.pk}/")
    assert "is on hold until this report is accepted" in officer.content()

    _write(page_as(world.chair), report)
    officer.goto(f"/reports/{report.pk}/review/")
    officer.click("button[name=accept]")
    officer.wait_for_selector("text=The report has been accepted.")
    tranche.refresh_from_db()
    assert tranche.status == Tranche.Status.SCHEDULED
    officer.goto(f"/grants/tranches/{tranche.pk}/")
    assert "was accepted" in officer.content()
