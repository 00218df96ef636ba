"""Everything the dashboard, the API's summary and the board pack show, gathered once."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

from cwf.accounts import permissions
from cwf.core import portfolio_version
from grants.selectors.money import money_by_partnership

from .attention import Attention, attention_list
from .breakdowns import Breakdown, portfolio_breakdowns
from .by_year import YearRow, portfolio_by_year
from .leverage import PortfolioLeverage, portfolio_leverage
from .per_head import FundingPerHead, funding_per_head
from .planned import planned_by_partnership_theme
from .portfolio import Headline, portfolio_headline
from .spend import SPEND_EXPLANATION, spent_by_partnership_theme
from .themes import ThemeBreakdown, theme_breakdown
from .variances import large_variances


@dataclass(frozen=True)
class PortfolioSummary:
    as_of: datetime.date
    headline: Headline
    breakdowns: list[Breakdown]
    by_theme: ThemeBreakdown
    by_year: list[YearRow]
    funding_per_head: FundingPerHead
    attention: Attention
    leverage: PortfolioLeverage | None = None
    spend_explanation: str = SPEND_EXPLANATION


def portfolio_summary(*, viewer, today: datetime.date | None = None) -> PortfolioSummary | None:
    """`today` is the day planned-to-date and overdue are judged on (the board pack's date).

    Today's summary (the dashboard's, the API's) is cached, keyed by the day and the portfolio
    version, which every committed write to the figures' tables raises: it is the same for every
    fund-wide viewer, and never older than the last committed write
    (cwf/core/portfolio_version.py)."""
    if not permissions.sees_portfolio(viewer):
        return None
    if today is not None:
        return _summary(viewer=viewer, today=today)
    today = timezone.localdate()
    version = portfolio_version.current()
    if version is None:
        return _summary(viewer=viewer, today=today)
    key = f"reporting:summary:{today.isoformat()}:{version}"
    summary = cache.get(key)
    if summary is None:
        summary = _summary(viewer=viewer, today=today)
        cache.set(key, summary, timeout=SUMMARY_CACHE_SECONDS)
    return summary


# A version lasts until the next write; an hour bounds what an idle cache keeps.
SUMMARY_CACHE_SECONDS = 3600


def _summary(*, viewer, today: datetime.date) -> PortfolioSummary:
    # Every partnership's money, read once for the headline, the breakdowns and the attention
    # list (grants.selectors.money: the one definition of each figure).
    money = money_by_partnership()
    headline = portfolio_headline(viewer=viewer, by_partnership=money)
    # Read once, for both the breakdown by theme and the variances in the attention list.
    planned = planned_by_partnership_theme(viewer=viewer, today=today)
    spent = spent_by_partnership_theme(viewer=viewer)
    return PortfolioSummary(
        as_of=today,
        headline=headline,
        breakdowns=portfolio_breakdowns(viewer=viewer, by_partnership=money),
        by_theme=theme_breakdown(viewer=viewer, planned=planned, spent=spent),
        by_year=portfolio_by_year(viewer=viewer),
        funding_per_head=funding_per_head(viewer=viewer, headline=headline),
        attention=attention_list(
            viewer=viewer,
            today=today,
            variances=large_variances(viewer=viewer, planned=planned, spent=spent),
            by_partnership=money,
        ),
        leverage=portfolio_leverage(viewer=viewer, by_partnership=money),
    )
