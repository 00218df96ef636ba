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
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, NullIf

from cwf.accounts import permissions
from cwf.core.money import ZERO, money_column
from grants.models import Allocation, Tranche
from grants.selectors.money import (
    TOTAL,
    fund_money,
    money_by_partnership,
    portfolio_held_and_ahead,
    portfolio_money,
    portfolio_not_logged,
    sum_subquery,
    with_money,
)
from partnerships.models import LsoaNeighbourhood, Neighbourhood, Partnership

from .spend import SPEND_EXPLANATION, SPEND_IS_PROXY

MONEY = money_column()
# Allocations whose money counts: everything approved at some time (withdrawn and closed ones
# keep what was released).
COUNTED = [s for s in Allocation.Status.values if s != Allocation.Status.PROPOSED]


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
    """An annotation: `field_name` of the partnership's main neighbourhood. A partnership whose
    neighbourhood is a set of LSOAs is placed by that neighbourhood's combined figures (its
    deciles re-ranked against England, its main LSOA's region), never by one of its LSOAs."""
    rows = Neighbourhood.objects.filter(partnerships=OuterRef(partnership_ref)).order_by(
        F("population").desc(nulls_last=True), "code"
    )
    output = IntegerField() if field_name.endswith("decile") else CharField()
    ward = Subquery(rows.values(field_name)[:1], output_field=output)
    if field_name not in {"imd_decile", "cni_decile", "region"}:
        return ward
    area = LsoaNeighbourhood.objects.filter(partnerships=OuterRef(partnership_ref))
    combined = Subquery(area.values(field_name)[:1], output_field=output)
    if field_name == "region":  # blank, not null, when not known
        combined = NullIf(combined, Value(""))
    return Coalesce(combined, ward, output_field=output)


# --- Sums per partnership: the figures are grants.selectors.money's ------------------------------
def _schedule_sums(ref: str) -> dict:
    """Tranches still to release (scheduled or on hold) and those on hold, with contribution."""
    group = "allocation__partnership_id"
    tranches = Tranche.objects.filter(**{group: OuterRef(ref)})
    return {
        "scheduled": sum_subquery(tranches.filter(status__in=Tranche.OPEN_STATUSES), group, TOTAL),
        "on_hold": sum_subquery(tranches.filter(status=Tranche.Status.HELD), group, TOTAL),
    }


def has_allocation() -> Exists:
    return Exists(Allocation.objects.filter(partnership=OuterRef("pk"), status__in=COUNTED))


def partnership_figures(*, viewer) -> QuerySet[Partnership]:
    """Every partnership with its money (grants.selectors.money.with_money: committed, released,
    paid, received, spent, held by the LTO, spent ahead of payments, still to release), where it
    is, and how many people live there: one query, for the drill-down page, the board pack's
    appendix and the API. Fund-wide roles only."""
    if not permissions.sees_portfolio(viewer):
        return Partnership.objects.none()
    place = {d.key: main_neighbourhood(d.field, "pk") for d in dimensions()}
    population = (
        Neighbourhood.objects.filter(partnerships=OuterRef("pk"))
        .values("partnerships")
        .annotate(total=Sum("population"))
        .values("total")
    )
    return (
        with_money(Partnership.objects.annotate(**place))
        .annotate(
            **_schedule_sums("pk"),
            population=Subquery(population, output_field=IntegerField()),
            has_allocation=has_allocation(),
        )
        .order_by("name")
    )


# --- Headline figures ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Headline:
    """The portfolio's headline: the fund's figures (grants.selectors.money.FundMoney) and the
    partnerships' (PartnershipMoney, summed); docs/money.md defines each."""

    endowment_capital: Decimal  # capital contributed, from every source
    money_in: Decimal  # capital, investment income and returned underspend
    committed: Decimal  # promised to partnerships (with the LTO contribution): released or not
    released: Decimal
    paid: Decimal
    received: Decimal  # grant money paid to LTOs (paid without the LTO contribution)
    spent: Decimal
    held_by_ltos: Decimal  # each partnership's held by the LTO, added
    spent_ahead: Decimal  # each partnership's spending ahead of payments, added
    uncommitted: Decimal
    held_by_fund: Decimal  # uncommitted, committed and not released, released and not paid
    fees: Decimal
    # Received by the LTOs of partnerships that have never logged a spend, less returned: not
    # in held_by_ltos (spent or held, the log cannot say), and how many such partnerships.
    not_logged: Decimal = ZERO
    not_logged_partnerships: int = 0
    spend_is_proxy: bool = SPEND_IS_PROXY

    @property
    def spend_explanation(self) -> str:
        return SPEND_EXPLANATION

    @property
    def committed_unreleased(self) -> Decimal:
        return self.committed - self.released

    @property
    def paid_grant(self) -> Decimal:
        return self.received


def portfolio_headline(*, viewer, by_partnership: dict | None = None) -> Headline | None:
    """The ledger's balances (one query) and every partnership's money (money_by_partnership,
    four grouped queries, or `by_partnership` when the caller has read it already)."""
    fund = fund_money(viewer=viewer)
    if fund is None:
        return None
    if by_partnership is None:
        by_partnership = money_by_partnership()
    partnerships = portfolio_money(by_partnership)
    held, ahead = portfolio_held_and_ahead(by_partnership)
    not_logged, not_logged_partnerships = portfolio_not_logged(by_partnership)
    return Headline(
        endowment_capital=fund.capital,
        money_in=fund.money_in,
        committed=fund.committed,
        released=fund.released,
        paid=fund.paid,
        received=partnerships.received,
        spent=partnerships.spent,
        held_by_ltos=held,
        spent_ahead=ahead,
        uncommitted=fund.uncommitted,
        held_by_fund=fund.held,
        fees=fund.fees,
        not_logged=not_logged,
        not_logged_partnerships=not_logged_partnerships,
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
