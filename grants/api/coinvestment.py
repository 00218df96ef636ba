"""The co-investment API (issue 18): co-funders, pledges (with what each has received), restricted
releases, local income and each partnership's leverage. Scoped like the pages: co-funders,
pledges and releases for fund-wide roles; local income and leverage also for a partnership's own
people, for their partnership. Trustees read; the writes (record and accept a pledge, record
money received) are for officers, through the same services and the four-eyes rule."""

from __future__ import annotations

from datetime import date

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cwf.core.api import SyncableApi, money_field, updated_after_filter
from cwf.core.filters import IdFilter
from partnerships.models import Partnership
from partnerships.selectors import partnership_list

from ..models import CoFunder, LocalIncome, Pledge, PledgeAmendment, RestrictedRelease
from ..selectors.coinvestment import (
    co_funder_list,
    local_income_list,
    pledge_amendment_list,
    pledge_list,
    restricted_release_list,
)
from ..selectors.money import Leverage, leverage_by_partnership, money_by_partnership
from ..services.coinvestment import (
    pledge_accept,
    pledge_amendment_approve,
    pledge_amendment_propose,
    pledge_amendment_reject,
    pledge_receipt_record,
    pledge_record,
)
from .serializers import PartnershipRefSerializer

PER_POUND = {"max_digits": 14, "decimal_places": 2, "allow_null": True}


class CoFunderSerializer(serializers.ModelSerializer):
    org_ids = serializers.ListField(child=serializers.CharField(), read_only=True)
    theme = serializers.CharField(source="theme.name", default=None)

    class Meta:
        model = CoFunder
        fields = [
            "id", "name", "is_individual", "org_ids", "charity_number", "company_number",
            "funds", "region", "theme", "updated_at",
        ]  # fmt: skip


class CoFunderFilter(filters.FilterSet):
    funds = filters.ChoiceFilter(choices=CoFunder.Funds.choices)
    updated_after = updated_after_filter()

    class Meta:
        model = CoFunder
        fields = ["funds", "updated_after"]


class CoFunderViewSet(SyncableApi, viewsets.ReadOnlyModelViewSet):
    """Co-funders: organisations that put money in beside the fund (fund-wide roles)."""

    serializer_class = CoFunderSerializer
    filterset_class = CoFunderFilter
    lookup_url_kwarg = "co_funder_pk"
    search_fields = ["name"]
    ordering = ["pk"]

    def get_queryset(self):
        return co_funder_list(viewer=self.request.user).select_related("theme").order_by("pk")


class PledgeSerializer(serializers.ModelSerializer):
    co_funder = serializers.IntegerField(source="co_funder_id", read_only=True)
    partnership = PartnershipRefSerializer(read_only=True, allow_null=True)
    theme = serializers.CharField(source="theme.name", default=None, read_only=True)
    received = money_field(source="received_total", read_only=True)

    class Meta:
        model = Pledge
        fields = [
            "id", "co_funder", "amount", "currency", "starts_on", "ends_on", "restriction",
            "partnership", "theme", "region", "conditions", "match_ratio", "match_cap",
            "status", "received", "accepted_at", "updated_at",
        ]  # fmt: skip


class PledgeInputSerializer(serializers.Serializer):
    """Shape only: the service checks everything else and names the field it refuses."""

    co_funder = serializers.IntegerField()
    amount = serializers.CharField()
    currency = serializers.CharField(default="GBP")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    restriction = serializers.CharField()
    partnership = serializers.IntegerField(required=False, allow_null=True)
    theme = serializers.IntegerField(required=False, allow_null=True)
    region = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    conditions = serializers.CharField(required=False, allow_blank=True, default="")
    match_ratio = serializers.CharField(required=False, allow_null=True, default=None)
    match_cap = serializers.CharField(required=False, allow_null=True, default=None)


class ReceiptInputSerializer(serializers.Serializer):
    amount = serializers.CharField()
    received_on = serializers.DateField(default=date.today)
    bank_reference = serializers.CharField(max_length=100)


class PledgeFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=Pledge.Status.choices)
    co_funder = IdFilter(field_name="co_funder_id", parameter="co_funder")
    partnership = IdFilter(field_name="partnership_id", parameter="partnership")
    updated_after = updated_after_filter()

    class Meta:
        model = Pledge
        fields = ["status", "co_funder", "partnership", "updated_after"]


