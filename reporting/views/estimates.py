"""The coverage forecast and the social value estimate, with their assumptions and sources."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cwf.accounts import permissions
from cwf.core.errors import DomainError

from ..chart_data import forecast_chart, social_value_chart
from ..selectors.forecast import portfolio_forecast
from ..selectors.social_value import portfolio_social_value
from ..texts import FORECAST_METHOD_PARAGRAPHS, SOCIAL_VALUE_ESTIMATE, WELLBEING_ESTIMATE
from .access import require_portfolio


def path_keys(values: list[str]) -> list[str]:
    """Stress path names from a query string: ?paths=fall&paths=lost_decade or
    ?paths=fall,lost_decade."""
    return [key.strip() for value in values for key in value.split(",") if key.strip()]


@login_required
def forecast_page(request):
    require_portfolio(request)
    path_error = ""
    try:
        result = portfolio_forecast(
            viewer=request.user, combine_keys=path_keys(request.GET.getlist("paths"))
        )
    except DomainError as exc:
        path_error = exc.message
        result = portfolio_forecast(viewer=request.user)
    context = {
        "result": result,
        "chart": forecast_chart(result.forecast),
        "assumptions": result.assumptions.group("forecast"),
        "method": FORECAST_METHOD_PARAGRAPHS,
        "is_officer": permissions.is_officer(request.user),
        "links": True,
        "whole": False,
        "path_error": path_error,
    }
    return render(request, "reporting/forecast.html", context)


@login_required
def social_value_page(request):
    require_portfolio(request)
    report = portfolio_social_value(viewer=request.user)
    context = {
        "report": report,
        "total": report.result.total,
        "chart": social_value_chart(report.result.total),
        "assumptions": report.assumptions.group("social_value"),
        "estimate": SOCIAL_VALUE_ESTIMATE,
        "wellbeing_estimate": WELLBEING_ESTIMATE,
        "is_officer": permissions.is_officer(request.user),
    }
    return render(request, "reporting/social_value.html", context)
