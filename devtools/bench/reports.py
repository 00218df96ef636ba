"""Quarterly reports for the bench portfolio (issue 7's QuarterlyReport), when the model exists:
one per allocation and ended quarter, as beat creates them. At the run day (year 5 of 15) that
is 20 of each allocation's 60; all accepted but the latest, which is owed, so the reminder run
has one report per partnership to remind about."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from cwf.core.dates import add_months


def report_model():
    try:
        from reporting.models import QuarterlyReport
    except ImportError:
        return None
    return QuarterlyReport


def quarter_of(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def latest_quarter_start(run_day: date) -> date:
    """The start of the last quarter that ended before the run day's quarter began."""
    return add_months(quarter_of(run_day), -3)


def reports_create(*, allocations, run_day: date, actor, rows: dict) -> None:
    model = report_model()
    if model is None:
        return
    latest = latest_quarter_start(run_day) if run_day else None
    now = timezone.now()
    reports = []
    for allocation in allocations:
        start = quarter_of(allocation.starts_on)
        while start <= latest:
            end = add_months(start, 3) - timedelta(days=1)
            owed = start == latest
            reports.append(
                model(
                    allocation=allocation,
                    partnership_id=allocation.partnership_id,
                    quarter_start=start,
                    quarter_end=end,
                    due_on=end + timedelta(days=settings.REPORT_DUE_DAYS),
                    status=model.Status.NOT_STARTED if owed else model.Status.ACCEPTED,
                    what_happened="" if owed else "We ran the quarter's activities as planned.",
                    first_submitted_at=None if owed else now,
                    submitted_at=None if owed else now,
                    submitted_by=None if owed else actor,
                    decided_at=None if owed else now,
                    decided_by=None if owed else actor,
                )
            )
            start = add_months(start, 3)
    rows["reports"] = rows.get("reports", 0) + len(model.objects.bulk_create(reports))


def reminder_day(run_day: date) -> date | None:
    """A day on which every owed report of the latest quarter is due soon: the reminder run's
    one quarter."""
    model = report_model()
    if model is None:
        return None
    end = add_months(latest_quarter_start(run_day), 3) - timedelta(days=1)
    return end + timedelta(days=settings.REPORT_DUE_DAYS - settings.REPORT_REMIND_DAYS_BEFORE)