class PledgeViewSet(SyncableApi, viewsets.ModelViewSet):
    """Pledges with what the fund has received against each. POST records one (officers); a
    different officer accepts it (`accept`); `receipts` records money received."""

    serializer_class = PledgeSerializer
    filterset_class = PledgeFilter
    lookup_url_kwarg = "pledge_pk"
    ordering = ["pk"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return pledge_list(viewer=self.request.user).order_by("pk")

    def _answer(self, pledge_id: int, status: int = 200) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=pledge_id)).data, status)

    @extend_schema(request=PledgeInputSerializer, responses=PledgeSerializer)
    def create(self, request, *args, **kwargs):
        data = PledgeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        pledge = pledge_record(
            actor=request.user,
            co_funder_id=values.pop("co_funder"),
            partnership_id=values.pop("partnership", None),
            theme_id=values.pop("theme", None),
            **values,
        )
        return self._answer(pledge.pk, 201)

    @extend_schema(request=None, responses=PledgeSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pledge_pk=None):
        """Accept a pledge: a different officer from the one who recorded it."""
        pledge = pledge_accept(pledge_id=self.get_object().pk, actor=request.user)
        return self._answer(pledge.pk)

    @extend_schema(request=ReceiptInputSerializer, responses=PledgeSerializer)
    @action(detail=True, methods=["post"])
    def receipts(self, request, pledge_pk=None):
        """Record money received against an accepted pledge; refused over what was pledged."""
        pledge = self.get_object()
        data = ReceiptInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        pledge_receipt_record(pledge_id=pledge.pk, actor=request.user, **data.validated_data)
        return self._answer(pledge.pk, 201)


class PledgeAmendmentSerializer(serializers.ModelSerializer):
    pledge = serializers.IntegerField(source="pledge_id", read_only=True)
    proposed_by = serializers.CharField(source="proposed_by.__str__", read_only=True)
    decided_by = serializers.CharField(
        source="decided_by.__str__", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = PledgeAmendment
        fields = [
            "id", "pledge", "status", "reason", "new_amount", "new_ends_on", "new_match_ratio",
            "new_match_cap", "amount_before", "ends_on_before", "match_ratio_before",
            "match_cap_before", "proposed_by", "proposed_at", "decided_by", "decided_at",
            "decision_note",
        ]  # fmt: skip


class PledgeAmendmentInputSerializer(serializers.Serializer):
    """Shape only: the service checks the rest. Omit the match ratio and cap for no match rule."""

    reason = serializers.CharField()
    amount = serializers.CharField()
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    match_ratio = serializers.CharField(required=False, allow_null=True, default=None)
    match_cap = serializers.CharField(required=False, allow_null=True, default=None)


class RejectInputSerializer(serializers.Serializer):
    note = serializers.CharField()


class PledgeAmendmentViewSet(SyncableApi, viewsets.GenericViewSet):
    """Changes to accepted pledges (fund-wide roles read). POST to a pledge's `amendments`
    proposes one (officers); a different officer approves or rejects it here, never the one who
    proposed it."""

    serializer_class = PledgeAmendmentSerializer
    lookup_url_kwarg = "pledge_amendment_pk"

    def get_queryset(self):
        return pledge_amendment_list(viewer=self.request.user).order_by("pk")

    def _answer(self, amendment_id: int, status: int = 200) -> Response:
        amendment = self.get_queryset().get(pk=amendment_id)
        return Response(self.get_serializer(amendment).data, status)

    @extend_schema(request=PledgeAmendmentInputSerializer, responses=PledgeAmendmentSerializer)
    def propose(self, request, pledge_pk=None):
        """Propose new terms for an accepted pledge, with a reason. Nothing changes until a
        different officer approves it."""
        pledge = generics.get_object_or_404(pledge_list(viewer=request.user), pk=pledge_pk)
        data = PledgeAmendmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        amendment = pledge_amendment_propose(
            pledge_id=pledge.pk, actor=request.user, **data.validated_data
        )
        return self._answer(amendment.pk, 201)

    def retrieve(self, request, pledge_amendment_pk=None):
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=None, responses=PledgeAmendmentSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pledge_amendment_pk=None):
        """Approve and apply the change: a different officer from the one who proposed it."""
        amendment = pledge_amendment_approve(amendment_id=self.get_object().pk, actor=request.user)
        return self._answer(amendment.pk)

    @extend_schema(request=RejectInputSerializer, responses=PledgeAmendmentSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pledge_amendment_pk=None):
        """Reject the change, saying why: the pledge stays as it was."""
        amendment = self.get_object()
        data = RejectInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        pledge_amendment_reject(
            amendment_id=amendment.pk, actor=request.user, note=data.validated_data["note"]
        )
        return self._answer(amendment.pk)


