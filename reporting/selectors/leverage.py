"""Leverage across the portfolio (issue 18): co-investment through the fund and verified local
income, apart and together, per pound the fund has paid (grants.selectors.money defines each
figure: `Leverage`). Per partnership, and by region, IMD decile and CNI decile of the
partnership's main neighbourhood (each partnership counted once, so those add up to the
total), and by theme: a partnership counts under every theme its endorsed plan's costed vision
spends on (the rule a pledge's theme restriction uses), so the theme rows do not add up.

Fixed queries whatever the portfolio size: the partnerships' places, co-investment (two
grouped queries), and the themes of the endorsed plans."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from cwf.accounts import permissions
from grants.models import SpendingPlan, VisionLine
from grants.selectors.money import (
    Leverage,
    PartnershipMoney,
    leverage_by_partnership,
    leverage_of,
    money_by_partnership,
)
from partnerships.models import Partnership

from .portfolio import _has_allocation, dimensions, funded, main_neighbourhood


@dataclass(frozen=True)
class LeverageRow:
    key: object  # the value the row is for ("" for not known), or the partnership's / theme's pk
    label: str
    partnerships: int
    leverage: Leverage


@dataclass(frozen=True)
class LeverageBreakdown:
    key: str
    label: str
    rows: list[LeverageRow] = field(default_factory=list)


@dataclass(frozen=True)
class PortfolioLeverage:
    total: Leverage
    # Partnerships with co-investment or verified local income, most other money first.
    partnerships: list[LeverageRow]
    breakdowns: list[LeverageBreakdown]  # region, IMD decile, CNI decile
    by_theme: LeverageBreakdown

    @property
    def has_any(self) -> bool:
        return self.total.together > 0


def _rows(groups: dict[object, list[int]], label_for, by_partnership) -> list[LeverageRow]:
    return [
        LeverageRow(key, label_for(key), len(pids), leverage_of(by_partnership, pids))
        for key, pids in groups.items()
    ]


def portfolio_leverage(
    *, viewer, by_partnership: dict[int, PartnershipMoney] | None = None
) -> PortfolioLeverage | None:
    if not permissions.sees_portfolio(viewer):
        return None
    if by_partnership is None:
        by_partnership = money_by_partnership()
    leverage = leverage_by_partnership(by_partnership=by_partnership)
    keys = [d.key for d in dimensions()]
    places = list(
        funded(
            Partnership.objects.annotate(
                **{d.key: main_neighbourhood(d.field, "pk") for d in dimensions()},
                has_allocation=_has_allocation(),
            )
        )
        .values("pk", "name", *keys)
        .order_by()
    )
    # A partnership with co-investment but no allocation yet still counts in the total.
    names = {place["pk"]: place["name"] for place in places}
    missing = [pid for pid in leverage if pid not in names]
    if missing:
        for pk, name in Partnership.objects.filter(pk__in=missing).values_list("pk", "name"):
            names[pk] = name
            places.append({"pk": pk, "name": name, **dict.fromkeys(keys)})
    breakdowns = []
    for dimension in dimensions():
        groups: dict[object, list[int]] = defaultdict(list)
        for place in places:
            groups[place[dimension.key]].append(place["pk"])
        rows = _rows(groups, dimension.label_for, leverage)
        rows = [
            LeverageRow(r.key if r.key is not None else "", r.label, r.partnerships, r.leverage)
            for r in rows
        ]
        rows.sort(key=lambda r: (r.key == "", r.key if isinstance(r.key, int) else str(r.key)))
        breakdowns.append(LeverageBreakdown(dimension.key, dimension.label, rows))
    themes: dict[tuple[int, str], list[int]] = defaultdict(list)
    lines = (
        VisionLine.objects.filter(plan__status=SpendingPlan.Status.ENDORSED)
        .values_list("theme_id", "theme__name", "plan__partnership_id")
        .distinct()
        .order_by()
    )
    for theme_id, theme_name, pid in lines:
        if pid in names:
            themes[(theme_id, theme_name)].append(pid)
    theme_rows = sorted(
        (
            LeverageRow(theme_id, name, len(pids), leverage_of(leverage, pids))
            for (theme_id, name), pids in themes.items()
        ),
        key=lambda r: r.label,
    )
    partnership_rows = sorted(
        (
            LeverageRow(pid, names.get(pid, ""), 1, figures)
            for pid, figures in leverage.items()
            if figures.together > 0
        ),
        key=lambda r: (-r.leverage.together, r.label),
    )
    return PortfolioLeverage(
        total=leverage_of(leverage, names),
        partnerships=partnership_rows,
        breakdowns=breakdowns,
        by_theme=LeverageBreakdown("theme", "Theme", theme_rows),
    )
