"""The reports API: read-only, scoped like the pages. Reports with status and dates; accepted
reports also carry their outcome narrative and frozen spend summary; compliance per partnership."""

from __future__ import annotations

from django.utils import timezone
from django_filters import rest_framework as filters
from rest_framework import generics, serializers, viewsets

from cwf.core.api import SyncableApi, VersionCachedList, money_field, updated_after_filter
from cwf.core.filters import IdFilter
from partnerships.api.serializers import PartnershipRefSerializer
from partnerships.selectors import partnership_list

from ..models import OUTCOMES, QuarterlyReport
from ..selectors.reports import report_rows, reporting_compliance


class ReportSpendSerializer(serializers.Serializer):
    received = money_field()
    received_contribution = money_field()
    spent = money_field()
    held_by_lto = money_field()
    spent_ahead = money_field(
        required=False,
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
    partnership = PartnershipRefSerializer(read_only=True)
    effective_due_on = serializers.DateField(source="effective_due")
    outcomes = ReportOutcomesSerializer(allow_null=True, read_only=True)
    spend = ReportSpendSerializer(allow_null=True, read_only=True)

    class Meta:
        model = QuarterlyReport
        fields = [
            "id",
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
            "updated_at",
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
            "partnership": {"id": row["partnership_id"], "name": row["partnership__name"]},
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
            "updated_at": moment(row["updated_at"]),
        }


class ReportFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=QuarterlyReport.Status.choices)
    partnership = IdFilter(field_name="partnership_id", parameter="partnership")
    due_after = filters.DateFilter(field_name="due_on", lookup_expr="gte")
    due_before = filters.DateFilter(field_name="due_on", lookup_expr="lte")
    updated_after = updated_after_filter()

    class Meta:
        model = QuarterlyReport
        fields = ["status", "partnership", "due_after", "due_before", "updated_after"]


class ReportViewSet(VersionCachedList, SyncableApi, viewsets.ReadOnlyModelViewSet):
    """Quarterly reports the caller may see. Outcomes and spend are given once accepted."""

    # Reports keep their own spend snapshot: the spending log is not read.
    portfolio_concerns = "main"

    serializer_class = ReportSerializer
    filterset_class = ReportFilter
    lookup_url_kwarg = "report_pk"
    ordering_fields = ["due_on", "quarter_start", "submitted_at"]
    ordering = ["pk"]

    def get_queryset(self):
        return report_rows(viewer=self.request.user).order_by("pk")


class ReportingComplianceSerializer(serializers.Serializer):
    partnership = PartnershipRefSerializer()
    due = serializers.IntegerField(help_text="Quarterly reports due so far.")
    on_time = serializers.IntegerField(help_text="Of those, submitted by their (extended) date.")
    on_time_rate = serializers.FloatField(
        allow_null=True, help_text="A decimal fraction, 0 to 1; null if none due yet."
    )
    mean_days_late = serializers.FloatField(help_text="Over all due reports; on time counts 0.")


class ComplianceFilter(filters.FilterSet):
    partnership = IdFilter(field_name="pk", parameter="partnership")


class ComplianceList(SyncableApi, generics.ListAPIView):
    """Reporting compliance per partnership the caller may see (a paginated list, as every
    list here): reports due so far, on time, the on-time rate and the mean days late.
    `?partnership=<id>` gives that partnership's row alone."""

    serializer_class = ReportingComplianceSerializer
    filterset_class = ComplianceFilter
    filter_backends = [filters.DjangoFilterBackend]

    def get_queryset(self):
        return partnership_list(viewer=self.request.user).only("pk", "name").order_by("pk")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        names = {p.pk: p.name for p in page}
        figures = reporting_compliance(partnership_ids=names.keys(), today=timezone.localdate())
        # Every partnership on the page has a row: one with nothing due yet has no rate.
        nothing_due = {"due": 0, "on_time": 0, "on_time_rate": None, "mean_days_late": 0.0}
        rows = [
            {"partnership": {"id": pk, "name": name}, **figures.get(pk, nothing_due)}
            for pk, name in names.items()
        ]
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)
