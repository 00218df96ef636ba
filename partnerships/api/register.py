"""The neighbourhood register as a read-only API: /api/v1/neighbourhoods/ (filters: flag, decile,
local authority, region, kind; search; ordering; pagination) and /api/v1/neighbourhoods/<code>/.
For fund-wide roles only; a list page costs the same few queries whatever its size."""

import django_filters
from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.permissions import BasePermission

from cwf.accounts.api_permissions import ReadOnlyForTrustees
from cwf.core.api import SyncableApi, updated_after_filter
from cwf.core.filters import DecileFilter
from partnerships.editions import EDITION_CHOICES, GEOGRAPHY_CHOICES
from partnerships.measures import score_fields
from partnerships.models import LsoaNeighbourhood, Neighbourhood
from partnerships.selectors_register import may_see_register, neighbourhood_list


class NeighbourhoodSerializer(serializers.ModelSerializer):
    # Blank for a place no file of that kind has described yet (a ward with no CNI figures).
    geography = serializers.ChoiceField(GEOGRAPHY_CHOICES, allow_blank=True, read_only=True)
    imd_edition = serializers.ChoiceField(EDITION_CHOICES, allow_blank=True, read_only=True)
    cni_edition = serializers.ChoiceField(EDITION_CHOICES, allow_blank=True, read_only=True)
    combined_rank = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="IMD rank plus CNI rank: the combined need."
    )

    class Meta:
        model = Neighbourhood
        fields = [
            "code",
            "kind",
            "name",
            "local_authority_code",
            "local_authority_name",
            "region",
            "population",
            "geography",
            "imd_edition",
            "cni_edition",
            *score_fields(),
            "left_behind",
            "doubly_disadvantaged",
            "combined_rank",
            "priority_rank",
            "updated_at",
        ]
        read_only_fields = fields


class NeighbourhoodFilter(django_filters.FilterSet):
    left_behind = django_filters.BooleanFilter(help_text="The official left-behind flag.")
    doubly_disadvantaged = django_filters.BooleanFilter(
        help_text="Computed: in the worst deciles on both the IMD and the CNI."
    )
    imd_decile = DecileFilter(help_text="1 is the most deprived 10%.", parameter="imd_decile")
    imd_decile_max = DecileFilter(
        field_name="imd_decile", lookup_expr="lte", parameter="imd_decile_max"
    )
    cni_decile = DecileFilter(help_text="1 is the highest-need 10%.", parameter="cni_decile")
    cni_decile_max = DecileFilter(
        field_name="cni_decile", lookup_expr="lte", parameter="cni_decile_max"
    )
    local_authority = django_filters.CharFilter(
        field_name="local_authority_code", help_text="A local authority district code."
    )
    region = django_filters.CharFilter(lookup_expr="iexact")
    kind = django_filters.ChoiceFilter(choices=Neighbourhood.Kind.choices)
    imd_edition = django_filters.CharFilter(help_text="iod2019 or iod2025.")
    cni_edition = django_filters.CharFilter(help_text="cni2019 or cni2023.")
    updated_after = updated_after_filter()

    class Meta:
        model = Neighbourhood
        fields = []


class SeesRegister(BasePermission):
    message = "The neighbourhood register API is for fund officers and trustees."

    def has_permission(self, request, view) -> bool:
        return may_see_register(request.user)


@extend_schema_view(
    list=extend_schema(summary="Neighbourhoods in the register", tags=["neighbourhoods"]),
    retrieve=extend_schema(summary="One neighbourhood, by GSS code", tags=["neighbourhoods"]),
)
class NeighbourhoodViewSet(SyncableApi, viewsets.ReadOnlyModelViewSet):
    serializer_class = NeighbourhoodSerializer
    filterset_class = NeighbourhoodFilter
    permission_classes = [ReadOnlyForTrustees, SeesRegister]
    lookup_field = "code"
    search_fields = ["code", "name", "local_authority_name"]
    ordering_fields = ["priority_rank", "imd_rank", "cni_rank", "code", "name"]
    ordering = ["code"]

    def get_queryset(self):
        return neighbourhood_list(viewer=self.request.user)


class LsoaNeighbourhoodSerializer(serializers.ModelSerializer):
    lsoas = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    partnerships = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    doubly_share = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text="0 to 1: the share of its people (of its LSOAs under equal weights) living in "
        "doubly disadvantaged LSOAs.",
    )

    class Meta:
        model = LsoaNeighbourhood
        fields = [
            "id",
            "name",
            "lsoas",
            "population",
            "population_missing",
            "weighting",
            "imd_edition",
            "imd_score",
            "imd_rank",
            "imd_decile",
            "imd_out_of",
            "cni_edition",
            "cni_score",
            "cni_rank",
            "cni_decile",
            "cni_out_of",
            "doubly_share",
            "local_authority_name",
            "region",
            "partnerships",
        ]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        summary="Neighbourhoods made of LSOAs, with their combined figures (docs/register.md)",
        tags=["neighbourhoods"],
    ),
    retrieve=extend_schema(summary="One neighbourhood made of LSOAs", tags=["neighbourhoods"]),
)
class LsoaNeighbourhoodViewSet(SyncableApi, viewsets.ReadOnlyModelViewSet):
    serializer_class = LsoaNeighbourhoodSerializer
    lookup_url_kwarg = "area_pk"
    permission_classes = [ReadOnlyForTrustees, SeesRegister]
    ordering = ["name"]

    def get_queryset(self):
        if not may_see_register(self.request.user):
            return LsoaNeighbourhood.objects.none()
        return LsoaNeighbourhood.objects.prefetch_related("lsoas", "partnerships").order_by("name")


urlpatterns = [
    path(
        "lsoa-neighbourhoods/",
        LsoaNeighbourhoodViewSet.as_view({"get": "list"}),
        name="api_lsoa_neighbourhood_list",
    ),
    path(
        "lsoa-neighbourhoods/<int:area_pk>/",
        LsoaNeighbourhoodViewSet.as_view({"get": "retrieve"}),
        name="api_lsoa_neighbourhood_detail",
    ),
    path(
        "neighbourhoods/",
        NeighbourhoodViewSet.as_view({"get": "list"}),
        name="api_neighbourhood_list",
    ),
    path(
        "neighbourhoods/<str:code>/",
        NeighbourhoodViewSet.as_view({"get": "retrieve"}),
        name="api_neighbourhood_detail",
    ),
]
