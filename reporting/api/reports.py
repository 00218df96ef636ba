"""The reports API: read-only, scoped like the pages. Reports with status and dates; accepted
reports also carry their outcome narrative and frozen spend summary; compliance per partnership."""

from __future__ import annotations

from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from cwf.core.filters import IdFilter
from partnerships.selectors import partnership_list

from ..models import OUTCOMES, QuarterlyReport
from ..selectors.reports import report_rows, reporting_compliance


class ReportSpendSerializer(serializers.Serializer):
    received = serializers.DecimalField(max_digits=14, decimal_places=2)
    received_contribution = serializers.DecimalField(max_digits=14, decimal_places=2)
    spent = serializers.DecimalField(max_digits=14, decimal_places=2)
    held_by_lto = serializers.DecimalField(max_digits=14, decimal_places=2)
    spent_ahead = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False,
        help_text="Spending beyond what the LTO had received by the quarter's end.",
    )  # fmt: skip
    spent_by_theme = serializers.DictField(child=serializers.CharField())


class ReportOutcomesSerializer(serializers.Serializer):
    what_happened = serializers.CharField()
    outcome_needs = serializers.CharField()
    outcome_skills = serializers.CharField()
    outcome_difference = serializers.CharField()
    outcome_place = serializers.CharField()
    people_involved = serializers.IntegerField(allow_null=True)
    volunteers = serializers.IntegerField(allow_null=True)


NARRATIVE = ("what_happened", *(name for name, _ in OUTCOMES), "people_involved", "volunteers")


# The fields declare the shape (and the schema). Rows are report_rows' dicts, made JSON by
# `to_representation` in one pass, with dates and times formatted by DRF's own fields as the
# generic per-field walk would: a page builds no model instances (docs/performance.md).
class ReportSerializer(serializers.ModelSerializer):
    partnership = serializers.CharField(source="partnership__name")
    effective_due_on = serializers.DateField(source="effective_due")
    outcomes = ReportOutcomesSerializer(allow_null=True, read_only=True)
    spend = ReportSpendSerializer(allow_null=True, read_only=True)

    class Meta:
        model = QuarterlyReport
        fields = [
            "id",
            "partnership_id",
            "partnership",
            "allocation_id",
            "quarter_start",
            "quarter_end",
            "due_on",
            "extended_to",
            "effective_due_on",
            "status",
            "first_submitted_at",
            "submitted_at",
            "decided_at",
            "outcomes",
            "spend",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Looked up once a request rather than once a value; the same zone either way.
        self._day = serializers.DateField().to_representation
        self._moment = serializers.DateTimeField(
            default_timezone=timezone.get_current_timezone()
        ).to_representation

    def to_representation(self, row: dict) -> dict:
        day, moment = self._day, self._moment
        accepted = row["status"] == QuarterlyReport.Status.ACCEPTED
        return {
            "id": row["id"],
            "partnership_id": row["partnership_id"],
            "partnership": row["partnership__name"],
            "allocation_id": row["allocation_id"],
            "quarter_start": day(row["quarter_start"]),
            "quarter_end": day(row["quarter_end"]),
            "due_on": day(row["due_on"]),
            "extended_to": day(row["extended_to"]),
            "effective_due_on": day(row["effective_due"]),
            "status": row["status"],
            "first_submitted_at": moment(row["first_submitted_at"]),
            "submitted_at": moment(row["submitted_at"]),
            "decided_at": moment(row["decided_at"]),
            # Outcomes and the frozen spend summary only once accepted.
            "outcomes": {name: row[name] for name in NARRATIVE} if accepted else None,
            "spend": row["spend_snapshot"] if accepted else None,
        }


class ReportFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=QuarterlyReport.Status.choices)
    partnership = IdFilter(field_name="partnership_id", parameter="partnership")
    due_after = filters.DateFilter(field_name="due_on", lookup_expr="gte")
    due_before = filters.DateFilter(field_name="due_on", lookup_expr="lte")

    class Meta:
        model = QuarterlyReport
        fields = ["status", "partnership", "due_after", "due_before"]


class ReportViewSet(viewsets.ReadOnlyModelViewSet):
    """Quarterly reports the caller may see. Outcomes and spend are given once accepted."""

    serializer_class = ReportSerializer
    filterset_class = ReportFilter
    lookup_url_kwarg = "report_pk"
    ordering_fields = ["due_on", "quarter_start", "submitted_at"]
    ordering = ["pk"]

    def get_queryset(self):
        return report_rows(viewer=self.request.user).order_by("pk")


class ReportingComplianceSerializer(serializers.Serializer):
    partnership_id = serializers.IntegerField()
    partnership = serializers.CharField()
    due = serializers.IntegerField()
    on_time = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True)
    mean_days_late = serializers.FloatField()


class ComplianceList(APIView):
    """Reporting compliance per partnership the caller may see: reports due so far, on time,
    the on-time rate and the mean days late."""

    @extend_schema(
        summary="Reporting compliance per partnership",
        responses=ReportingComplianceSerializer(many=True),
    )
    def get(self, request):
        partnerships = {p.pk: p.name for p in partnership_list(viewer=request.user)}
        figures = reporting_compliance(
            partnership_ids=partnerships.keys(), today=timezone.localdate()
        )
        rows = [
            {"partnership_id": pk, "partnership": partnerships[pk], **values}
            for pk, values in sorted(figures.items())
        ]
        return Response(ReportingComplianceSerializer(rows, many=True).data)
