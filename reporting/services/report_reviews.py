"""An officer's decision on a submitted report: accept it (lifting the automatic hold its
lateness placed) or return it with comments. Locks the report row and re-checks its status, so
two officers deciding at once get one outcome and a clear refusal for the other."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from cwf.accounts import permissions
from cwf.core.errors import DomainError
from grants.models import TrancheHold
from grants.services.tranches import tranche_release_hold

from ..models import Notification, QuarterlyReport
from .notify import notify
from .recipients import lead_officer, report_writers
from .reports import report_locked, report_transition

Status = QuarterlyReport.Status


def _decide_locked(report_id: int, actor) -> QuarterlyReport:
    permissions.require_officer(actor, to="accept or return a report")
    report = report_locked(report_id)
    if report.status != Status.SUBMITTED:
        who = report.decided_by
        raise DomainError(
            f"This report is {report.get_status_display().lower()}"
            + (f": {who.full_name or who.email} decided it already" if who else "")
            + ". Your decision was not recorded."
        )
    return report


def _mark_version(report: QuarterlyReport, outcome: str, comments: str = "") -> None:
    version = report.versions.order_by("-number").first()
    version.outcome, version.comments = outcome, comments
    version.save(update_fields=["outcome", "comments"])


def report_return(*, report_id: int, actor, comments: str) -> QuarterlyReport:
    """Send the report back for changes, saying what to change."""
    if not comments.strip():
        raise DomainError("Say what needs to change.", field="comments")
    with transaction.atomic():
        report = _decide_locked(report_id, actor)
        report_transition(report, Status.RETURNED)
        report.decided_by, report.decided_at = actor, timezone.now()
        report.return_comments = comments.strip()
        report.save()
        _mark_version(report, Status.RETURNED, comments.strip())
        number = report.versions.count()
        notify(
            users=report_writers(report),
            key=f"report:{report.pk}:returned:{number}",
            kind=Notification.Kind.RETURNED,
            report=report,
            subject=f"Report returned for changes: {report}",
            body=(
                f"Hello,\n\nYour fund officer has returned {report} for changes:\n\n"
                f"{report.return_comments}\n\nPlease revise it and submit it again.\n"
            ),
        )
    return report


def report_accept(*, report_id: int, actor) -> QuarterlyReport:
    """Accept the report. If its lateness held a tranche automatically, lift that automatic
    hold (never a manual one), unless another report of the allocation still holds it."""
    with transaction.atomic():
        report = _decide_locked(report_id, actor)
        report_transition(report, Status.ACCEPTED)
        report.decided_by, report.decided_at = actor, timezone.now()
        report.return_comments = ""
        tranche = report.held_tranche
        report.held_tranche = None
        report.save()
        _mark_version(report, Status.ACCEPTED)
        notify(
            users=report_writers(report),
            key=f"report:{report.pk}:accepted",
            kind=Notification.Kind.ACCEPTED,
            report=report,
            subject=f"Report accepted: {report}",
            body=f"Hello,\n\nThank you: {report} has been accepted.\n",
        )
        if tranche is not None:
            report_hold_lift(report, tranche=tranche, actor=actor, why=f"{report} was accepted.")
    return report


def report_hold_lift(report: QuarterlyReport, *, tranche, actor, why: str) -> bool:
    """Lift the automatic hold this report's lateness placed on `tranche` (never a manual one),
    unless another report of the allocation still holds it. "Payment hold lifted" is sent only
    when the payment is no longer held at all. The caller holds the report's lock and has
    cleared `report.held_tranche`. Returns whether the payment is free again."""
    from grants.models import Tranche

    if QuarterlyReport.objects.filter(held_tranche=tranche).exclude(pk=report.pk).exists():
        return False
    lifted = tranche_release_hold(
        tranche_id=tranche.pk, actor=actor, reason=why, kind=TrancheHold.Kind.AUTOMATIC
    )
    if lifted.status != Tranche.Status.SCHEDULED:
        return False  # another hold (an officer's) keeps it held: nothing to announce
    notify(
        users=[*report_writers(report), *lead_officer(report)],
        key=f"report:{report.pk}:hold_lifted:{tranche.pk}",
        kind=Notification.Kind.HOLD_LIFTED,
        report=report,
        subject=f"Payment hold lifted: {report.partnership}",
        body=(f"Hello,\n\n{why} The automatic hold on tranche {tranche.number} has been lifted.\n"),
    )
    return True
