"""Trends: the quarterly snapshots (reporting/services/snapshots.py) and the figures of the last
board pack, beside today's, for the dashboard and the board pack. Fund-wide roles only. Two
queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from cwf.accounts import permissions

from ..models import BoardPack, PortfolioSnapshot
from ..trends import FIGURES, Change, Figure, changes

QUARTERS_SHOWN = 8


@dataclass(frozen=True)
class TrendRow:
    figure: Figure
    values: list  # one per quarter shown, oldest first, then now


@dataclass(frozen=True)
class Trends:
    quarters: list[PortfolioSnapshot] = field(default_factory=list)  # oldest first
    now: dict = field(default_factory=dict)
    last_pack_as_of: datetime.date | None = None
    since_pack: list[Change] = field(default_factory=list)

    @property
    def rows(self) -> list[TrendRow]:
        """Figure by figure, quarter by quarter, then now."""
        return [
            TrendRow(
                f,
                [
                    *(f.read(q.figures.get(f.key)) for q in self.quarters),
                    f.read(self.now.get(f.key)),
                ],
            )
            for f in FIGURES
        ]


def portfolio_trends(
    *, viewer, now: dict, before: datetime.date, quarters: int = QUARTERS_SHOWN
) -> Trends:
    """`now`: today's figures (reporting.trends.figures_of); `before`: the last board pack is
    the latest made, with its figures, as of a day before this one; `quarters`: how many of
    the latest quarters to show."""
    if not permissions.sees_portfolio(viewer):
        return Trends()
    taken = PortfolioSnapshot.objects.filter(status=PortfolioSnapshot.Status.TAKEN)
    recent = list(taken.order_by("-quarter_end")[:quarters])[::-1]
    pack = (
        BoardPack.objects.filter(
            status=BoardPack.Status.READY, figures__isnull=False, as_of__lt=before
        )
        .order_by("-as_of", "-finished_at", "-pk")
        .only("as_of", "figures")
        .first()
    )
    return Trends(
        quarters=recent,
        now=now,
        last_pack_as_of=pack.as_of if pack else None,
        since_pack=changes(pack.figures, now) if pack else [],
    )
