"""Reporting periods: one report row per active allocation and calendar quarter, created by
beat once the quarter has ended; and an officer's extension of one report's deadline."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cwf.accounts import permissions
from cwf.core.errors import DomainError
from grants.models import Allocation
from grants.services.common import long_date

from ..models import Notification, QuarterlyReport


def quarter_of(day: date) -> tuple[date, date]:
    """The calendar quarter containing `day`: (first day, last day)."""
    first_month = (day.month - 1) // 3 * 3 + 1
    start = date(day.year, first_month, 1)
    following = date(day.year + (first_month + 3 > 12), (first_month + 2) % 12 + 1, 1)
    return start, following - timedelta(days=1)


def quarters_between(starts_on: date, ends_on: date, *, ended_by: date):
    """Calendar quarters from the one containing `starts_on`, before `ends_on`, that ended
    before `ended_by`."""
    start, end = quarter_of(starts_on)
    while start < ends_on and end < ended_by:
        yield start, end
        start, end = quarter_of(end + timedelta(days=1))


def report_periods_create(*, today: date | None = None) -> int:
    """Create the report rows for every ended quarter of every active allocation. Idempotent:
    the unique (allocation, quarter) constraint and ignore_conflicts make a repeated or
    concurrent run create nothing twice. Returns how many rows are new."""
    today = today or timezone.localdate()
    due_days = timedelta(days=settings.REPORT_DUE_DAYS)
    created = 0
    # Closing allocations still report until they close.
    active = Allocation.objects.filter(
        status__in=[Allocation.Status.ACTIVE, Allocation.Status.CLOSING]
    )
    for allocation in active.only("pk", "partnership_id", "starts_on", "term_years"):
        have = set(
            QuarterlyReport.objects.filter(allocation=allocation).values_list(
                "quarter_start", flat=True
            )
        )
        rows = [
            QuarterlyReport(
                allocation=allocation,
                partnership_id=allocation.partnership_id,
                quarter_start=start,
                quarter_end=end,
                due_on=end + due_days,
            )
            for start, end in quarters_between(
                allocation.starts_on, allocation.ends_on, ended_by=today
            )
            if start not in have
        ]
        if rows:
            before = QuarterlyReport.objects.filter(allocation=allocation).count()
            QuarterlyReport.objects.bulk_create(rows, ignore_conflicts=True)
            created += QuarterlyReport.objects.filter(allocation=allocation).count() - before
    return created


def report_extend(*, report_id: int, actor, extended_to: date, reason: str) -> QuarterlyReport:
    """An officer gives one report a later deadline, with a reason. Reminders follow the new
    date (their keys include it), and the chair is told."""
    from .notify import notify
    from .recipients import report_writers

    permissions.require_officer(actor, to="extend a report's deadline")
    if not reason.strip():
        raise DomainError("Say why the deadline is being extended.", field="reason")
    with transaction.atomic():
        report = QuarterlyReport.objects.select_for_update().get(pk=report_id)
        if report.status == QuarterlyReport.Status.ACCEPTED:
            raise DomainError("This report has been accepted: it needs no extension.")
        if extended_to <= report.effective_due_on:
            raise DomainError(
                f"The new deadline must be after {long_date(report.effective_due_on)}.",
                field="extended_to",
            )
        report.extended_to, report.extension_reason, report.extended_by = (
            extended_to,
            reason.strip(),
            actor,
        )
        report.save(update_fields=["extended_to", "extension_reason", "extended_by", "updated_at"])
        notify(
            users=report_writers(report),
            key=f"report:{report.pk}:extended:{extended_to.isoformat()}",
            kind=Notification.Kind.EXTENDED,
            report=report,
            subject=f"New deadline for {report}",
            body=(
                f"Hello,\n\nThe deadline for {report} is now {long_date(extended_to)}.\n\n"
                f"Reason: {report.extension_reason}\n"
            ),
        )
    return report
