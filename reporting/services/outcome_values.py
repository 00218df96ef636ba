"""Indicator values in a quarterly report: written with the report by its writers, while it is
editable; frozen with it at submission (reports.report_submit checks each indicator has a value
or is marked not measured, and keeps them in the submitted version)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from cwf.core.errors import DomainError
from grants.services.outcomes import indicator_number

from ..models import IndicatorValue, QuarterlyReport
from ..selectors.outcomes import report_indicators
from .reports import (
    Status,
    refuse_if_not_editable,
    report_locked,
    report_transition,
    require_report_writer,
)


@dataclass(frozen=True)
class ValueInput:
    indicator_id: int
    value: str = ""
    not_measured: bool = False


def value_field(indicator_id: int) -> str:
    return f"indicator_{indicator_id}"


def indicator_values_save(
    *, report_id: int, actor, values: Sequence[ValueInput]
) -> list[IndicatorValue]:
    """Record this quarter's values. A blank value (not marked "not measured") is left to answer
    later; a value outside the indicator's unit or bounds is refused, naming the field. Every
    problem is raised at once (DomainError per field, the first raised, others in `.errors`)."""
    with transaction.atomic():
        report = report_locked(report_id)
        require_report_writer(actor, report)
        refuse_if_not_editable(report)
        asked = {i.pk: i for i in report_indicators(report)}
        errors: dict[str, str] = {}
        rows = []
        for item in values:
            indicator = asked.get(item.indicator_id)
            if indicator is None:
                raise DomainError("That indicator is not in this partnership's plan.")
            field = value_field(indicator.pk)
            if item.not_measured:
                if str(item.value or "").strip():
                    errors[field] = (
                        f"Either enter a value for {indicator.name.lower()} or tick "
                        "'not measured this quarter', not both"
                    )
                    continue
                rows.append((indicator, None, True))
                continue
            if not str(item.value or "").strip():
                continue
            try:
                number = indicator_number(
                    item.value,
                    field=field,
                    label=f"value for {indicator.name.lower()}",
                    unit=indicator.unit,
                    bounds=indicator.bounds,
                )
            except DomainError as exc:
                errors[field] = exc.message
                continue
            rows.append((indicator, number, False))
        if errors:
            field, message = next(iter(errors.items()))
            exc = DomainError(message, field=field)
            exc.errors = errors
            raise exc
        saved = []
        for indicator, number, not_measured in rows:
            row, _ = IndicatorValue.objects.update_or_create(
                report=report,
                lineage=indicator.lineage,
                defaults={
                    "indicator": indicator,
                    "partnership_id": report.partnership_id,
                    "quarter_start": report.quarter_start,
                    "value": number,
                    "not_measured": not_measured,
                    "recorded_by": actor,
                },
            )
            saved.append(row)
        if saved and report.status == Status.NOT_STARTED:
            report_transition(report, Status.DRAFT)
            report.started_by = actor
            report.save(update_fields=["status", "started_by", "updated_at"])
    return saved


def indicator_problems(report: QuarterlyReport) -> dict[str, str]:
    """Indicators the report has not answered: a submission needs a value or "not measured"."""
    answered = set(report.indicator_values.values_list("lineage", flat=True))
    return {
        value_field(i.pk): f"Enter this quarter's value for {i.name.lower()}, or tick "
        "'not measured this quarter'"
        for i in report_indicators(report)
        if i.lineage not in answered
    }


def indicator_content(report: QuarterlyReport) -> list[dict]:
    """The values as submitted, for the report's version."""
    return [
        {
            "indicator": v.indicator.name,
            "unit": v.indicator.unit,
            "value": None if v.value is None else str(v.value),
            "not_measured": v.not_measured,
        }
        for v in report.indicator_values.select_related("indicator")
    ]
