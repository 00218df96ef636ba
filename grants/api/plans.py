"""The plans and spending API: read-only. Plans and their versions, and spend by theme and year
(aggregated), for everyone scoped like the pages (trustees see every partnership); spend
entries, with payees, for officers only."""

from __future__ import annotations

from django.db.models import Prefetch, Sum
from django_filters import rest_framework as filters
from rest_framework import generics, serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from cwf.accounts import permissions
from cwf.core.api_filters import IdFilter, year_filter
from partnerships.selectors import partnership_list

from ..models import ActionLine, Spend, SpendingPlan, VisionLine
from ..selectors.plans import plan_list
from ..selectors.spending import spend_list
from ..selectors.spending_totals import MONEY


class VisionLineSerializer(serializers.ModelSerializer):
    theme = serializers.CharField(source="theme.name")

    class Meta:
        model = VisionLine
        fields = ["theme", "year", "amount"]


class ActionLineSerializer(serializers.ModelSerializer):
    theme = serializers.CharField(source="theme.name")

    class Meta:
        model = ActionLine
        fields = ["id", "theme", "description", "year", "budget", "lead"]


class SpendingPlanSerializer(serializers.ModelSerializer):
    partnership = serializers.CharField(source="partnership.name")
    vision = VisionLineSerializer(source="vision_lines", many=True)
    actions = ActionLineSerializer(source="action_lines", many=True)

    class Meta:
        model = SpendingPlan
        fields = [
            "id", "partnership_id", "partnership", "version", "status", "legacy_statement",
            "submitted_at", "decided_at", "comments", "vision", "actions",
        ]  # fmt: skip


class PlanFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=SpendingPlan.Status.choices)
    partnership = IdFilter(field_name="partnership_id")

    class Meta:
        model = SpendingPlan
        fields = ["status", "partnership"]


class SpendingPlanViewSet(viewsets.ReadOnlyModelViewSet):
    """Spending plans, every version, with their costed vision and action plan."""

    serializer_class = SpendingPlanSerializer
    filterset_class = PlanFilter
    lookup_url_kwarg = "plan_pk"
    ordering = ["pk"]

    def get_queryset(self):
        return (
            plan_list(viewer=self.request.user)
            .prefetch_related(
                Prefetch("vision_lines", queryset=VisionLine.objects.select_related("theme")),
                Prefetch("action_lines", queryset=ActionLine.objects.select_related("theme")),
            )
            .order_by("pk")
        )


class SpendByThemeSerializer(serializers.Serializer):
    partnership_id = serializers.IntegerField()
    theme = serializers.CharField(source="theme__name")
    year = serializers.IntegerField()
    spent = serializers.DecimalField(max_digits=14, decimal_places=2)


class SpendByThemeFilter(filters.FilterSet):
    partnership = IdFilter(field_name="partnership_id")
    year = year_filter(field_name="year")


class SpendByThemeList(generics.ListAPIView):
    """Spend, net of reversals, by partnership, theme and calendar year: no payees, no entries.
    Trustees may read it."""

    serializer_class = SpendByThemeSerializer
    filterset_class = SpendByThemeFilter

    def get_queryset(self):
        from django.db.models.functions import ExtractYear

        visible = partnership_list(viewer=self.request.user).values("pk")
        return (
            Spend.objects.filter(partnership_id__in=visible)
            .annotate(year=ExtractYear("spent_on"))
            .values("partnership_id", "theme__name", "year")
            .annotate(spent=Sum("amount", output_field=MONEY))
            .order_by("partnership_id", "year", "theme__name")
        )


class SpendSerializer(serializers.ModelSerializer):
    theme = serializers.CharField(source="theme.name")

    class Meta:
        model = Spend
        fields = [
            "id", "partnership_id", "spent_on", "amount", "payee", "description", "theme",
            "action_line_id", "decision_id", "reverses_id", "reason", "logged_at",
        ]  # fmt: skip


class SpendFilter(filters.FilterSet):
    partnership = IdFilter(field_name="partnership_id")
    spent_from = filters.DateFilter(field_name="spent_on", lookup_expr="gte")
    spent_to = filters.DateFilter(field_name="spent_on", lookup_expr="lte")

    class Meta:
        model = Spend
        fields = ["partnership", "spent_from", "spent_to"]


SPEND_FIELDS = [
    "partnership_id",
    "spent_on",
    "amount",
    "payee",
    "description",
    "theme__name",
    "action_line_id",
    "decision_id",
    "reverses_id",
    "reason",
    "logged_at",
]


class SpendViewSet(viewsets.ReadOnlyModelViewSet):
    """Spending log entries: officers only (they carry payees)."""

    serializer_class = SpendSerializer
    filterset_class = SpendFilter
    lookup_url_kwarg = "spend_pk"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Spend.objects.none()
        if not permissions.is_officer(self.request.user):
            raise PermissionDenied("Spend entries are for fund officers; use spend-by-theme.")
        # Only what the serializer shows: the selector's six joins (payee pages need them)
        # were most of a 100-row page's time (docs/performance.md).
        return (
            spend_list(viewer=self.request.user)
            .select_related(None)
            .select_related("theme")
            .only(*SPEND_FIELDS)
            .order_by("pk")
        )
