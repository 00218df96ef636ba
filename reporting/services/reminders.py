"""The hourly reporting run over due rows: reminders to report writers before, on and after the
due date; escalation to the lead officer; the automatic hold of the next tranche for a long
overdue report. Each is a Notification keyed by (report, kind, effective due date) and unique
per recipient, so a repeated or concurrent run sends nothing twice."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cwf.core.dates import display_date
from cwf.core.errors import DomainError
from grants.models import Tranche, TrancheHold
from grants.services.tranches import tranche_hold

from ..models import Notification, QuarterlyReport
from ..selectors.reports import with_effective_due
from .notify import notify
from .recipients import lead_officer, report_writers

Kind = Notification.Kind
log = logging.getLogger(__name__)


def reminder_kind(due: date, today: date) -> str | None:
    """Which reminder applies today: due soon (within the window), due today, or overdue."""
    if today > due:
        return Kind.OVERDUE
    if today == due:
        return Kind.DUE_TODAY
    if today >= due - timedelta(days=settings.REPORT_REMIND_DAYS_BEFORE):
        return Kind.DUE_SOON
    return None


def _reminder(report: QuarterlyReport, kind: str, due: date) -> int:
    link = settings.SITE_URL.rstrip("/") + reverse("reports:report_detail", args=[report.pk])
    when = {
        Kind.DUE_SOON: f"is due on {display_date(due)}",
        Kind.DUE_TODAY: "is due today",
        Kind.OVERDUE: f"was due on {display_date(due)} and is now overdue",
    }[kind]
    return notify(
        users=report_writers(report),
        key=f"report:{report.pk}:{kind}:{due.isoformat()}",
        kind=kind,
        report=report,
        subject={
            Kind.DUE_SOON: f"Quarterly report due on {display_date(due)}: {report.partnership}",
            Kind.DUE_TODAY: f"Quarterly report due today: {report.partnership}",
            Kind.OVERDUE: f"Quarterly report overdue: {report.partnership}",
        }[kind],
        body=(
            f"Hello,\n\nThe quarterly report for {report.partnership}, {report.quarter_label}, "
            f"{when}.\n\nYou can write and submit it here:\n\n{link}\n"
        ),
    )


def _escalate(report: QuarterlyReport, due: date, today: date) -> int:
    return notify(
        users=lead_officer(report),
        key=f"report:{report.pk}:escalation:{due.isoformat()}",
        kind=Kind.ESCALATION,
        report=report,
        subject=f"Overdue report: {report.partnership}, {(today - due).days} days late",
        body=(
            f"Hello,\n\nThe quarterly report for {report.partnership}, {report.quarter_label}, "
            f"was due on {display_date(due)} and has not been submitted. Please follow it up.\n"
        ),
    )


def _hold(report: QuarterlyReport, due: date, today: date) -> bool:
    """Hold the allocation's next open tranche for this report, once. Locks the report first,
    then (inside tranche_hold) the tranche: the reporting locking order."""
    with transaction.atomic():
        report = QuarterlyReport.objects.select_for_update(of=("self",)).get(pk=report.pk)
        if report.held_tranche_id or report.status not in QuarterlyReport.OWED_STATUSES:
            return False
        tranche = (
            Tranche.objects.filter(
                allocation_id=report.allocation_id, status__in=Tranche.OPEN_STATUSES
            )
            .order_by("due_on", "sequence")
            .first()
        )
        if tranche is None:
            return False
        reason = (
            f"The quarterly report for {report.quarter_label} was due on {display_date(due)} "
            f"and is more than {settings.REPORT_HOLD_DAYS_OVERDUE} days overdue."
        )
        tranche_hold(
            tranche_id=tranche.pk, actor=None, reason=reason, kind=TrancheHold.Kind.AUTOMATIC
        )
        report.held_tranche = tranche
        report.save(update_fields=["held_tranche", "updated_at"])
        notify(
            users=[*report_writers(report), *lead_officer(report)],
            key=f"report:{report.pk}:hold_placed:{tranche.pk}",
            kind=Kind.HOLD_PLACED,
            report=report,
            subject=f"Payment held: {report.partnership}'s report is overdue",
            body=(
                f"Hello,\n\nTranche {tranche.number} (due {display_date(tranche.due_on)}) for "
                f"{report.partnership} is on hold. {reason}\n\nThe hold is lifted when the "
                f"report is accepted.\n"
            ),
        )
    return True


def reports_remind(*, today: date | None = None) -> dict[str, int]:
    """One pass over every owed report whose reminder window has opened."""
    today = today or timezone.localdate()
    window = today + timedelta(days=settings.REPORT_REMIND_DAYS_BEFORE)
    counts = {"reminded": 0, "escalated": 0, "held": 0}
    owed = with_effective_due(
        QuarterlyReport.objects.select_related("partnership__lead_officer", "started_by")
    ).filter(status__in=QuarterlyReport.OWED_STATUSES, effective_due__lte=window)
    for report in owed.order_by("effective_due", "pk"):
        due = report.effective_due
        kind = reminder_kind(due, today)
        if kind:
            with transaction.atomic():
                counts["reminded"] += _reminder(report, kind, due)
        overdue_days = (today - due).days
        if overdue_days >= settings.REPORT_ESCALATE_DAYS_OVERDUE > 0:
            with transaction.atomic():
                counts["escalated"] += _escalate(report, due, today)
        hold_after = settings.REPORT_HOLD_DAYS_OVERDUE
        # A report first submitted on time and then returned is being revised, not late.
        on_time = report.first_submitted_at and report.first_submitted_at.date() <= due
        if (
            hold_after > 0
            and overdue_days > hold_after
            and report.held_tranche_id is None
            and not on_time
        ):
            try:
                counts["held"] += int(_hold(report, due, today))
            except DomainError as exc:  # e.g. the tranche was cancelled meanwhile: next run
                log.warning("Could not hold a tranche for report %s: %s", report.pk, exc)
    return counts


def reports_hourly(*, today: date | None = None) -> dict[str, int]:
    """The beat job: create ended quarters' reports, then remind, escalate and hold."""
    from .periods import report_periods_create

    return {"created": report_periods_create(today=today), **reports_remind(today=today)}
