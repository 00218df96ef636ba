"""The portfolio broken down by where partnerships are: region, IMD decile and CNI decile of
each partnership's main neighbourhood (portfolio.py says which that is). A partnership's money
is counted once, so every breakdown adds up to the headline figures. Fixed queries whatever the
portfolio size."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Q, Sum

from cwf.accounts import permissions
from cwf.core.money import ZERO
from grants.models import Account, Tranche
from grants.sums import pence
from partnerships.models import Partnership

from .portfolio import (
    TOTAL,
    UNRELEASED_KINDS,
    Dimension,
    _has_allocation,
    dimensions,
    funded,
    main_neighbourhood,
)
from .spend import spent_by_partnership


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


def portfolio_breakdowns(*, viewer) -> list[Breakdown]:
    """By region, IMD decile and CNI decile (where the register has them), over the funded
    partnerships: their places in one query, then their money by three grouped queries (each one
    pass over its table; partnership_figures' correlated sums cost a lookup per partnership and
    sum)."""
    if not permissions.sees_portfolio(viewer):
        return []
    keys = [d.key for d in dimensions()]
    places = funded(
        Partnership.objects.annotate(
            **{d.key: main_neighbourhood(d.field, "pk") for d in dimensions()},
            has_allocation=_has_allocation(),
        )
    ).values("pk", *keys)
    money = _money_by_partnership()
    spent = spent_by_partnership(viewer=viewer)
    figures = []
    for place in places.order_by():
        row = money.get(place["pk"], {})
        released, unreleased = row.get("released", ZERO), row.get("unreleased", ZERO)
        figures.append(
            {
                **place,
                "committed": unreleased + released,
                "released": released,
                "paid": row.get("paid", ZERO),
                "spent": spent.get(place["pk"], ZERO),
            }
        )
    return [_place_breakdown(d, figures) for d in dimensions()]


def _money_by_partnership() -> dict[int, dict[str, Decimal]]:
    """partnership id -> released, paid and unreleased (commitment and LTO contribution not yet
    released): the same sums as partnership_figures, grouped in two queries."""
    out: dict[int, dict[str, Decimal]] = {}
    tranches = (
        Tranche.objects.filter(status__in=Tranche.RELEASED_STATUSES)
        .values(pid=F("allocation__partnership_id"))
        .annotate(released=Sum(TOTAL), paid=Sum(TOTAL, filter=Q(status=Tranche.Status.PAID)))
        .order_by()
    )
    for row in tranches:
        out.setdefault(row["pid"], {}).update(
            released=pence(row["released"]), paid=pence(row["paid"])
        )
    accounts = (
        Account.objects.filter(kind__in=UNRELEASED_KINDS, allocation__isnull=False)
        .values(pid=F("allocation__partnership_id"))
        .annotate(total=Sum("balance"))
        .order_by()
    )
    for row in accounts:
        out.setdefault(row["pid"], {})["unreleased"] = pence(row["total"])
    return out
