"""The portfolio broken down by where partnerships are: region, IMD decile and CNI decile of
each partnership's main neighbourhood (portfolio.py says which that is). A partnership's money
is counted once, so every breakdown adds up to the headline figures. Fixed queries whatever the
portfolio size."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from cwf.accounts import permissions
from cwf.core.money import ZERO, pence
from grants.selectors.money import PartnershipMoney, money_by_partnership
from partnerships.models import Partnership

from .portfolio import Dimension, dimensions, funded, has_allocation, main_neighbourhood


@dataclass(frozen=True)
class BreakdownRow:
    key: object  # the value filtered on when drilling down ("" for not known)
    label: str
    partnerships: int
    committed: Decimal
    released: Decimal
    paid: Decimal
    spent: Decimal


@dataclass(frozen=True)
class Breakdown:
    key: str
    label: str
    rows: list[BreakdownRow] = field(default_factory=list)

    @property
    def total(self) -> BreakdownRow:
        return BreakdownRow(
            key=None,
            label="All",
            partnerships=sum(r.partnerships for r in self.rows),
            committed=sum((r.committed for r in self.rows), ZERO),
            released=sum((r.released for r in self.rows), ZERO),
            paid=sum((r.paid for r in self.rows), ZERO),
            spent=sum((r.spent for r in self.rows), ZERO),
        )


def _place_breakdown(dimension: Dimension, figures: list[dict]) -> Breakdown:
    """Grouped in Python over the partnerships' figures, fetched once for every dimension: each
    grouped query recomputed every partnership's sums, three times over (docs/performance.md)."""
    groups: dict[object, dict] = {}
    for row in figures:
        group = groups.setdefault(
            row[dimension.key],
            {"n": 0, "committed": ZERO, "released": ZERO, "paid": ZERO, "spent": ZERO},
        )
        group["n"] += 1
        for name in ("committed", "released", "paid", "spent"):
            group[name] += pence(row[name])
    out = [
        BreakdownRow(
            key=value if value is not None else "",
            label=dimension.label_for(value),
            partnerships=group["n"],
            committed=group["committed"],
            released=group["released"],
            paid=group["paid"],
            spent=group["spent"],
        )
        for value, group in groups.items()
    ]
    out.sort(key=lambda r: (r.key == "", r.key if isinstance(r.key, int) else str(r.key)))
    return Breakdown(dimension.key, dimension.label, out)


def breakdown_places() -> list[dict]:
    """The funded partnerships' places (one query): what portfolio_breakdowns groups by."""
    keys = [d.key for d in dimensions()]
    return list(
        funded(
            Partnership.objects.annotate(
                **{d.key: main_neighbourhood(d.field, "pk") for d in dimensions()},
                has_allocation=has_allocation(),
            )
        )
        .values("pk", *keys)
        .order_by()
    )


def portfolio_breakdowns(
    *, viewer, by_partnership: dict | None = None, places: list[dict] | None = None
) -> list[Breakdown]:
    """By region, IMD decile and CNI decile (where the register has them), over the funded
    partnerships: their places in one query (or `places`, breakdown_places' answer, kept by the
    summary), then their money from grants.selectors.money.money_by_partnership (grouped
    queries, each one pass over its table; or `by_partnership` when the caller has read it)."""
    if not permissions.sees_portfolio(viewer):
        return []
    if places is None:
        places = breakdown_places()
    if by_partnership is None:
        by_partnership = money_by_partnership()
    figures = []
    for place in places:
        money = by_partnership.get(place["pk"], PartnershipMoney())
        figures.append(
            {
                **place,
                "committed": money.committed,
                "released": money.released,
                "paid": money.paid,
                "spent": money.spent,
            }
        )
    return [_place_breakdown(d, figures) for d in dimensions()]


def partnership_places(partnership_ids=None) -> dict[int, dict]:
    """Each partnership's main neighbourhood's region and IMD decile (the breakdowns' places),
    for grouping other figures (the portfolio's outcomes) the same way. One query."""
    qs = Partnership.objects.annotate(
        region_=main_neighbourhood("region", "pk"),
        imd_decile_=main_neighbourhood("imd_decile", "pk"),
    )
    if partnership_ids is not None:
        qs = qs.filter(pk__in=partnership_ids)
    return {
        row["pk"]: {"region": row["region_"], "imd_decile": row["imd_decile_"]}
        for row in qs.values("pk", "region_", "imd_decile_").order_by()
    }
