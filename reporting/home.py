"""Reporting's part of the home page (cwf.core.home): reports to write or change, reports to
review and to chase; the portfolio's everyday actions."""

from __future__ import annotations

import datetime

from django.urls import reverse

from cwf.accounts import permissions
from cwf.core.home import Action, Task, dated, day, first_few

from .models import QuarterlyReport
from .selectors.reports import report_list
from .services.reports import WRITER_ROLES

Status = QuarterlyReport.Status


def _owed(report: QuarterlyReport, today: datetime.date, several: bool) -> Task:
    due = report.effective_due_on
    whose = f" ({report.partnership.name})" if several else ""
    if report.status == Status.RETURNED:
        return Task(
            f"Change the returned quarterly report for {report.quarter_label}{whose}",
            reverse("reports:report_edit", args=[report.pk]),
            status="Returned",
            colour="orange",
            due=due,
            hint=f"Returned for changes; due {day(due)}",
        )
    return dated(
        f"Write the quarterly report for {report.quarter_label}{whose}",
        reverse("reports:report_edit", args=[report.pk]),
        due=due,
        today=today,
        hint=f"due {day(due)}" + (" (extended)" if report.extended_to else ""),
    )


def report_tasks(viewer, today: datetime.date) -> list[Task]:
    tasks: list[Task] = []
    writes_for = permissions.partnership_ids(viewer, WRITER_ROLES)
    if writes_for:
        owed = (
            report_list(viewer=viewer)
            .filter(partnership_id__in=writes_for, status__in=QuarterlyReport.OWED_STATUSES)
            .order_by("effective_due", "pk")
        )
        several = len(writes_for) > 1
        tasks += first_few(
            owed,
            lambda report: _owed(report, today, several),
            lambda left: Task(
                f"{left} more quarterly reports to write",
                reverse("reports:report_list") + "?queue=due",
            ),
        )
    if permissions.is_officer(viewer):
        reports = report_list(viewer=viewer)
        submitted = reports.filter(status=Status.SUBMITTED).order_by("submitted_at", "pk")
        tasks += first_few(
            submitted,
            lambda report: Task(
                f"Review the quarterly report from {report.partnership.name} for "
                f"{report.quarter_label}",
                reverse("reports:report_detail", args=[report.pk]),
                status="To review",
                hint=f"Submitted {day(report.submitted_at.date())}",
            ),
            lambda left: Task(
                f"{left} more quarterly reports to review",
                reverse("reports:report_list") + "?queue=submitted",
                status="To review",
            ),
        )
        overdue = reports.filter(
            status__in=QuarterlyReport.OWED_STATUSES, effective_due__lt=today
        ).count()
        if overdue:
            tasks.append(
                Task(
                    f"Chase {overdue} overdue quarterly report{'s' if overdue != 1 else ''}",
                    reverse("reports:report_list") + "?queue=overdue",
                    status="Overdue",
                    colour="red",
                )
            )
    return tasks


def portfolio_actions(viewer) -> list[Action]:
    if not permissions.sees_portfolio(viewer):
        return []
    return [
        Action("See the portfolio at a glance", reverse("reporting:dashboard")),
        Action("Make a board pack", reverse("reporting:board_pack_index")),
        Action("See the endowment forecast", reverse("reporting:forecast")),
    ]
