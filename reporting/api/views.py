"""The trustee API: read-only summaries of the portfolio, its forecast and social value (each
with an ETag, so a client can ask "has it changed?" and get 304), the figures per partnership
(filtered, ordered, paginated), and the 360Giving package. Fund-wide roles only; everything is
computed in the database by the selectors the pages use."""

from __future__ import annotations

import django_filters
from django.conf import settings
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.permissions import BasePermission
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from cwf.accounts import permissions
from cwf.core import portfolio_version
from cwf.core.api import SyncableApi, answer_with_body, answer_with_etag, json_body
from cwf.core.filters import DecileFilter
from partnerships.models import Partnership

from .. import threesixtygiving
from ..selectors.forecast import portfolio_forecast
from ..selectors.portfolio import partnership_figures
from ..selectors.social_value import portfolio_social_value
from ..selectors.summary import SUMMARY_CACHE_SECONDS, portfolio_summary
from ..texts import FORECAST_METHOD, SOCIAL_VALUE_ESTIMATE
from ..views.estimates import path_keys
from . import serializers as s


class SeesPortfolio(BasePermission):
    message = "The portfolio is visible to the fund's officers and trustees."

    def has_permission(self, request, view) -> bool:
        return permissions.sees_portfolio(request.user)


class PortfolioThrottle(UserRateThrottle):
    """Summaries are heavier than lists: a tighter rate, a setting."""

    scope = "portfolio"

    def get_rate(self) -> str:
        return settings.REPORTING_API_THROTTLE_RATE


class PortfolioView(SyncableApi, APIView):
    """A read-only summary with an ETag of its JSON: If-None-Match with the same ETag gets 304.
    Each subclass says what it serves with `data(request) -> dict`."""

    permission_classes = [*APIView.permission_classes, SeesPortfolio]
    throttle_classes = [*APIView.throttle_classes, PortfolioThrottle]
    serializer_class: type = s.PortfolioSummarySerializer

    def get(self, request, *args, **kwargs):
        return answer_with_etag(request, self.data(request))


class PortfolioSummaryView(PortfolioView):
    """The portfolio at a glance: headline figures, breakdowns by region, IMD and CNI decile,
    theme and year, funding per head beside the published benchmarks, and what needs attention
    (with the partnerships whose spending is far from plan)."""

    serializer_class = s.PortfolioSummarySerializer

    @extend_schema(summary="Portfolio summary", responses=s.PortfolioSummarySerializer)
    def get(self, request, *args, **kwargs):
        """Cached as JSON by the portfolio versions, like the summary it shows (it is the same
        for every fund-wide viewer): a cached answer is never older than the last committed
        write (cwf/core/portfolio_version.py), and is sent as it was rendered."""
        versions = portfolio_version.versions()
        if versions is None:
            return answer_with_etag(request, self._data(request))
        main, spend = versions
        day = timezone.localdate().isoformat()

        def leverage(summary) -> dict | None:
            # Leverage reads no spend (the summary keeps it in its base, by the main version):
            # its JSON (a row per partnership with co-investment) is made once per main
            # version, not again after every resident's spend.
            return portfolio_version.cached(
                f"reporting:api-summary-leverage:{day}:{main}",
                lambda: self._leverage(summary),
                timeout=SUMMARY_CACHE_SECONDS,
            )

        body, etag = portfolio_version.cached(
            f"reporting:api-summary-body:{day}:{main}:{spend}",
            lambda: json_body(self._data(request, leverage=leverage)),
            timeout=SUMMARY_CACHE_SECONDS,
        )
        return answer_with_body(request, body, etag)

    def data(self, request) -> dict:
        return self._data(request)

    @staticmethod
    def _leverage(summary) -> dict | None:
        if summary.leverage is None:
            return None
        return s.PortfolioLeverageSerializer(summary.leverage).data

    def _data(self, request, leverage=None) -> dict:
        summary = portfolio_summary(viewer=request.user)
        attention = summary.attention
        data = s.PortfolioSummarySerializer(
            {
                "as_of": summary.as_of,
                "headline": summary.headline,
                "breakdowns": summary.breakdowns,
                "by_theme": summary.by_theme,
                "by_year": summary.by_year,
                "funding_per_head": {
                    **summary.funding_per_head.__dict__,
                    "benchmarks": [
                        {"area": area, "per_head": value}
                        for area, value in summary.funding_per_head.benchmarks
                    ],
                },
                "attention": {
                    "overdue_reports": attention.overdue_count,
                    "reporting_compliance": attention.compliance,
                    "held_tranches": len(attention.held),
                    "failing_composition": len(attention.failing_composition),
                    "close_out_candidates": len(attention.close_out),
                    "large_variances": len(attention.variances),
                    "spending_ahead_of_payments": len(attention.spending_ahead),
                    "pledges_past_due": len(attention.pledges_past_due),
                    "variances": attention.variances,
                    "variance_rate": attention.variance_percent / 100,
                    "variance_min_amount": attention.variance_min_amount,
                },
                # Serialized apart, below, where it is kept (the key keeps its place).
                "leverage": None,
                "spend_explanation": summary.spend_explanation,
            }
        ).data
        data["leverage"] = (leverage or self._leverage)(summary)
        return data


