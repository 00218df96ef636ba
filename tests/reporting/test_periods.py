from datetime import date

import pytest

from cwf.core.errors import DomainError, ScopeError
from reporting.models import QuarterlyReport
from reporting.services.periods import quarter_of, report_extend, report_periods_create
from tests.reporting.report_scenario import World

pytestmark = pytest.mark.django_db


def test_quarter_of_each_quarter():
    assert quarter_of(date(2024, 2, 29)) == (date(2024, 1, 1), date(2024, 3, 31))
    assert quarter_of(date(2024, 4, 1)) == (date(2024, 4, 1), date(2024, 6, 30))
    assert quarter_of(date(2024, 9, 30)) == (date(2024, 7, 1), date(2024, 9, 30))
    assert quarter_of(date(2024, 12, 31)) == (date(2024, 10, 1), date(2024, 12, 31))


def test_periods_are_created_once_quarters_end_and_only_once():
    world = World()
    assert report_periods_create(today=date(2024, 6, 30)) == 0  # the first quarter has not ended
    assert report_periods_create(today=date(2024, 7, 1)) == 1
    report = QuarterlyReport.objects.get()
    assert (report.quarter_start, report.quarter_end) == (date(2024, 4, 1), date(2024, 6, 30))
    assert report.due_on == date(2024, 7, 30)  # 30 days after the quarter ends
    assert report.status == QuarterlyReport.Status.NOT_STARTED
    assert report.partnership == world.partnership
    # Beat runs again, and a year later: the missing quarters, nothing twice.
    assert report_periods_create(today=date(2024, 7, 1)) == 0
    assert report_periods_create(today=date(2025, 4, 1)) == 3
    assert report_periods_create(today=date(2025, 4, 1)) == 0
    assert QuarterlyReport.objects.count() == 4


def test_due_days_is_a_setting(settings):
    settings.REPORT_DUE_DAYS = 45
    World()
    report_periods_create(today=date(2024, 7, 1))
    assert QuarterlyReport.objects.get().due_on == date(2024, 8, 14)


def test_an_officer_extends_one_report_with_a_reason(
    mailoutbox, django_capture_on_commit_callbacks
):
    world = World()
    report = world.first_report()
    with pytest.raises(DomainError, match="Say why"):
        report_extend(
            report_id=report.pk, actor=world.officer, extended_to=date(2024, 9, 1), reason=" "
        )
    with pytest.raises(DomainError, match="after 30 Jul 2024"):
        report_extend(
            report_id=report.pk, actor=world.officer, extended_to=date(2024, 7, 30), reason="x"
        )
    with pytest.raises(ScopeError):
        report_extend(
            report_id=report.pk, actor=world.chair, extended_to=date(2024, 9, 1), reason="x"
        )
    with django_capture_on_commit_callbacks(execute=True):
        report = report_extend(
            report_id=report.pk,
            actor=world.officer,
            extended_to=date(2024, 9, 1),
            reason="Chair ill",
        )
    assert report.effective_due_on == date(2024, 9, 1)
    assert [m.to for m in mailoutbox] == [[world.chair.email]]
    assert "1 Sep 2024" in mailoutbox[0].body


def test_the_operators_command_runs_the_beat_job_and_sends(mailoutbox):
    from io import StringIO

    from django.core.management import call_command

    world = World()
    out = StringIO()
    call_command("reports_run", "--today", "2024-07-30", stdout=out)
    assert "1 created" in out.getvalue() and "1 sent" in out.getvalue()
    assert [m.to for m in mailoutbox] == [[world.chair.email]]
    call_command("reports_run", "--today", "2024-07-30", stdout=out)
    assert len(mailoutbox) == 1
