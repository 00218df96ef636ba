"""The plans and spending API: read-only. Plans and their versions, and spend by theme and year
(aggregated), for everyone scoped like the pages (trustees see every partnership); spend
entries, with payees, for officers only."""

from __future__ import annotations

from django.db.models import Prefetch, Sum
from django_filters import rest_framework as filters
from rest_framework import generics, serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from cwf.accounts import permissions
from cwf.core.api import SyncableApi, VersionCachedList, money_field, updated_after_filter
from cwf.core.filters import IdFilter, YearFilter
from partnerships.selectors import partnership_list

from ..models import ActionLine, Spend, SpendingPlan, VisionLine
from ..selectors.plans import plan_list
from ..selectors.spending import spend_list
from ..selectors.spending_totals import MONEY
from .serializers import PartnershipRefSerializer


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
    partnership = PartnershipRefSerializer(read_only=True)
    vision = VisionLineSerializer(source="vision_lines", many=True)
    actions = ActionLineSerializer(source="action_lines", many=True)

    class Meta:
        model = SpendingPlan
        fields = [
            "id", "partnership", "version", "status", "legacy_statement",
            "submitted_at", "decided_at", "comments", "vision", "actions", "updated_at",
        ]  # fmt: skip


class PlanFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=SpendingPlan.Status.choices)
    partnership = IdFilter(field_name="partnership_id", parameter="partnership")
    updated_after = updated_after_filter()

    class Meta:
        model = SpendingPlan
        fields = ["status", "partnership", "updated_after"]


class SpendingPlanViewSet(SyncableApi, viewsets.ReadOnlyModelViewSet):
    """Spending plans, every version, with their costed vision and action plan."""

    serializer_class = SpendingPlanSerializer
    filterset_class = PlanFilter
    lookup_url_kwarg = "plan_pk"
    ordering = ["pk"]

    def get_queryset(self):
        return (
            plan_list(viewer=self.request.user)
            .select_related("partnership")
            .prefetch_related(
                Prefetch("vision_lines", queryset=VisionLine.objects.select_related("theme")),
                Prefetch("action_lines", queryset=ActionLine.objects.select_related("theme")),
            )
            .order_by("pk")
        )


class SpendByThemeSerializer(serializers.Serializer):
    partnership = PartnershipRefSerializer(read_only=True)
    theme = serializers.CharField(source="theme__name")
    year = serializers.IntegerField()
    spent = money_field()


class SpendByThemeFilter(filters.FilterSet):
    partnership = IdFilter(field_name="partnership_id", parameter="partnership")
    year = YearFilter(field_name="year")


class SpendByThemeList(SyncableApi, generics.ListAPIView):
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
            .values("partnership_id", "partnership__name", "theme__name", "year")
            .annotate(spent=Sum("amount", output_field=MONEY))
            .order_by("partnership_id", "year", "theme__name")
        )

    def get_serializer(self, *args, **kwargs):
        if args:
            rows = [
                {
                    **row,
                    "partnership": {"id": row["partnership_id"], "name": row["partnership__name"]},
                }
                for row in args[0]
            ]
            args = (rows, *args[1:])
        return super().get_serializer(*args, **kwargs)


class SpendSerializer(serializers.ModelSerializer):
    partnership = PartnershipRefSerializer(read_only=True)
    theme = serializers.CharField(source="theme.name")
    updated_at = serializers.DateTimeField(
        source="logged_at",
        read_only=True,
        help_text="A spend never changes once logged (a mistake is reversed by a new spend): "
        "this is when it was logged.",
    )

    class Meta:
        model = Spend
        fields = [
            "id", "partnership", "spent_on", "amount", "payee", "description", "theme",
            "action_line_id", "decision_id", "reverses_id", "reason", "logged_at", "updated_at",
        ]  # fmt: skip


class SpendFilter(filters.FilterSet):
    partnership = IdFilter(field_name="partnership_id", parameter="partnership")
    spent_after = filters.DateFilter(field_name="spent_on", lookup_expr="gte")
    spent_before = filters.DateFilter(field_name="spent_on", lookup_expr="lte")
    updated_after = updated_after_filter("logged_at")

    class Meta:
        model = Spend
        fields = ["partnership", "spent_after", "spent_before", "updated_after"]


SPEND_FIELDS = [
    "partnership_id",
    "partnership__name",
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


class SpendViewSet(VersionCachedList, SyncableApi, viewsets.ReadOnlyModelViewSet):
    """Spending log entries: officers only (they carry payees)."""

    portfolio_concerns = "both"

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
            .select_related("theme", "partnership")
            .only(*SPEND_FIELDS)
            .order_by("pk")
        )
