"""Everything a board pack holds, gathered once, as the person who asked for it (who sees the
whole portfolio)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch

from cwf.core.dates import display_date
from grants.selectors.endowment import BurnDownPoint, endowment_burn_down
from partnerships.models import Neighbourhood

from ..chart_data import (
    breakdown_chart,
    burn_down_chart,
    forecast_chart,
    per_head_chart,
    planned_actual_chart,
    social_value_chart,
    theme_chart,
    variance_text,
)
from ..charts import Chart
from ..selectors.forecast import PortfolioForecast, portfolio_forecast
from ..selectors.portfolio import funded, partnership_figures
from ..selectors.social_value import PortfolioSocialValueReport, portfolio_social_value
from ..selectors.summary import PortfolioSummary, portfolio_summary
from ..selectors.trends import Trends, portfolio_trends
from ..texts import FORECAST_METHOD, FORECAST_METHOD_PARAGRAPHS, SOCIAL_VALUE_ESTIMATE
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
    forecast_method: str = FORECAST_METHOD
    forecast_method_paragraphs: tuple[str, ...] = FORECAST_METHOD_PARAGRAPHS
    social_value_estimate: str = SOCIAL_VALUE_ESTIMATE


def _attention_by_partnership(summary: PortfolioSummary) -> dict[int, list[str]]:
    notes: dict[int, list[str]] = {}
    for item in summary.attention.held:
        notes.setdefault(item.tranche.allocation.partnership_id, []).append(
            f"A tranche of £{item.tranche.total:,.2f} due {display_date(item.tranche.due_on)} is "
            "on hold" + (f": {item.why}" if item.reasons else ".")
        )
    for item in summary.attention.failing_composition:
        notes.setdefault(item.partnership.pk, []).append(
            "Does not meet the composition rules: "
            + "; ".join(f"{r.rule.lower()} (now {r.figure})" for r in item.rules)
        )
    for item in summary.attention.variances:
        notes.setdefault(item.partnership_id, []).append(
            f"Spending far from plan: planned £{item.planned_to_date:,.2f} to date, spent "
            f"£{item.spent:,.2f} ({variance_text(item.variance)}"
            + (f", {item.percent}%)." if item.percent is not None else ").")
        )
    for item in summary.attention.spending_ahead:
        notes.setdefault(item.partnership.pk, []).append(
            f"Spending ahead of payments: the LTO has received £{item.received:,.2f} and the "
            f"partnership has spent £{item.spent:,.2f}, £{item.spent_ahead:,.2f} ahead."
        )
    for item in summary.attention.close_out:
        notes.setdefault(item.allocation.partnership_id, []).append(
            f"Ready for close-out: £{item.remaining:,.2f} left to release."
        )
    return notes


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
    notes = _attention_by_partnership(summary)
    partnerships = funded(partnership_figures(viewer=viewer)).prefetch_related(
        Prefetch("neighbourhoods", queryset=Neighbourhood.objects.order_by("code"))
    )
    appendix = [AppendixEntry(p, values.get(p.pk), notes.get(p.pk, [])) for p in partnerships]
    progress(60, "Drawing the charts")
    charts = {
        "burn_down": burn_down_chart(burn_down),
        "planned_actual": planned_actual_chart(summary.by_year),
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
    )