class RestrictedReleaseSerializer(serializers.ModelSerializer):
    pledge = serializers.IntegerField(source="pledge_id")
    partnership = PartnershipRefSerializer(read_only=True)
    tranche = serializers.IntegerField(source="tranche_id", allow_null=True)

    class Meta:
        model = RestrictedRelease
        fields = [
            "id", "pledge", "partnership", "amount", "due_on", "tranche", "status",
            "released_on", "paid_on",
        ]  # fmt: skip


class RestrictedReleaseFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=RestrictedRelease.Status.choices)
    partnership = IdFilter(field_name="partnership_id", parameter="partnership")
    pledge = IdFilter(field_name="pledge_id", parameter="pledge")

    class Meta:
        model = RestrictedRelease
        fields = ["status", "partnership", "pledge"]


class RestrictedReleaseList(SyncableApi, generics.ListAPIView):
    """Restricted money scheduled, released and paid to partnerships (fund-wide roles)."""

    serializer_class = RestrictedReleaseSerializer
    filterset_class = RestrictedReleaseFilter
    ordering = ["pk"]

    def get_queryset(self):
        return restricted_release_list(viewer=self.request.user).order_by("pk")


class LocalIncomeSerializer(serializers.ModelSerializer):
    partnership = PartnershipRefSerializer(read_only=True)

    class Meta:
        model = LocalIncome
        fields = [
            "id", "partnership", "kind", "source", "amount", "received_on", "status",
            "verified_at", "updated_at",
        ]  # fmt: skip


class LocalIncomeFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=LocalIncome.Status.choices)
    kind = filters.ChoiceFilter(choices=LocalIncome.Kind.choices)
    partnership = IdFilter(field_name="partnership_id", parameter="partnership")
    updated_after = updated_after_filter()

    class Meta:
        model = LocalIncome
        fields = ["status", "kind", "partnership", "updated_after"]


class LocalIncomeList(SyncableApi, generics.ListAPIView):
    """Money partnerships raised for themselves: all of it for fund-wide roles, a partnership's
    own for its people. Never the fund's money."""

    serializer_class = LocalIncomeSerializer
    filterset_class = LocalIncomeFilter
    ordering = ["pk"]

    def get_queryset(self):
        return (
            local_income_list(viewer=self.request.user)
            .select_related(None)
            .select_related("partnership")
            .order_by("pk")
        )


class PartnershipLeverageSerializer(serializers.Serializer):
    partnership = PartnershipRefSerializer()
    paid = money_field()
    through_fund = money_field()
    local = money_field()
    together = money_field()
    through_fund_per_pound = serializers.DecimalField(**PER_POUND)
    local_per_pound = serializers.DecimalField(**PER_POUND)
    together_per_pound = serializers.DecimalField(**PER_POUND)


class LeverageFilter(filters.FilterSet):
    partnership = IdFilter(field_name="pk", parameter="partnership")

    class Meta:
        model = Partnership
        fields = ["partnership"]


class LeverageList(SyncableApi, generics.ListAPIView):
    """Leverage per partnership the caller may see (docs/money.md, "Co-investment and
    leverage"): co-investment paid through the fund and verified local income, per £1 the
    fund paid. Three queries for the money, whatever the page."""

    serializer_class = PartnershipLeverageSerializer
    filterset_class = LeverageFilter
    ordering = ["pk"]

    def get_queryset(self):
        return partnership_list(viewer=self.request.user).only("name").order_by("pk")

    def list(self, request, *args, **kwargs):
        qs = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(qs)
        rows = list(page if page is not None else qs)
        ids = [p.pk for p in rows]
        money = money_by_partnership(partnership_ids=ids)
        figures = leverage_by_partnership(by_partnership=money, partnership_ids=ids)
        data = []
        for partnership in rows:
            lev = figures.get(partnership.pk, Leverage())
            data.append(
                {
                    "partnership": partnership,
                    "paid": lev.paid,
                    "through_fund": lev.through_fund,
                    "local": lev.local,
                    "together": lev.together,
                    "through_fund_per_pound": lev.through_fund_per_pound,
                    "local_per_pound": lev.local_per_pound,
                    "together_per_pound": lev.together_per_pound,
                }
            )
        serialized = self.get_serializer(data, many=True).data
        if page is not None:
            return self.get_paginated_response(serialized)
        return Response(serialized)
