"""Reads of quarterly reports and notifications, scoped to the viewer; and the compliance
figures the trustee dashboard reads (issue 8), computed in SQL."""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import (
    Avg,
    Case,
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from cwf.accounts import permissions

from ..models import OUTCOMES, Notification, QuarterlyReport, ReportStory, ReportVersion

Status = QuarterlyReport.Status


def with_effective_due(qs: QuerySet[QuarterlyReport]) -> QuerySet[QuarterlyReport]:
    return qs.annotate(effective_due=Coalesce("extended_to", "due_on"))


def report_list(*, viewer) -> QuerySet[QuarterlyReport]:
    """Officers, trustees and admins see every report; partnership users their own
    partnerships' reports. Everyone else sees none."""
    qs = with_effective_due(QuarterlyReport.objects.select_related("partnership", "allocation"))
    if permissions.sees_portfolio(viewer):
        return qs
    return qs.filter(partnership_id__in=permissions.partnership_ids(viewer))


# What the reports API shows of a report (reporting.api.reports): its columns, the partnership's
# name and the effective due date. Read by values(), so a page builds no model instances and
# joins only the partnership (docs/performance.md).
REPORT_ROW_FIELDS = (
    "id",
    "partnership_id",
    "partnership__name",
    "allocation_id",
    "updated_at",
    "quarter_start",
    "quarter_end",
    "due_on",
    "extended_to",
    "effective_due",
    "status",
    "first_submitted_at",
    "submitted_at",
    "decided_at",
    "what_happened",
    *(name for name, _ in OUTCOMES),
    "people_involved",
    "volunteers",
    "spend_snapshot",
)


def report_rows(*, viewer) -> QuerySet:
    """report_list's reports, as dicts of REPORT_ROW_FIELDS."""
    return report_list(viewer=viewer).values(*REPORT_ROW_FIELDS)


def report_stories(*, viewer, report_id: int) -> QuerySet[ReportStory]:
    return ReportStory.objects.filter(report__in=report_list(viewer=viewer), report_id=report_id)


def report_versions(*, viewer, report_id: int) -> QuerySet[ReportVersion]:
    return ReportVersion.objects.filter(
        report__in=report_list(viewer=viewer), report_id=report_id
    ).select_related("submitted_by")


def overdue_reports(*, today=None) -> QuerySet[QuarterlyReport]:
    """Every report still owed after its (extended) due date, oldest first. Fund-wide: for
    officers' digests and the trustee dashboard, which scope it themselves."""
    today = today or timezone.localdate()
    return (
        with_effective_due(QuarterlyReport.objects.select_related("partnership"))
        .filter(status__in=QuarterlyReport.OWED_STATUSES, effective_due__lt=today)
        .order_by("effective_due", "pk")
    )


def _late_by(today):
    submitted_on = Coalesce(TruncDate("first_submitted_at"), Value(today), output_field=DateField())
    return ExpressionWrapper(submitted_on - F("effective_due"), output_field=DurationField())


def reporting_compliance(*, partnership_ids=None, today=None) -> dict[int, dict]:
    """Per partnership: reports due so far, how many were submitted on time, the on-time rate
    (0..1, None when nothing is due yet) and the mean days late over due reports (on-time ones
    count as 0). A report counts once its effective due date has passed or it was submitted.
    One query."""
    today = today or timezone.localdate()
    qs = with_effective_due(QuarterlyReport.objects.all()).filter(
        Q(effective_due__lt=today) | Q(first_submitted_at__isnull=False)
    )
    if partnership_ids is not None:
        qs = qs.filter(partnership_id__in=list(partnership_ids))
    on_time = Q(first_submitted_at__isnull=False) & Q(
        first_submitted_at__date__lte=F("effective_due")
    )
    rows = (
        qs.annotate(late_by=_late_by(today))
        .values("partnership_id")
        .annotate(
            due=Count("pk"),
            on_time=Count("pk", filter=on_time),
            mean_late=Avg(
                Case(
                    When(on_time, then=Value(timedelta(0))),
                    default=F("late_by"),
                    output_field=DurationField(),
                )
            ),
        )
        .order_by("partnership_id")
    )
    result = {}
    for row in rows:
        mean = row["mean_late"]
        result[row["partnership_id"]] = {
            "due": row["due"],
            "on_time": row["on_time"],
            "on_time_rate": row["on_time"] / row["due"] if row["due"] else None,
            "mean_days_late": round(mean.total_seconds() / 86400, 1) if mean is not None else 0.0,
        }
    return result


def notification_list(*, viewer) -> QuerySet[Notification]:
    if not getattr(viewer, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=viewer).select_related("report__partnership")


def unread_cache_key(user_id: int) -> str:
    return f"reporting:unread:{user_id}"


def unread_count(*, viewer, fresh: bool = False) -> int:
    """The viewer's unread notifications, for the navigation label on every page. Read from the
    shared cache, which every write that adds or reads notifications refreshes, so a page costs
    no query for it. `fresh` counts in the database and refreshes the cache (the notifications
    page does, so an evicted cache heals itself)."""
    if not getattr(viewer, "is_authenticated", False):
        return 0
    if fresh:
        unread_refresh([viewer.pk])
    return cache.get(unread_cache_key(viewer.pk)) or 0


def unread_refresh(user_ids) -> None:
    """Recount the users' unread notifications (one query) into the cache: now, for this
    request's own pages, and again after commit, for everyone else's."""
    ids = list(user_ids)

    def refresh():
        counts = dict(
            Notification.objects.filter(recipient_id__in=ids, read_at__isnull=True)
            .values("recipient_id")
            .annotate(n=Count("pk"))
            .values_list("recipient_id", "n")
        )
        cache.set_many({unread_cache_key(pk): counts.get(pk, 0) for pk in ids}, timeout=None)

    refresh()
    if not transaction.get_autocommit():
        transaction.on_commit(refresh)
