"""Everything the dashboard, the API's summary and the board pack show, gathered once."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from cwf.accounts import permissions
from cwf.core import portfolio_version
from grants.selectors.money import money_before_spend, money_with_spend

from .attention import Attention, attention_base, attention_list
from .breakdowns import Breakdown, breakdown_places, partnership_places, portfolio_breakdowns
from .by_year import YearRow, portfolio_by_year
from .leverage import PortfolioLeverage, portfolio_leverage
from .outcomes import PortfolioOutcomes, portfolio_outcomes
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
    # Library indicators across partnerships (issue 19): two queries.
    outcomes: PortfolioOutcomes | None = None


@dataclass(frozen=True)
class SummaryBase:
    """The summary's parts that never read the spending log or its kept totals: while only
    spends are written (residents logging them), these stay cached by the MAIN version and
    only the spend-derived parts are recomputed, from the kept totals (a few milliseconds)."""

    money: dict  # grants.selectors.money.money_before_spend
    places: list  # breakdowns.breakdown_places
    planned: list
    by_year: list[YearRow]
    attention: Attention
    # Leverage reads what was paid (never spend) and co-investment; outcomes read the reports'
    # indicator values: both change only with the main version.
    leverage: PortfolioLeverage | None
    outcomes: PortfolioOutcomes | None


def portfolio_summary(*, viewer, today: datetime.date | None = None) -> PortfolioSummary | None:
    """`today` is the day planned-to-date and overdue are judged on (the board pack's date).

    Today's summary (the dashboard's, the API's) is cached, keyed by the day and the portfolio
    versions, which every committed write to the figures' tables raises: it is the same for
    every fund-wide viewer, and never older than the last committed write
    (cwf/core/portfolio_version.py). A write to the spending log alone raises only the spend
    version: the summary is then composed again from its cached base (SummaryBase, keyed by the
    main version) and spend read afresh."""
    if not permissions.sees_portfolio(viewer):
        return None
    if today is not None:
        return _summary(viewer=viewer, today=today)
    today = timezone.localdate()
    versions = portfolio_version.versions()
    if versions is None:
        return _summary(viewer=viewer, today=today)
    main, spend = versions
    day = today.isoformat()

    def compose() -> PortfolioSummary:
        base = portfolio_version.cached(
            f"reporting:summary-base:{day}:{main}",
            lambda: _base(viewer=viewer, today=today),
        )
        return _summary(viewer=viewer, today=today, base=base)

    return portfolio_version.cached(f"reporting:summary:{day}:{main}:{spend}", compose)


SUMMARY_CACHE_SECONDS = portfolio_version.CACHE_SECONDS


def _base(*, viewer, today: datetime.date) -> SummaryBase:
    money = money_before_spend()
    return SummaryBase(
        money=money,
        places=breakdown_places(),
        planned=planned_by_partnership_theme(viewer=viewer, today=today),
        by_year=portfolio_by_year(viewer=viewer),
        attention=attention_base(viewer=viewer, today=today),
        leverage=portfolio_leverage(viewer=viewer, by_partnership=money_with_spend(money)),
        outcomes=portfolio_outcomes(places=partnership_places()),
    )


def _summary(*, viewer, today: datetime.date, base: SummaryBase | None = None) -> PortfolioSummary:
    base = base or _base(viewer=viewer, today=today)
    # Every partnership's money, read once for the headline, the breakdowns and the attention
    # list (grants.selectors.money: the one definition of each figure).
    money = money_with_spend(base.money)
    headline = portfolio_headline(viewer=viewer, by_partnership=money)
    # Read once, for both the breakdown by theme and the variances in the attention list.
    planned = base.planned
    spent = spent_by_partnership_theme(viewer=viewer)
    return PortfolioSummary(
        as_of=today,
        headline=headline,
        breakdowns=portfolio_breakdowns(viewer=viewer, by_partnership=money, places=base.places),
        by_theme=theme_breakdown(viewer=viewer, planned=planned, spent=spent),
        by_year=base.by_year,
        funding_per_head=funding_per_head(viewer=viewer, headline=headline),
        attention=attention_list(
            viewer=viewer,
            today=today,
            variances=large_variances(viewer=viewer, planned=planned, spent=spent),
            by_partnership=money,
            base=base.attention,
        ),
        leverage=base.leverage,
        outcomes=base.outcomes,
    )
