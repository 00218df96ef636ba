"""The public API (issue 17; docs/open-data.md): the public pages' figures and the open-data
files, read-only, for anyone, with no token and no session. The same selectors as the public
pages, so the same choices: no names, people paid are "a local resident", withheld spends are
left out (and counted)."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from cwf.core.api import SyncableApi
from cwf.core.public import MAX_AGE, PublicThrottle, licence

from ..models import OpenDataFile
from ..selectors.public import public_fund, public_partnership_page, public_partnerships

MONEY = {"max_digits": 14, "decimal_places": 2}


class PublicMoneySerializer(serializers.Serializer):
    committed = serializers.DecimalField(**MONEY)
    received = serializers.DecimalField(**MONEY)
    spent = serializers.DecimalField(**MONEY)
    held = serializers.DecimalField(**MONEY)


class PublicPurchaseSerializer(serializers.Serializer):
    spent_on = serializers.DateField()
    amount = serializers.DecimalField(**MONEY)
    theme = serializers.CharField()
    payee = serializers.CharField(help_text='An organisation\'s name, or "A local resident".')
    decision_id = serializers.IntegerField(allow_null=True)
    decision_title = serializers.CharField()
    is_reversal = serializers.BooleanField()


class PublicDecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    decided_on = serializers.DateField()
    amount = serializers.DecimalField(**MONEY, allow_null=True)


class PublicNeighbourhoodSerializer(serializers.Serializer):
    name = serializers.CharField()
    local_authority = serializers.CharField()
    region = serializers.CharField()
    deprivation = serializers.CharField()
    community_needs = serializers.CharField()
    left_behind = serializers.BooleanField()


class PublicPartnershipSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    page = serializers.SerializerMethodField()

    def get_page(self, obj) -> str:
        return reverse("public:partnership", args=[obj.pk])


class PublicNameSerializer(serializers.Serializer):
    name = serializers.CharField()
    named_as = serializers.CharField(help_text="Chair or Contact")


class PublicPartnershipSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    status = serializers.CharField()
    lto = serializers.CharField()
    members = serializers.IntegerField()
    resident_share = serializers.DecimalField(
        max_digits=5,
        decimal_places=4,
        allow_null=True,
        help_text="Residents' share of the voting places, 0 to 1 (null when nobody can vote)",
    )
    named = PublicNameSerializer(
        many=True, help_text="Only members who chose to be named, as chair or contact"
    )
    neighbourhoods = PublicNeighbourhoodSerializer(many=True)
    money = PublicMoneySerializer()
    decisions = PublicDecisionSerializer(many=True)
    purchases = PublicPurchaseSerializer(many=True)
    withheld_purchases = serializers.IntegerField()


class PublicFundSerializer(serializers.Serializer):
    committed = serializers.DecimalField(**MONEY)
    paid = serializers.DecimalField(**MONEY)
    spent = serializers.DecimalField(**MONEY)
    neighbourhoods_funded = serializers.IntegerField()
    left_behind = serializers.IntegerField()
    left_behind_funded = serializers.IntegerField()


class OpenDataFileSerializer(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()
    size = serializers.IntegerField()
    changed_at = serializers.DateTimeField()
    licence = serializers.CharField()
    schema_url = serializers.CharField()


class PublicView(SyncableApi, APIView):
    """No authentication at all (so no session and no CSRF), anyone may read, throttled per
    address, cacheable; like every API view, unknown parameters are a 400 and reads carry an
    ETag."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicThrottle]
    http_method_names = ["get", "head", "options"]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code in (200, 304):
            response["Cache-Control"] = f"public, max-age={MAX_AGE}"
        return response


class PublicFundView(PublicView):
    @extend_schema(summary="The fund's public figures", responses=PublicFundSerializer, auth=[])
    def get(self, request):
        fund = public_fund()
        data = {
            "committed": fund.headline.committed,
            "paid": fund.headline.paid,
            "spent": fund.headline.spent,
            "neighbourhoods_funded": fund.neighbourhoods_funded,
            "left_behind": fund.left_behind,
            "left_behind_funded": fund.left_behind_funded,
        }
        return Response(PublicFundSerializer(data).data)


class PublicPartnershipList(PublicView):
    @extend_schema(
        summary="Partnerships with a public page",
        responses=PublicPartnershipSummarySerializer(many=True),
        auth=[],
    )
    def get(self, request):
        rows = public_partnerships()
        return Response(PublicPartnershipSummarySerializer(rows, many=True).data)


class PublicPartnershipDetail(PublicView):
    @extend_schema(
        summary="A partnership's public page", responses=PublicPartnershipSerializer, auth=[]
    )
    def get(self, request, partnership_pk: int):
        partnership = public_partnerships().filter(pk=partnership_pk).first()
        if partnership is None:
            raise Http404
        page = public_partnership_page(partnership)
        data = {
            "id": partnership.pk,
            "name": partnership.name,
            "status": partnership.get_status_display(),
            "lto": page.lto,
            "members": page.composition.members,
            "resident_share": page.composition.resident_share,
            "named": page.names,
            "neighbourhoods": page.neighbourhoods,
            "money": page.money,
            "decisions": page.decisions,
            "purchases": page.purchases,
            "withheld_purchases": page.withheld,
        }
        return Response(PublicPartnershipSerializer(data).data)


class OpenDataList(PublicView):
    @extend_schema(
        summary="The open-data files", responses=OpenDataFileSerializer(many=True), auth=[]
    )
    def get(self, request):
        name, _ = licence()
        rows = [
            {
                "name": f.name,
                "title": f.title,
                "url": reverse("public:data_file", args=[f.name]),
                "size": f.size,
                "changed_at": f.changed_at,
                "licence": name,
                "schema_url": f.schema_url,
            }
            for f in OpenDataFile.objects.defer("content")
        ]
        return Response(OpenDataFileSerializer(rows, many=True).data)
