"""Everything the dashboard, the API's summary and the board pack show, gathered once."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from cwf.accounts import permissions

from .attention import NOT_YET, Attention, attention_list
from .by_year import YearRow, portfolio_by_year
from .per_head import FundingPerHead, funding_per_head
from .portfolio import (
    Breakdown,
    Headline,
    portfolio_breakdowns,
    portfolio_headline,
)
from .spend import SPEND_EXPLANATION

# Parts of the dashboard that depend on features not in the product yet.
THEME_NOT_YET = (
    "A breakdown by theme will appear when partnerships' spending plans (costed by theme) are in "
    "the product."
)


@dataclass(frozen=True)
class PortfolioSummary:
    as_of: datetime.date
    headline: Headline
    breakdowns: list[Breakdown]
    by_year: list[YearRow]
    funding_per_head: FundingPerHead
    attention: Attention
    spend_explanation: str = SPEND_EXPLANATION
    not_yet: tuple[str, ...] = (THEME_NOT_YET, *NOT_YET)


def portfolio_summary(*, viewer) -> PortfolioSummary | None:
    if not permissions.sees_portfolio(viewer):
        return None
    headline = portfolio_headline(viewer=viewer)
    return PortfolioSummary(
        as_of=timezone.localdate(),
        headline=headline,
        breakdowns=portfolio_breakdowns(viewer=viewer),
        by_year=portfolio_by_year(viewer=viewer),
        funding_per_head=funding_per_head(viewer=viewer, headline=headline),
        attention=attention_list(viewer=viewer),
    )
