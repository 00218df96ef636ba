"""The API for outcomes and learning (issue 19): learning notes (read by everyone with a role,
written by a partnership's own people and officers), plan indicators and report values (scoped
like the pages; members write values in their own partnership's reports), and the portfolio's
outcomes (fund-wide roles)."""

from __future__ import annotations

from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from cwf.accounts.api_permissions import PartnershipPeopleWrite
from cwf.core.api import SyncableApi, money_field
from cwf.core.filters import IdFilter, whole_number
from grants.models import IndicatorUnit, PlanIndicator
from grants.selectors.plans import plan_list

from ..models import IndicatorValue, LearningNote, NeighbourhoodKind
from ..selectors.breakdowns import partnership_places
from ..selectors.learning import learning_note_list, learning_search
from ..selectors.outcomes import portfolio_outcomes
from ..selectors.reports import report_list
from ..services.learning import NoteInput, learning_note_write
from ..services.outcome_values import ValueInput, indicator_values_save
from .views import PortfolioView


class LearningNoteSerializer(serializers.ModelSerializer):
    partnership = serializers.SerializerMethodField()
    theme = serializers.SerializerMethodField()

    class Meta:
        model = LearningNote
        fields = [
            "id", "partnership", "theme", "neighbourhood_kind", "title", "tried", "happened",
            "differently", "costs", "is_public", "written_at", "updated_at",
        ]  # fmt: skip

    def get_partnership(self, note) -> dict:
        return {"id": note.partnership_id, "name": note.partnership.name}

    def get_theme(self, note) -> dict:
        return {"id": note.theme_id, "name": note.theme.name}


class LearningNoteWriteSerializer(serializers.Serializer):
    partnership = serializers.IntegerField()
    theme = serializers.IntegerField(help_text="Required: a note without a theme is refused.")
    neighbourhood_kind = serializers.ChoiceField(
        choices=NeighbourhoodKind.choices, required=False, allow_blank=True
    )
    title = serializers.CharField(max_length=200)
    tried = serializers.CharField(max_length=5000)
    happened = serializers.CharField(max_length=5000)
    differently = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    costs = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    is_public = serializers.BooleanField(required=False, default=False)


class LearningNoteFilter(filters.FilterSet):
    theme = IdFilter(field_name="theme_id", parameter="theme")
    partnership = IdFilter(field_name="partnership_id", parameter="partnership")
    kind = filters.ChoiceFilter(field_name="neighbourhood_kind", choices=NeighbourhoodKind.choices)

    class Meta:
        model = LearningNote
        fields = ["theme", "partnership", "kind"]


class LearningNoteList(SyncableApi, generics.ListCreateAPIView):
    """The learning library. `q` searches the notes' text (any text: results or none, never an
    error); filter by theme, partnership, kind of neighbourhood, region and IMD decile. POST
    writes a note for one of the caller's own partnerships (officers: any)."""

    permission_classes = [PartnershipPeopleWrite]
    serializer_class = LearningNoteSerializer
    filterset_class = LearningNoteFilter
    filter_backends = [filters.DjangoFilterBackend]
    query_parameters = ("q", "region", "imd_decile")

    def get_queryset(self):
        params = self.request.query_params
        decile = params.get("imd_decile", "")
        return learning_search(
            learning_note_list(viewer=self.request.user),
            text=params.get("q", ""),
            region=params.get("region", "")[:100],
            imd_decile=whole_number(decile, high=10) or None,
        ).order_by("-written_at", "-pk")

    @extend_schema(request=LearningNoteWriteSerializer, responses={201: LearningNoteSerializer})
    def post(self, request, *args, **kwargs):
        incoming = LearningNoteWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        note = learning_note_write(
            partnership_id=data["partnership"],
            actor=request.user,
            note=NoteInput(
                title=data["title"], tried=data["tried"], happened=data["happened"],
                theme_id=data["theme"], differently=data.get("differently", ""),
                costs=data.get("costs", ""),
                neighbourhood_kind=data.get("neighbourhood_kind", ""),
                is_public=data.get("is_public", False),
            ),
        )  # fmt: skip
        note = learning_note_list(viewer=request.user).get(pk=note.pk)
        return Response(LearningNoteSerializer(note).data, status=status.HTTP_201_CREATED)


class LearningNoteDetail(SyncableApi, generics.RetrieveAPIView):
    permission_classes = [PartnershipPeopleWrite]
    serializer_class = LearningNoteSerializer
    lookup_url_kwarg = "note_pk"

    def get_queryset(self):
        return learning_note_list(viewer=self.request.user)


class PlanIndicatorSerializer(serializers.ModelSerializer):
    partnership = serializers.SerializerMethodField()
    theme = serializers.CharField(source="theme.name")
    library = serializers.CharField(source="library.key", allow_null=True, default=None)
    unit = serializers.ChoiceField(choices=IndicatorUnit.choices)

    class Meta:
        model = PlanIndicator
        fields = [
            "id", "plan_id", "partnership", "theme", "library", "name", "unit", "baseline",
            "target", "target_on", "lineage",
        ]  # fmt: skip

    def get_partnership(self, indicator) -> dict:
        p = indicator.plan.partnership
        return {"id": p.pk, "name": p.name}


