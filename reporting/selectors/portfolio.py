"""The portfolio at a glance, for fund-wide roles: headline figures, figures per partnership, and
where a partnership sits (the dimensions the breakdowns in breakdowns.py group by; by year is in
by_year.py, by theme in themes.py). Every aggregate is computed by the database (annotate,
aggregate, values); the number of queries does not depend on the size of the portfolio.

Which partnership is "in" a region or decile: a partnership's money is counted once, under its
main neighbourhood (the most populous, then the lowest code), so the breakdowns add up to the
headline figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from cwf.accounts import permissions
from cwf.core.money import ZERO
from grants.models import Account, Allocation, Tranche
from grants.selectors.endowment import endowment_summary
from grants.sums import pence
from partnerships.models import Neighbourhood, Partnership

from .spend import SPEND_EXPLANATION, SPEND_IS_PROXY, spent_by_partnership, spent_subquery

MONEY = DecimalField(max_digits=14, decimal_places=2)
KIND = Account.Kind
# Allocations whose money counts: everything approved at some time (withdrawn and closed ones
# keep what was released).
COUNTED = [s for s in Allocation.Status.values if s != Allocation.Status.PROPOSED]
UNRELEASED_KINDS = (KIND.COMMITMENT, KIND.MANAGEMENT_CONTRIBUTION)
TOTAL = F("amount") + F("management_contribution")


# --- Where a partnership sits -------------------------------------------------------------------
@dataclass(frozen=True)
class Dimension:
    key: str
    label: str
    field: str  # on Neighbourhood

    def label_for(self, value) -> str:
        if value in (None, ""):
            return "Not known"
        if self.key.endswith("decile"):
            return f"Decile {value}" + (" (most deprived 10%)" if value == 1 else "")
        return str(value)


ALL_DIMENSIONS = (
    Dimension("region", "Region", "region"),
    Dimension("imd_decile", "IMD decile", "imd_decile"),
    Dimension("cni_decile", "CNI decile", "cni_decile"),
)


def dimensions() -> list[Dimension]:
    """The breakdowns the register supports: IMD and CNI deciles appear once the register has
    them (the register issue adds them to Neighbourhood)."""
    names = {f.name for f in Neighbourhood._meta.get_fields()}
    return [d for d in ALL_DIMENSIONS if d.field in names]


def main_neighbourhood(field_name: str, partnership_ref: str):
    """An annotation: `field_name` of the partnership's main neighbourhood."""
    rows = Neighbourhood.objects.filter(partnerships=OuterRef(partnership_ref)).order_by(
        F("population").desc(nulls_last=True), "code"
    )
    output = IntegerField() if field_name.endswith("decile") else None
    return Subquery(rows.values(field_name)[:1], output_field=output)


# --- Sums per allocation and per partnership ----------------------------------------------------
def _sum_of(qs: QuerySet, group: str, value) -> Coalesce:
    totals = qs.values(group).annotate(total=Sum(value)).values("total")
    return Coalesce(Subquery(totals, output_field=MONEY), Value(ZERO), output_field=MONEY)


def _allocation_sums(ref: str, group: str) -> dict:
    """Annotations for the money of the allocation(s) at OuterRef(ref), grouped by `group`."""
    tranches = Tranche.objects.filter(**{group: OuterRef(ref)})
    accounts = Account.objects.filter(**{group: OuterRef(ref)}, kind__in=UNRELEASED_KINDS)
    return {
        "unreleased": _sum_of(accounts, group, "balance"),
        "released": _sum_of(tranches.filter(status__in=Tranche.RELEASED_STATUSES), group, TOTAL),
        "paid": _sum_of(tranches.filter(status=Tranche.Status.PAID), group, TOTAL),
        "scheduled": _sum_of(tranches.filter(status__in=Tranche.OPEN_STATUSES), group, TOTAL),
        "held": _sum_of(tranches.filter(status=Tranche.Status.HELD), group, TOTAL),
    }


def _has_allocation() -> Exists:
    return Exists(Allocation.objects.filter(partnership=OuterRef("pk"), status__in=COUNTED))


def partnership_figures(*, viewer) -> QuerySet[Partnership]:
    """Every partnership with its money (committed, released, paid, spent, still to release),
    where it is, and how many people live there: one query, for the drill-down page, the board
    pack's appendix and the API. Fund-wide roles only."""
    if not permissions.sees_portfolio(viewer):
        return Partnership.objects.none()
    sums = _allocation_sums("pk", "allocation__partnership_id")
    place = {d.key: main_neighbourhood(d.field, "pk") for d in dimensions()}
    population = (
        Neighbourhood.objects.filter(partnerships=OuterRef("pk"))
        .values("partnerships")
        .annotate(total=Sum("population"))
        .values("total")
    )
    return (
        Partnership.objects.annotate(**sums, **place)
        .annotate(
            committed=F("unreleased") + F("released"),
            spent=spent_subquery("pk"),
            population=Subquery(population, output_field=IntegerField()),
            has_allocation=_has_allocation(),
        )
        .order_by("name")
    )


# --- Headline figures ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Headline:
    endowment_capital: Decimal  # capital contributed, from every source
    money_in: Decimal  # capital, investment income and returned underspend
    committed: Decimal  # promised to partnerships (with the LTO contribution): released or not
    released: Decimal
    paid: Decimal
    spent: Decimal
    uncommitted: Decimal
    held_by_fund: Decimal  # uncommitted, committed and not released, released and not paid
    fees: Decimal
    paid_grant: Decimal  # paid without the LTO management contribution, which is the LTO's
    spend_is_proxy: bool = SPEND_IS_PROXY

    @property
    def spend_explanation(self) -> str:
        return SPEND_EXPLANATION

    @property
    def held_by_ltos(self) -> Decimal:
        """Grant money paid to LTOs and not yet logged as spent."""
        return max(self.paid_grant - self.spent, ZERO)

    @property
    def committed_unreleased(self) -> Decimal:
        return self.committed - self.released


def portfolio_headline(*, viewer) -> Headline | None:
    """Three queries: the ledger's balances, paid grant money, and spend."""
    summary = endowment_summary(viewer=viewer)
    if summary is None:
        return None
    paid_grant = Tranche.objects.filter(status=Tranche.Status.PAID).aggregate(total=Sum("amount"))[
        "total"
    ]
    spent = sum(spent_by_partnership(viewer=viewer).values(), ZERO)
    released = summary.released_unpaid + summary.paid
    return Headline(
        endowment_capital=summary.capital,
        money_in=summary.money_in,
        committed=summary.committed_unreleased + released,
        released=released,
        paid=summary.paid,
        spent=spent,
        uncommitted=summary.uncommitted,
        held_by_fund=summary.held,
        fees=summary.fees,
        paid_grant=pence(paid_grant),
    )


def funded(qs: QuerySet[Partnership]) -> QuerySet[Partnership]:
    """The partnerships that have (or had) an approved allocation."""
    return qs.filter(has_allocation=True)


__all__ = [
    "SPEND_EXPLANATION",
    "Dimension",
    "Headline",
    "dimensions",
    "funded",
    "partnership_figures",
    "portfolio_headline",
]
