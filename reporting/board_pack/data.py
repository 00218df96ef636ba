"""Everything a board pack holds, gathered once, as the person who asked for it (who sees the
whole portfolio)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch

from cwf.core.dates import display_date
from grants.selectors.endowment import BurnDownPoint, endowment_burn_down
from partnerships.models import Neighbourhood, Partnership

from ..chart_data import (
    breakdown_chart,
    burn_down_chart,
    forecast_chart,
    per_head_chart,
    planned_actual_chart,
    social_value_chart,
    theme_chart,
)
from ..charts import Chart
from ..selectors.attention_items import attention_items
from ..selectors.forecast import PortfolioForecast, portfolio_forecast
from ..selectors.portfolio import funded, partnership_figures
from ..selectors.reports import overdue_reports
from ..selectors.social_value import PortfolioSocialValueReport, portfolio_social_value
from ..selectors.summary import PortfolioSummary, portfolio_summary
from ..selectors.trends import Trends, portfolio_trends
from ..texts import (
    FORECAST_METHOD,
    FORECAST_METHOD_PARAGRAPHS,
    SOCIAL_VALUE_ESTIMATE,
    WELLBEING_ESTIMATE,
)
from ..trends import figures_of


@dataclass(frozen=True)
class AppendixEntry:
    partnership: object  # a row of partnership_figures, with .neighbourhoods prefetched
    social_value: object | None  # social_value.SocialValue
    attention: list[str]


@dataclass(frozen=True)
class BoardPackData:
    as_of: datetime.date
    fund_name: str
    summary: PortfolioSummary
    burn_down: list[BurnDownPoint]
    forecast: PortfolioForecast
    social_value: PortfolioSocialValueReport
    appendix: list[AppendixEntry]
    trends: Trends
    charts: dict[str, Chart]
    breakdown_charts: list[tuple[object, Chart]]
    gss_codes: dict[int, str] = field(default_factory=dict)  # by partnership id
    forecast_method: str = FORECAST_METHOD
    forecast_method_paragraphs: tuple[str, ...] = FORECAST_METHOD_PARAGRAPHS
    social_value_estimate: str = SOCIAL_VALUE_ESTIMATE
    wellbeing_estimate: str = WELLBEING_ESTIMATE
    outcome_dimensions: tuple = (
        ("theme", "theme"),
        ("region", "region"),
        ("imd_decile", "IMD decile"),
    )


def _attention_by_partnership(
    summary: PortfolioSummary, as_of: datetime.date
) -> dict[int, list[str]]:
    """Each partnership's page lists what the dashboard lists for it, and every report it owes
    (the dashboard names only the longest overdue)."""
    notes: dict[int, list[str]] = {}
    for report in overdue_reports(today=as_of):
        notes.setdefault(report.partnership_id, []).append(
            f"Overdue quarterly report: the report for {report.quarter_label}, due "
            f"{display_date(report.effective_due)}."
        )
    for item in attention_items(summary.attention):
        if item.partnership_id is None or item.kind == "Overdue quarterly reports":
            continue
        what = item.what if item.what.endswith(".") else item.what + "."
        notes.setdefault(item.partnership_id, []).append(f"{item.kind}: {what}")
    return notes


def _gss_codes() -> dict[int, str]:
    """Each partnership's neighbourhoods' GSS codes, "; " between them: one query."""
    codes: dict[int, list[str]] = {}
    links = Partnership.neighbourhoods.through.objects.order_by("neighbourhood__code")
    for partnership_id, code in links.values_list("partnership_id", "neighbourhood__code"):
        codes.setdefault(partnership_id, []).append(code)
    return {pk: "; ".join(found) for pk, found in codes.items()}


def board_pack_data(*, viewer, as_of: datetime.date, progress: Callable[[int, str], None]):
    summary = portfolio_summary(viewer=viewer, today=as_of)
    progress(20, "Working out the forecast")
    forecast = portfolio_forecast(viewer=viewer, today=as_of)
    progress(35, "Estimating social value")
    social_value = portfolio_social_value(viewer=viewer)
    burn_down = endowment_burn_down(viewer=viewer, today=as_of)
    # A year of quarters: with "now", as many columns as fit the width of A4.
    trends = portfolio_trends(viewer=viewer, now=figures_of(summary), before=as_of, quarters=4)
    progress(45, "Gathering each partnership's figures")
    values = {pk: value for pk, _, value in social_value.rows}
    notes = _attention_by_partnership(summary, as_of)
    partnerships = funded(partnership_figures(viewer=viewer)).prefetch_related(
        Prefetch("neighbourhoods", queryset=Neighbourhood.objects.order_by("code"))
    )
    appendix = [AppendixEntry(p, values.get(p.pk), notes.get(p.pk, [])) for p in partnerships]
    progress(60, "Drawing the charts")
    charts = {
        "burn_down": burn_down_chart(burn_down),
        "planned_actual": planned_actual_chart(summary.by_year, summary.headline.committed),
        "per_head": per_head_chart(summary.funding_per_head),
        "by_theme": theme_chart(summary.by_theme),
        "forecast": forecast_chart(forecast.forecast),
        "social_value": social_value_chart(social_value.result.total),
    }
    return BoardPackData(
        as_of=as_of,
        fund_name=settings.FUND_NAME,
        summary=summary,
        burn_down=burn_down,
        forecast=forecast,
        social_value=social_value,
        appendix=appendix,
        trends=trends,
        charts=charts,
        breakdown_charts=[(b, breakdown_chart(b)) for b in summary.breakdowns],
        gss_codes=_gss_codes(),
    )
