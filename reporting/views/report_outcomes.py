"""The quarterly report's outcome indicators: this quarter's value of each (or "not measured this
quarter"), with the trend so far."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from cwf.accounts import permissions
from cwf.core.errors import DomainError

from ..selectors.outcomes import report_indicator_rows
from ..selectors.reports import report_list
from ..services.outcome_values import ValueInput, indicator_values_save, value_field

MAX_INPUT = 30  # characters of a typed value kept to show back


@login_required
def report_outcomes(request, report_pk: int):
    report = get_object_or_404(report_list(viewer=request.user), pk=report_pk)
    if not permissions.may_write_report(request.user, report.partnership_id):
        raise PermissionDenied("Only the partnership's own members can write its report.")
    if not report.is_editable:
        messages.info(request, "This report has been submitted and can no longer be changed.")
        return redirect("reports:report_detail", report.pk)
    rows = report_indicator_rows(report)
    errors: dict[str, str] = {}
    typed: dict[str, str] = {}
    if request.method == "POST":
        values = []
        for row in rows:
            name = value_field(row.indicator.pk)
            raw = request.POST.get(name, "")[:MAX_INPUT]
            typed[name] = raw
            values.append(
                ValueInput(
                    indicator_id=row.indicator.pk,
                    value=raw,
                    not_measured=bool(request.POST.get(f"{name}_not_measured")),
                )
            )
        try:
            indicator_values_save(report_id=report.pk, actor=request.user, values=values)
        except DomainError as exc:
            errors = getattr(exc, "errors", None) or {exc.field or "indicators": exc.message}
        else:
            messages.success(request, "The outcome values have been saved.")
            return redirect("reports:report_edit", report.pk)
    fields = []
    for row in rows:
        name = value_field(row.indicator.pk)
        current = row.current
        value = typed.get(name)
        if value is None and current is not None and current.value is not None:
            value = f"{current.value.normalize():f}"
        not_measured = (
            bool(request.POST.get(f"{name}_not_measured"))
            if request.method == "POST"
            else bool(current and current.not_measured)
        )
        fields.append(
            {"row": row, "name": name, "value": value or "", "not_measured": not_measured,
             "error": errors.get(name, "")}
        )  # fmt: skip
    context = {"report": report, "fields": fields, "errors": errors}
    return render(request, "reporting/reports/report_outcomes.html", context)
