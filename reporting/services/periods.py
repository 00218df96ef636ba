"""Reporting periods: one report row per active allocation and calendar quarter, created by
beat once the quarter has ended; and an officer's extension of one report's deadline."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cwf.accounts import permissions
from cwf.core.dates import display_date
from cwf.core.errors import DomainError
from grants.models import Allocation

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


def _lift_hold_if_no_longer_late(report: QuarterlyReport, *, actor, today: date) -> None:
    """Holds follow the report's current due date: an extension that leaves the report no more
    than REPORT_HOLD_DAYS_OVERDUE late lifts the automatic hold its lateness placed."""
    from .report_reviews import report_hold_lift

    tranche = report.held_tranche
    late = (today - report.effective_due_on).days
    if tranche is None or late > settings.REPORT_HOLD_DAYS_OVERDUE:
        return
    report.held_tranche = None
    report.save(update_fields=["held_tranche", "updated_at"])
    report_hold_lift(
        report,
        tranche=tranche,
        actor=actor,
        why=f"The deadline for {report} was extended to {display_date(report.effective_due_on)}.",
    )


def report_extend(
    *, report_id: int, actor, extended_to: date, reason: str, today: date | None = None
) -> QuarterlyReport:
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
                f"The new deadline must be after {display_date(report.effective_due_on)}.",
                field="extended_to",
            )
        report.extended_to, report.extension_reason, report.extended_by = (
            extended_to,
            reason.strip(),
            actor,
        )
        report.save(update_fields=["extended_to", "extension_reason", "extended_by", "updated_at"])
        _lift_hold_if_no_longer_late(report, actor=actor, today=today or timezone.localdate())
        notify(
            users=report_writers(report),
            key=f"report:{report.pk}:extended:{extended_to.isoformat()}",
            kind=Notification.Kind.EXTENDED,
            report=report,
            subject=f"New deadline for {report}",
            body=(
                f"Hello,\n\nThe deadline for {report} is now {display_date(extended_to)}.\n\n"
                f"Reason: {report.extension_reason}\n"
            ),
        )
    return report


def report_extension_ask(
    *, report_id: int, actor, extended_to: date, reason: str
) -> QuarterlyReport:
    """The partnership's chair asks for more time (issue 24): the lead officer (or every fund
    officer, when the partnership has none) is told, with a link to grant it. Nothing changes
    until an officer extends the deadline."""
    from cwf.accounts import permissions
    from cwf.core.errors import ScopeError

    from .notify import notify
    from .recipients import fund_officers, lead_officer

    if not reason.strip():
        raise DomainError("Say why more time is needed.", field="reason")
    report = QuarterlyReport.objects.select_related("partnership").get(pk=report_id)
    if not permissions.is_chair_of(actor, report.partnership_id):
        raise ScopeError("Only the partnership's chair can ask for more time.")
    if report.status == QuarterlyReport.Status.ACCEPTED:
        raise DomainError("This report has been accepted: it needs no extension.")
    if extended_to <= report.effective_due_on:
        raise DomainError(
            f"Ask for a date after the deadline, {display_date(report.effective_due_on)}.",
            field="extended_to",
        )
    officers = lead_officer(report) or fund_officers()
    notify(
        users=officers,
        key=f"report:{report.pk}:extension_asked:{extended_to.isoformat()}",
        kind=Notification.Kind.EXTENDED,
        report=report,
        subject=f"More time asked for: {report}",
        body=(
            f"Hello,\n\n{actor} asks for the deadline of {report} to move from "
            f"{display_date(report.effective_due_on)} to {display_date(extended_to)}.\n\n"
            f"Reason: {reason.strip()}\n\nYou can extend it from the report's page.\n"
        ),
    )
    return report