class ForecastView(PortfolioView):
    """The endowment forecast: at least 15 years and to the last payment, in cash terms and in
    today's pounds, the central case and the stress paths (add ?paths=fall,lost_decade to see
    paths together), the Monte Carlo, what the fund can commit each year and the return the
    books show, with the assumptions and their sources. Rates are decimal fractions."""

    serializer_class = s.ForecastSerializer
    query_parameters = ("paths",)

    @extend_schema(
        summary="Endowment forecast",
        parameters=[
            OpenApiParameter(
                "paths",
                str,
                description="Stress paths to combine, comma-separated keys from `paths`.",
            )
        ],
        responses=s.ForecastSerializer,
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def data(self, request) -> dict:
        keys = path_keys(request.query_params.getlist("paths"))
        result = portfolio_forecast(viewer=request.user, combine_keys=keys)
        return s.ForecastSerializer(
            {
                "as_of": result.as_of,
                "inputs": result.inputs,
                "start": result.start,
                "forecast": result.forecast,
                "paths": result.paths,
                "monte_carlo": result.monte_carlo,
                "sustainable": result.sustainable,
                "achieved": result.achieved,
                "assumptions": result.assumptions.group("forecast"),
                "method": FORECAST_METHOD,
            }
        ).data


class SocialValueView(PortfolioView):
    """The social value estimate for the portfolio and each partnership, with the assumptions
    and their sources. An estimate, not a measurement."""

    serializer_class = s.SocialValueReportSerializer

    @extend_schema(summary="Social value estimate", responses=s.SocialValueReportSerializer)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def data(self, request) -> dict:
        report = portfolio_social_value(viewer=request.user)
        rows = [
            {**_value(value), "partnership": {"id": pk, "name": name}}
            for pk, name, value in report.rows
        ]
        return s.SocialValueReportSerializer(
            {
                "as_of": timezone.localdate(),
                "estimate": SOCIAL_VALUE_ESTIMATE,
                "spend_is_proxy": report.spend_is_proxy,
                "spend_explanation": report.spend_explanation,
                "portfolio": _value(report.result.total),
                "partnerships": rows,
                "assumptions": report.assumptions.group("social_value"),
            }
        ).data


def _value(value) -> dict:
    return {
        name: getattr(value, name)
        for name in (
            "spent",
            "undiscounted",
            "present_value",
            "fiscal_present_value",
            "economic_and_social_present_value",
            "benefit_cost_ratio",
            "benefits",
        )
    }


class PartnershipFiguresFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(field_name="region", label="Region (exact)")
    imd_decile = DecileFilter(
        field_name="imd_decile", label="IMD decile, 1 to 10", parameter="imd_decile"
    )
    cni_decile = DecileFilter(
        field_name="cni_decile", label="CNI decile, 1 to 10", parameter="cni_decile"
    )
    status = django_filters.ChoiceFilter(choices=Partnership.Status.choices)
    funded = django_filters.BooleanFilter(field_name="has_allocation", label="Has an allocation")

    class Meta:
        model = Partnership
        fields = ["status"]


class PartnershipFiguresList(SyncableApi, generics.ListAPIView):
    """Each partnership's money and place: filter by region, decile, status or funded; order by
    any figure; paginated."""

    serializer_class = s.PartnershipFiguresSerializer
    permission_classes = [*generics.ListAPIView.permission_classes, SeesPortfolio]
    filterset_class = PartnershipFiguresFilter
    search_fields = ["name"]
    ordering_fields = [
        "name", "committed", "released", "paid", "received", "spent", "held", "spent_ahead",
        "population",
    ]  # fmt: skip
    ordering = ["name"]

    def get_queryset(self):
        return partnership_figures(viewer=self.request.user).order_by("name", "pk")


class ThreeSixtyGivingView(PortfolioView):
    """Every approved allocation as a 360Giving grant: a package {"grants": [...]} that
    validates against the 360Giving Data Standard's schema. No personal data."""

    @extend_schema(summary="360Giving package", responses=OpenApiTypes.OBJECT)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def data(self, request) -> dict:
        return threesixtygiving.package(viewer=request.user)
