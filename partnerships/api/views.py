import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.permissions import BasePermission

from cwf.accounts import permissions
from cwf.core.api import SyncableApi, updated_after_filter
from cwf.core.filters import IdFilter

from ..models import Decision, Member, Partnership
from ..selectors import decision_list, member_list, partnership_overview_list
from .serializers import DecisionSerializer, MemberSerializer, PartnershipSerializer


class PartnershipFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Partnership.Status.choices)
    neighbourhood = django_filters.CharFilter(field_name="neighbourhoods__code", distinct=True)
    updated_after = updated_after_filter()

    class Meta:
        model = Partnership
        fields = ["status", "neighbourhood", "updated_after"]


@extend_schema_view(
    list=extend_schema(summary="Partnerships, with status, neighbourhoods, LTO and figures"),
    retrieve=extend_schema(summary="One partnership"),
)
class PartnershipViewSet(SyncableApi, viewsets.ReadOnlyModelViewSet):
    """Partnerships you may see. Composition figures are counts and the residents' share; names
    are never here."""

    serializer_class = PartnershipSerializer
    lookup_url_kwarg = "partnership_pk"
    lookup_value_converter = "int"
    filterset_class = PartnershipFilter
    search_fields = ["name"]
    ordering_fields = ["name", "status"]

    def get_queryset(self):
        return partnership_overview_list(viewer=self.request.user).order_by("name")


class DecisionFilter(django_filters.FilterSet):
    meeting_after = django_filters.DateFilter(field_name="meeting__held_on", lookup_expr="gte")
    meeting_before = django_filters.DateFilter(field_name="meeting__held_on", lookup_expr="lte")
    updated_after = updated_after_filter()
    has_amount = django_filters.BooleanFilter(
        field_name="amount", lookup_expr="isnull", exclude=True
    )
    theme = django_filters.CharFilter(lookup_expr="iexact")
    # An id, not a choice among every partnership: an unknown or unseen one just matches none.
    partnership = IdFilter(field_name="partnership_id", parameter="partnership")

    class Meta:
        model = Decision
        fields = [
            "partnership",
            "outcome",
            "theme",
            "meeting_after",
            "meeting_before",
            "has_amount",
        ]


@extend_schema_view(
    list=extend_schema(summary="Decisions of the partnerships you may see"),
    retrieve=extend_schema(summary="One decision"),
)
class DecisionViewSet(SyncableApi, viewsets.ReadOnlyModelViewSet):
    serializer_class = DecisionSerializer
    lookup_url_kwarg = "decision_pk"
    lookup_value_converter = "int"
    filterset_class = DecisionFilter
    search_fields = ["title", "decided", "theme"]
    ordering_fields = ["recorded_at", "amount"]

    def get_queryset(self):
        return decision_list(viewer=self.request.user).order_by("-meeting__held_on", "-pk")


class SeesMembers(BasePermission):
    """Members' names are for officers and partnerships' own people: trustees read the counts
    and residents' share on /api/v1/partnerships/ instead."""

    message = (
        "Members are visible only to officers and the partnership's own members. The "
        "partnerships endpoint has the composition figures."
    )

    def has_permission(self, request, view) -> bool:
        user = request.user
        return permissions.is_officer(user) or bool(permissions.partnership_ids(user))


class MemberFilter(django_filters.FilterSet):
    current = django_filters.BooleanFilter(field_name="left_on", lookup_expr="isnull")
    partnership = IdFilter(field_name="partnership_id", parameter="partnership")
    updated_after = updated_after_filter()

    class Meta:
        model = Member
        fields = ["partnership", "is_resident", "role", "has_vote", "current"]


@extend_schema_view(
    list=extend_schema(summary="Members (officers and the partnership's own members only)"),
    retrieve=extend_schema(summary="One member"),
)
class MemberViewSet(SyncableApi, viewsets.ReadOnlyModelViewSet):
    serializer_class = MemberSerializer
    lookup_url_kwarg = "member_pk"
    lookup_value_converter = "int"
    filterset_class = MemberFilter
    search_fields = ["full_name"]
    ordering_fields = ["full_name", "joined_on"]

    def get_permissions(self):
        return [*super().get_permissions(), SeesMembers()]

    def get_queryset(self):
        return member_list(viewer=self.request.user).order_by("partnership_id", "full_name", "pk")
