"""Where the money goes by theme: for each theme (grants.models.Theme), how many partnerships plan
or spend in it, what their endorsed costed visions plan over the term and to date, what they have
spent (the spending log, net of reversals), and the variance; and the drill-down to the
partnerships of one theme. Fund-wide roles only. Planned comes from planned.py, spent only from
spend.spent_by_partnership_theme; both are one grouped query, so neither grows with the
portfolio."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from cwf.accounts import permissions
from cwf.core.money import ZERO
from grants.models import Theme
from partnerships.models import Partnership

from .planned import PlannedTheme, planned_by_partnership_theme
from .spend import spent_by_partnership_theme

THEME_EXPLANATION = (
    "Planned is the costed vision of each partnership's endorsed spending plan: over the whole "
    "term, and to date (the plan years that have ended, and the part of this plan year that has "
    "passed). Spent is what partnerships have recorded in their spending logs, net of "
    "corrections. The variance is planned to date minus spent: above zero, partnerships have "
    "spent less than they planned so far; below zero, more."
)


@dataclass(frozen=True)
class Figures:
    """Planned against spent, for a theme or for one partnership in a theme."""

    planned: Decimal = ZERO  # over the term
    planned_to_date: Decimal = ZERO
    spent: Decimal = ZERO

    @property
    def variance(self) -> Decimal:
        """Planned to date minus spent (as on the partnership's planned-against-actual page)."""
        return self.planned_to_date - self.spent

    @property
    def over(self) -> bool:
        return self.spent > self.planned_to_date

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.planned + other.planned,
            self.planned_to_date + other.planned_to_date,
            self.spent + other.spent,
        )


@dataclass(frozen=True)
class ThemeRow(Figures):
    theme_id: int | None = None  # None for the total
    label: str = ""
    partnerships: int = 0


@dataclass(frozen=True)
class ThemeBreakdown:
    rows: list[ThemeRow] = field(default_factory=list)
    partnerships: int = 0  # counted once, however many themes each plans or spends in
    explanation: str = THEME_EXPLANATION

    @property
    def total(self) -> ThemeRow:
        figures = sum(self.rows, Figures())
        return ThemeRow(
            figures.planned,
            figures.planned_to_date,
            figures.spent,
            label="All themes",
            partnerships=self.partnerships,
        )


def theme_list(*, viewer) -> QuerySet[Theme]:
    """The themes, for fund-wide roles (the portfolio's drill-down by theme)."""
    if not permissions.sees_portfolio(viewer):
        return Theme.objects.none()
    return Theme.objects.all()


def by_partnership_and_theme(
    planned: list[PlannedTheme], spent: dict[tuple[int, int], Decimal]
) -> dict[tuple[int, int], Figures]:
    """(partnership id, theme id) -> planned and spent, for every pair that plans or spends."""
    figures: dict[tuple[int, int], Figures] = {
        (p.partnership_id, p.theme_id): Figures(p.term, p.to_date) for p in planned
    }
    for key, amount in spent.items():
        if amount:
            figures[key] = figures.get(key, Figures()) + Figures(spent=amount)
    return figures


def theme_breakdown(
    *, viewer, planned: list[PlannedTheme], spent: dict[tuple[int, int], Decimal]
) -> ThemeBreakdown:
    """One row per theme, in name order; a theme no longer in use shows only if it has figures.
    One query (the themes), given the planned and spent figures."""
    if not permissions.sees_portfolio(viewer):
        return ThemeBreakdown()
    # The pairs by_partnership_and_theme gives, summed as plain numbers: a Figures per pair
    # and per addition was most of the summary's recomposition after each spend (5,000 pairs
    # at national size, docs/performance.md).
    pairs = {(p.partnership_id, p.theme_id): (p.term, p.to_date) for p in planned}
    term: dict[int, Decimal] = defaultdict(lambda: ZERO)
    to_date: dict[int, Decimal] = defaultdict(lambda: ZERO)
    spent_by_theme: dict[int, Decimal] = defaultdict(lambda: ZERO)
    partnerships: dict[int, set[int]] = defaultdict(set)
    for (partnership_id, theme_id), (planned_term, planned_to_date) in pairs.items():
        term[theme_id] += planned_term
        to_date[theme_id] += planned_to_date
        partnerships[theme_id].add(partnership_id)
    for (partnership_id, theme_id), amount in spent.items():
        if amount:
            spent_by_theme[theme_id] += amount
            partnerships[theme_id].add(partnership_id)
    rows = [
        ThemeRow(
            term.get(theme.pk, ZERO),
            to_date.get(theme.pk, ZERO),
            spent_by_theme.get(theme.pk, ZERO),
            theme_id=theme.pk,
            label=theme.name,
            partnerships=len(partnerships[theme.pk]),
        )
        for theme in theme_list(viewer=viewer).order_by("name")
        if theme.is_active or theme.pk in partnerships
    ]
    return ThemeBreakdown(rows, partnerships=len(set().union(*partnerships.values())))


@dataclass(frozen=True)
class ThemePartnership(Figures):
    partnership: Partnership | None = None


def theme_partnerships(*, viewer, theme: Theme, today: datetime.date) -> list[ThemePartnership]:
    """The drill-down: each partnership that plans or spends in `theme`, with its figures, by
    name. Three queries whatever the portfolio size."""
    if not permissions.sees_portfolio(viewer):
        return []
    planned = planned_by_partnership_theme(viewer=viewer, today=today, theme_id=theme.pk)
    spent = {k: v for k, v in spent_by_partnership_theme(viewer=viewer).items() if k[1] == theme.pk}
    figures = {pid: f for (pid, _), f in by_partnership_and_theme(planned, spent).items()}
    rows = Partnership.objects.filter(pk__in=figures).only("name", "status").order_by("name")
    return [
        ThemePartnership(
            figures[p.pk].planned, figures[p.pk].planned_to_date, figures[p.pk].spent, p
        )
        for p in rows
    ]