class IndicatorFilter(filters.FilterSet):
    plan = IdFilter(field_name="plan_id", parameter="plan")
    partnership = IdFilter(field_name="plan__partnership_id", parameter="partnership")

    class Meta:
        model = PlanIndicator
        fields = ["plan", "partnership"]


class PlanIndicatorList(SyncableApi, generics.ListAPIView):
    """The outcome indicators of the plans the caller may see, each plan version's own."""

    serializer_class = PlanIndicatorSerializer
    filterset_class = IndicatorFilter
    filter_backends = [filters.DjangoFilterBackend]

    def get_queryset(self):
        return (
            PlanIndicator.objects.filter(plan__in=plan_list(viewer=self.request.user))
            .select_related("plan__partnership", "theme", "library")
            .order_by("pk")
        )


class IndicatorValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = [
            "id", "report", "indicator", "lineage", "partnership", "quarter_start", "value",
            "not_measured", "recorded_at",
        ]  # fmt: skip


class IndicatorValueWriteSerializer(serializers.Serializer):
    report = serializers.IntegerField()
    indicator = serializers.IntegerField()
    value = serializers.CharField(required=False, allow_blank=True, max_length=30)
    not_measured = serializers.BooleanField(required=False, default=False)


class ValueFilter(filters.FilterSet):
    report = IdFilter(field_name="report_id", parameter="report")
    partnership = IdFilter(field_name="partnership_id", parameter="partnership")

    class Meta:
        model = IndicatorValue
        fields = ["report", "partnership"]


class IndicatorValueList(SyncableApi, generics.ListCreateAPIView):
    """Indicator values in the reports the caller may see. POST records one value (or
    `not_measured`) in one of the caller's own partnership's reports still being written."""

    permission_classes = [PartnershipPeopleWrite]
    serializer_class = IndicatorValueSerializer
    filterset_class = ValueFilter
    filter_backends = [filters.DjangoFilterBackend]

    def get_queryset(self):
        return IndicatorValue.objects.filter(
            report__in=report_list(viewer=self.request.user)
        ).order_by("pk")

    @extend_schema(request=IndicatorValueWriteSerializer, responses={201: IndicatorValueSerializer})
    def post(self, request, *args, **kwargs):
        incoming = IndicatorValueWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        report = report_list(viewer=request.user).filter(pk=data["report"]).first()
        if report is None:
            return Response({"report": ["No such report."]}, status=status.HTTP_404_NOT_FOUND)
        saved = indicator_values_save(
            report_id=report.pk,
            actor=request.user,
            values=[ValueInput(data["indicator"], data.get("value", ""), data["not_measured"])],
        )
        if not saved:
            return Response(
                {"value": ["Give a value, or not_measured."]}, status=status.HTTP_400_BAD_REQUEST
            )
        return Response(IndicatorValueSerializer(saved[0]).data, status=status.HTTP_201_CREATED)


class OutcomeTotalSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="name")
    unit = serializers.CharField()
    how = serializers.CharField(help_text="total (counts are summed) or average (scores)")
    figure = money_field()
    partnerships = serializers.IntegerField(help_text="How many partnerships measure it.")


class OutcomeGroupSerializer(serializers.Serializer):
    group = serializers.CharField()
    outcomes = OutcomeTotalSerializer(many=True)


class PortfolioOutcomesSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    explanation = serializers.CharField()
    outcomes = OutcomeTotalSerializer(many=True)
    by_theme = OutcomeGroupSerializer(many=True)
    by_region = OutcomeGroupSerializer(many=True)
    by_imd_decile = OutcomeGroupSerializer(many=True)


OUTCOMES_EXPLANATION = (
    "Library indicators only, each partnership's latest measured value from its submitted "
    "reports: counts are added up, scores averaged; 'partnerships' says how many measure each."
)


class PortfolioOutcomesView(PortfolioView):
    """The portfolio's outcomes: library indicators across partnerships, by theme, region and
    IMD decile, with how many partnerships measure each."""

    serializer_class = PortfolioOutcomesSerializer

    @extend_schema(summary="Portfolio outcomes", responses=PortfolioOutcomesSerializer)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def data(self, request) -> dict:
        outcomes = portfolio_outcomes(places=partnership_places())

        def groups(name):
            return [{"group": g, "outcomes": totals} for g, totals in outcomes.by.get(name, [])]

        return PortfolioOutcomesSerializer(
            {
                "as_of": timezone.localdate(),
                "explanation": OUTCOMES_EXPLANATION,
                "outcomes": outcomes.totals,
                "by_theme": groups("theme"),
                "by_region": groups("region"),
                "by_imd_decile": groups("imd_decile"),
            }
        ).data
