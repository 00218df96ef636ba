"""The one definition of every money figure the product shows. docs/money.md is the glossary
for people; this module is the code it describes. Every page, export, report, board pack,
360Giving grant and API field reads its figures from here, so a figure means the same thing
wherever it appears.

For one partnership (`PartnershipMoney`), summed over its allocations:

- **committed**: what the fund has promised the partnership, with the LTO management
  contribution, and not taken back: what is still to release plus what was released. A
  proposed allocation commits nothing; a withdrawn or closed one keeps only what was released.
- **unreleased**: committed, not yet released (the allocation's commitment and contribution
  accounts in the ledger).
- **released**: tranches the fund has released, paid or not, with the contribution.
- **awaiting payment**: released, not yet paid (released minus paid).
- **paid**: tranches marked paid: money that has left the fund's bank, with the contribution.
- **received by the LTO** (`received`): the grant part of what was paid, without the LTO's
  management contribution (which is the LTO's own fee, not the partnership's to spend). Money
  counts as received on the day it was paid, never on the day it was released.
- **spent**: what the partnership logged in its spending log, net of reversals.
- **returned**: grant money the LTO paid back to the fund (`MoneyReturn` rows: the underspend
  at close-out, or what it held after a withdrawal), without the contribution returned with it.
- **held by the LTO** (`held`): received, less spent, less returned; never below zero. Only for
  a partnership that logs its spending: one that has never logged a spend reported it outside
  the log, so what its LTO holds is not known and counts nothing here.
- **not logged** (`not_logged`): for a partnership that has never logged a spend, what its LTO
  received less what it returned: spent or held, the log cannot say.
- **spent ahead of payments** (`spent_ahead`): how far spending has run ahead of what was
  received (spent plus returned, less received), when it has; otherwise zero. `held` and
  `spent_ahead` are never both above zero.
- **outstanding**: committed, not yet paid (unreleased plus awaiting payment).
- **left to spend** (close-out): grant money not yet released plus released grant money not
  yet spent; see `left_to_spend`.

For the fund (`FundMoney`, from the ledger's running balances): capital by source, investment
income, returned underspend, fees, **uncommitted** (available to commit), committed not yet
released, released awaiting payment, paid, and **held by the fund** (uncommitted + unreleased +
awaiting payment).

**Co-investment and leverage** (issue 18; docs/money.md, "Co-investment and leverage"):

- **co-investment through the fund** (`through_fund`): co-funders' restricted money the fund
  has paid to the partnership's LTO (the `restricted_paid` ledger accounts). Like the fund's
  own money, it counts when paid, never when released. For the portfolio, the partnerships'
  added up; restricted money received and not yet paid is in `FundMoney` (restricted held).
- **local income** (`local`): money the partnership raised for itself (other grants, earned
  income, donations, in kind at its stated value) that an officer has verified. Never the
  fund's money: it has no ledger account.
- **leverage**: each of those, and the two together, per pound the fund has **paid** to the
  partnership (`paid`, with the LTO's management contribution). None (shown "not yet") while
  the fund has paid nothing. `Leverage` holds the figures, `leverage_by_partnership` reads them
  (two grouped queries) and `leverage_of` adds them up for a group of partnerships.

How they are read: `money_by_partnership` (grouped queries, any number of partnerships, a fixed
number of queries), `partnership_money` (one partnership), `money_annotations` (the same
figures as SQL expressions, to filter and order a partnership queryset), `money_flow` (received
and spent in a period or up to a day, for quarterly reports), `allocation_money` (one
allocation's figures) and `fund_money` (the fund's). SQLite sums decimals in floating point, so
every sum read back goes through `cwf.core.money.pence`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Case,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from cwf.accounts import permissions
from cwf.core.money import ZERO, money_column, pence

from ..models import (
    Account,
    Allocation,
    CapitalSource,
    LocalIncome,
    MoneyReturn,
    Spend,
    SpendTotal,
    Tranche,
)

MONEY = money_column()
KIND = Account.Kind
# A tranche's money: the grant and the LTO's management contribution on top.
TOTAL = F("amount") + F("management_contribution")
UNRELEASED_KINDS = (KIND.COMMITMENT, KIND.MANAGEMENT_CONTRIBUTION)
RELEASED = Q(status__in=Tranche.RELEASED_STATUSES)
PAID = Q(status=Tranche.Status.PAID)


def held_and_ahead(*, received: Decimal, spent: Decimal, returned: Decimal) -> tuple:
    """(held by the LTO, spent ahead of payments): the one rule for both. The LTO holds what it
    received and has neither spent nor returned; if spending has gone past that, nothing is held
    and the difference is spending ahead of payments (the LTO fronting the money)."""
    balance = received - spent - returned
    return max(balance, ZERO), max(-balance, ZERO)


# --- One partnership -----------------------------------------------------------------------------
@dataclass(frozen=True)
class PartnershipMoney:
    """A partnership's money; see the module docstring for each figure's definition."""

    unreleased: Decimal = ZERO
    released: Decimal = ZERO
    paid: Decimal = ZERO
    received: Decimal = ZERO
    spent: Decimal = ZERO
    returned: Decimal = ZERO
    released_grant: Decimal = ZERO  # released grant money, without the contribution
    logs_spend: bool = False  # has the partnership ever logged a spend?

    @property
    def committed(self) -> Decimal:
        """Promised and not taken back, with the contribution: unreleased plus released."""
        return self.unreleased + self.released

    @property
    def awaiting_payment(self) -> Decimal:
        """Released by the fund, not yet marked paid."""
        return self.released - self.paid

    @property
    def outstanding(self) -> Decimal:
        """Committed and not yet paid: what the fund still owes."""
        return self.committed - self.paid

    @property
    def held(self) -> Decimal:
        """Held by the LTO: received, not spent, not returned; never below zero. Nothing for a
        partnership that has never logged a spend (see `not_logged`)."""
        if not self.logs_spend:
            return ZERO
        return held_and_ahead(received=self.received, spent=self.spent, returned=self.returned)[0]

    @property
    def not_logged(self) -> Decimal:
        """Received and not returned by a partnership that has never logged a spend: it
        reported its spending outside the log, so whether this is spent or held is not known."""
        if self.logs_spend:
            return ZERO
        return max(self.received - self.returned, ZERO)

    @property
    def returnable(self) -> Decimal:
        """The most the LTO can hand over or pay back: what it holds, or, for a partnership that
        never logged a spend, its money not logged (the log cannot say it was spent)."""
        return self.held + self.not_logged

    @property
    def spent_ahead(self) -> Decimal:
        """Spent ahead of payments: spending beyond what the LTO has received."""
        return held_and_ahead(received=self.received, spent=self.spent, returned=self.returned)[1]

    def __add__(self, other: PartnershipMoney) -> PartnershipMoney:
        return PartnershipMoney(
            **{
                f.name: (
                    getattr(self, f.name) or getattr(other, f.name)
                    if f.name == "logs_spend"
                    else getattr(self, f.name) + getattr(other, f.name)
                )
                for f in fields(self)
            }
        )


def _grouped(qs: QuerySet, group: str, **sums) -> dict[int, dict[str, Decimal]]:
    rows = qs.values(pid=F(group)).annotate(**sums).order_by()
    return {row["pid"]: {name: pence(row[name]) for name in sums} for row in rows}


def money_by_partnership(*, partnership_ids=None) -> dict[int, PartnershipMoney]:
    """partnership id -> PartnershipMoney, for the given partnerships (a list or a queryset of
    ids) or every one with any money. Four grouped queries whatever the number of partnerships:
    tranches, ledger accounts, the kept spend totals and returned underspend. Unscoped: callers
    scope the partnerships first (partnership_list, or a fund-wide role)."""
    return money_with_spend(
        money_before_spend(partnership_ids=partnership_ids), partnership_ids=partnership_ids
    )


def _only(qs: QuerySet, field_name: str, partnership_ids) -> QuerySet:
    if partnership_ids is None:
        return qs
    return qs.filter(**{f"{field_name}__in": partnership_ids})


def money_before_spend(*, partnership_ids=None) -> dict[int, dict[str, Decimal]]:
    """money_by_partnership's three queries that do not read the spending log's totals
    (tranches, ledger accounts, returned underspend), as raw values for money_with_spend: the
    portfolio summary keeps them while only spends are written (reporting/selectors/summary.py)."""
    tranches = _grouped(
        _only(Tranche.objects.filter(RELEASED), "allocation__partnership_id", partnership_ids),
        "allocation__partnership_id",
        released=Sum(TOTAL),
        released_grant=Sum("amount"),
        paid=Sum(TOTAL, filter=PAID),
        received=Sum("amount", filter=PAID),
    )
    accounts = _grouped(
        _only(
            Account.objects.filter(kind__in=UNRELEASED_KINDS, allocation__isnull=False),
            "allocation__partnership_id",
            partnership_ids,
        ),
        "allocation__partnership_id",
        unreleased=Sum("balance"),
    )
    returned = _grouped(
        _only(MoneyReturn.objects, "allocation__partnership_id", partnership_ids),
        "allocation__partnership_id",
        returned=Sum("amount"),
    )
    out: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for part in (tranches, accounts, returned):
        for pid, values in part.items():
            out[pid].update(values)
    return dict(out)


def money_with_spend(
    before: dict[int, dict[str, Decimal]], *, partnership_ids=None
) -> dict[int, PartnershipMoney]:
    """money_before_spend's values with the kept spend totals (one query) added."""
    spent = _grouped(
        _only(SpendTotal.objects, "partnership_id", partnership_ids),
        "partnership_id",
        spent=Sum("amount"),
    )
    out: dict[int, dict] = defaultdict(dict)
    for pid, values in before.items():
        out[pid].update(values)
    for pid, values in spent.items():
        out[pid].update(values)
        out[pid]["logs_spend"] = True  # a spend total is kept from a partnership's first spend
    return {pid: PartnershipMoney(**values) for pid, values in out.items()}


def partnership_money(*, partnership_id: int) -> PartnershipMoney:
    """One partnership's money (four queries)."""
    return money_by_partnership(partnership_ids=[partnership_id]).get(
        partnership_id, PartnershipMoney()
    )


def portfolio_money(by_partnership: dict[int, PartnershipMoney]) -> PartnershipMoney:
    """The sum over partnerships. `held` and `spent_ahead` of a sum would net one partnership's
    spending ahead against another's money in hand, so the portfolio's are summed per
    partnership: see `portfolio_held_and_ahead`."""
    return sum(by_partnership.values(), PartnershipMoney())


def portfolio_held_and_ahead(by_partnership: dict[int, PartnershipMoney]) -> tuple:
    """(held by LTOs, spent ahead of payments) over the portfolio: each partnership's, added."""
    return (
        sum((m.held for m in by_partnership.values()), ZERO),
        sum((m.spent_ahead for m in by_partnership.values()), ZERO),
    )


def portfolio_not_logged(by_partnership: dict[int, PartnershipMoney]) -> tuple[Decimal, int]:
    """(not logged, how many partnerships): received by the LTOs of partnerships that have never
    logged a spend, less what they returned, and how many such partnerships received money."""
    unknown = [m.not_logged for m in by_partnership.values() if m.not_logged > 0]
    return sum(unknown, ZERO), len(unknown)


# --- The same figures in SQL, to filter and order a partnership queryset -------------------------
def sum_subquery(qs: QuerySet, group: str, value) -> Coalesce:
    """A correlated subquery: the sum of `value` over qs grouped by `group`, zero if none."""
    totals = qs.values(group).annotate(total=Sum(value)).values("total")
    return Coalesce(Subquery(totals, output_field=MONEY), Value(ZERO), output_field=MONEY)


def money_annotations(ref: str = "pk") -> dict:
    """Annotations for the partnership at OuterRef(ref): unreleased, released, paid, received,
    spent, returned, committed, held (by the LTO) and spent_ahead, as `money_by_partnership`
    defines them (a test holds the two to the same values)."""
    group = "allocation__partnership_id"
    tranches = Tranche.objects.filter(**{group: OuterRef(ref)})
    accounts = Account.objects.filter(**{group: OuterRef(ref)}, kind__in=UNRELEASED_KINDS)
    spent = SpendTotal.objects.filter(partnership_id=OuterRef(ref))
    returned = MoneyReturn.objects.filter(allocation__partnership_id=OuterRef(ref))
    return {
        "logs_spend": Exists(spent),
        "unreleased": sum_subquery(accounts, group, "balance"),
        "released": sum_subquery(tranches.filter(RELEASED), group, TOTAL),
        "paid": sum_subquery(tranches.filter(PAID), group, TOTAL),
        "received": sum_subquery(tranches.filter(PAID), group, "amount"),
        "spent": sum_subquery(spent, "partnership_id", "amount"),
        "returned": sum_subquery(returned, group, "amount"),
    }


def derived_annotations() -> dict:
    """What money_annotations' columns make (annotate these after them)."""
    balance = F("received") - F("spent") - F("returned")
    return {
        "committed": F("unreleased") + F("released"),
        "held": Case(
            When(logs_spend=True, then=Greatest(balance, Value(ZERO), output_field=MONEY)),
            default=Value(ZERO),
            output_field=MONEY,
        ),
        "not_logged": Case(
            When(logs_spend=True, then=Value(ZERO)),
            default=Greatest(F("received") - F("returned"), Value(ZERO), output_field=MONEY),
            output_field=MONEY,
        ),
        "spent_ahead": Greatest(-balance, Value(ZERO), output_field=MONEY),
    }


def with_money(qs: QuerySet, ref: str = "pk") -> QuerySet:
    """A partnership queryset with every figure of PartnershipMoney as a column."""
    return qs.annotate(**money_annotations(ref)).annotate(**derived_annotations())


# --- In a period: quarterly reports --------------------------------------------------------------
@dataclass(frozen=True)
class MoneyFlow:
    """Received and spent in a period (or up to a day): `received` is grant money paid in it
    (by the day it was paid), `contribution_received` the LTO contribution paid with it, `spent`
    the spending log net of reversals (by the day of the spend), `returned` underspend paid
    back (by the day it arrived)."""

    received: Decimal
    contribution_received: Decimal
    spent: Decimal
    returned: Decimal

    @property
    def held(self) -> Decimal:
        return held_and_ahead(received=self.received, spent=self.spent, returned=self.returned)[0]

    @property
    def spent_ahead(self) -> Decimal:
        return held_and_ahead(received=self.received, spent=self.spent, returned=self.returned)[1]


def money_flow(
    *, partnership_id: int, start: date | None = None, end: date | None = None
) -> MoneyFlow:
    """Received, spent and returned by one partnership between start and end (inclusive; either
    may be left open). Three queries."""
    paid = Tranche.objects.filter(PAID, allocation__partnership_id=partnership_id)
    spends = Spend.objects.filter(partnership_id=partnership_id)
    closed = MoneyReturn.objects.filter(allocation__partnership_id=partnership_id)
    if start:
        paid = paid.filter(paid_on__gte=start)
        spends = spends.filter(spent_on__gte=start)
        closed = closed.filter(returned_on__gte=start)
    if end:
        paid = paid.filter(paid_on__lte=end)
        spends = spends.filter(spent_on__lte=end)
        closed = closed.filter(returned_on__lte=end)
    tranches = paid.aggregate(grant=Sum("amount"), contribution=Sum("management_contribution"))
    return MoneyFlow(
        received=pence(tranches["grant"]),
        contribution_received=pence(tranches["contribution"]),
        spent=pence(spends.aggregate(s=Sum("amount"))["s"]),
        returned=pence(closed.aggregate(s=Sum("amount"))["s"]),
    )


# --- One allocation ------------------------------------------------------------------------------
@dataclass(frozen=True)
class AllocationMoney:
    """One allocation's figures, defined as for a partnership (module docstring)."""

    amount: Decimal
    management_contribution: Decimal
    committed_unreleased: Decimal  # unreleased: commitment + contribution still to release
    released: Decimal
    paid: Decimal
    underspend_returned: Decimal  # grant and contribution paid back (close-out, withdrawal)
    remaining_for_close_out: Decimal
    flagged_for_close_out: bool

    @property
    def total(self) -> Decimal:
        return self.amount + self.management_contribution

    @property
    def released_unpaid(self) -> Decimal:
        """Awaiting payment: released, not yet paid."""
        return self.released - self.paid


def allocation_tranche_annotations() -> dict:
    """For allocation querysets: released and paid (with contribution), released grant, spend
    since the start and whether the partnership logs spend (for close-out), per row."""

    def tranche_sum(condition: Q, value) -> Coalesce:
        totals = (
            Tranche.objects.filter(condition, allocation=OuterRef("pk"))
            .values("allocation")
            .annotate(total=Sum(value))
            .values("total")
        )
        return Coalesce(Subquery(totals, output_field=MONEY), Value(ZERO), output_field=MONEY)

    spent = (
        Spend.objects.filter(
            partnership_id=OuterRef("partnership_id"), spent_on__gte=OuterRef("starts_on")
        )
        .values("partnership_id")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    returned = (
        MoneyReturn.objects.filter(allocation=OuterRef("pk"))
        .values("allocation")
        .annotate(total=Sum(F("amount") + F("contribution")))
        .values("total")
    )
    return {
        "returned_total": Coalesce(
            Subquery(returned, output_field=MONEY), Value(ZERO), output_field=MONEY
        ),
        "released_total": tranche_sum(RELEASED, TOTAL),
        "paid_total": tranche_sum(PAID, TOTAL),
        "released_amount": tranche_sum(RELEASED, "amount"),
        "spent_since_start": Coalesce(
            Subquery(spent, output_field=MONEY), Value(ZERO), output_field=MONEY
        ),
        "logs_spend": Exists(Spend.objects.filter(partnership_id=OuterRef("partnership_id"))),
    }


# allocation_tranche_annotations' names, known without building its six subqueries: building them
# for every row (twice) was most of the allocations API's time at a page of 100 (about 0.5 s of
# Python, docs/performance.md). A test holds the two to the same names.
TRANCHE_ANNOTATION_NAMES = (
    "returned_total",
    "released_total",
    "paid_total",
    "released_amount",
    "spent_since_start",
    "logs_spend",
)


def _tranche_figures(allocation: Allocation) -> dict:
    """allocation_tranche_annotations' values for this allocation: read from the row when it came
    from a queryset that annotated them (allocation_list), else one query."""
    names = TRANCHE_ANNOTATION_NAMES
    if all(hasattr(allocation, name) for name in names):
        return {name: getattr(allocation, name) for name in names}
    annotations = allocation_tranche_annotations()
    return Allocation.objects.filter(pk=allocation.pk).annotate(**annotations).values(*names).get()


def unreleased_grant(allocation: Allocation) -> Decimal:
    """The allocation's grant still to release (its commitment account, without the
    contribution), or all of it before approval."""
    if allocation.status == Allocation.Status.PROPOSED:
        return allocation.amount
    cached = getattr(allocation, "_prefetched_objects_cache", {}).get("ledger_accounts")
    accounts = cached if cached is not None else allocation.ledger_accounts.all()
    return next((a.balance for a in accounts if a.kind == KIND.COMMITMENT), ZERO)


def left_to_spend(allocation: Allocation) -> Decimal:
    """What is left of the allocation for close-out: grant not yet released, plus released grant
    not yet spent (spends from the allocation's start). A partnership that has never logged a
    spend reported its spending outside the log, before the log existed, so its released money
    counts as spent."""
    figures = _tranche_figures(allocation)
    unspent = ZERO
    if figures["logs_spend"]:
        unspent = max(pence(figures["released_amount"]) - pence(figures["spent_since_start"]), ZERO)
    return unreleased_grant(allocation) + unspent


def close_out_reads_spend(allocation: Allocation) -> bool:
    """Whether the allocation's close-out flag (allocation_money) can depend on spend: only when
    it is active and its unreleased grant alone is below the threshold. Otherwise what is left
    (left_to_spend: unreleased grant plus unspent released grant, never negative) is at least
    the threshold whatever has been spent, so the flag is False without reading spend; the
    allocations API keeps such pages cached while residents log spends."""
    return (
        allocation.status == Allocation.Status.ACTIVE
        and unreleased_grant(allocation) < settings.CLOSE_OUT_THRESHOLD
    )


def allocation_money(allocation: Allocation) -> AllocationMoney:
    """One allocation's money, from its ledger accounts and tranches: no query on a row of
    grants.selectors.allocations.allocation_list (it carries the annotations), a few otherwise."""
    figures = _tranche_figures(allocation)
    balances = {a.kind: a.balance for a in allocation.ledger_accounts.all()}
    remaining = left_to_spend(allocation)
    return AllocationMoney(
        amount=allocation.amount,
        management_contribution=allocation.management_contribution,
        committed_unreleased=sum((balances.get(k, ZERO) for k in UNRELEASED_KINDS), ZERO),
        released=pence(figures["released_total"]),
        paid=pence(figures["paid_total"]),
        underspend_returned=pence(figures["returned_total"]),
        remaining_for_close_out=remaining,
        flagged_for_close_out=allocation.status == Allocation.Status.ACTIVE
        and remaining < settings.CLOSE_OUT_THRESHOLD,
    )


# --- The fund ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FundMoney:
    """The fund's money, from the ledger's running balances."""

    capital_by_source: list[tuple[str, Decimal]]
    investment_income: Decimal
    returned_underspend: Decimal
    fees: Decimal
    uncommitted: Decimal  # available to commit
    committed_unreleased: Decimal
    released_unpaid: Decimal  # released, awaiting payment
    paid: Decimal
    # Restricted money (co-investment): never part of the fund's own figures above.
    restricted_received: Decimal = ZERO
    restricted_held: Decimal = ZERO  # received, not yet released to a partnership
    restricted_released_unpaid: Decimal = ZERO
    restricted_paid: Decimal = ZERO

    @property
    def capital(self) -> Decimal:
        return sum((amount for _, amount in self.capital_by_source), ZERO)

    @property
    def money_in(self) -> Decimal:
        """Capital, investment income and returned underspend."""
        return self.capital + self.investment_income + self.returned_underspend

    @property
    def released(self) -> Decimal:
        return self.released_unpaid + self.paid

    @property
    def committed(self) -> Decimal:
        """Promised to partnerships and not taken back, with the contribution."""
        return self.committed_unreleased + self.released

    @property
    def held(self) -> Decimal:
        """Held by the fund: uncommitted, committed or released but not yet paid."""
        return self.uncommitted + self.committed_unreleased + self.released_unpaid

    @property
    def balances(self) -> bool:
        """The ledger's identity: what came in is held, paid out or spent on fees."""
        return self.money_in == self.held + self.paid + self.fees


def fund_money(*, viewer) -> FundMoney | None:
    """One query over the running balances; None for people who may not see the portfolio."""
    if not permissions.sees_portfolio(viewer):
        return None
    totals: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for row in Account.objects.values("kind", "source").annotate(total=Sum("balance")).order_by():
        totals[(row["kind"], row["source"])] = pence(row["total"])

    def kind_total(kind) -> Decimal:
        return sum((v for (k, _), v in totals.items() if k == kind), ZERO)

    return FundMoney(
        capital_by_source=[
            (label, -totals[(KIND.CAPITAL, value)]) for value, label in CapitalSource.choices
        ],
        investment_income=-kind_total(KIND.INVESTMENT_INCOME),
        returned_underspend=-kind_total(KIND.RETURNED_UNDERSPEND),
        fees=kind_total(KIND.FEES),
        uncommitted=kind_total(KIND.UNCOMMITTED),
        committed_unreleased=sum((kind_total(k) for k in UNRELEASED_KINDS), ZERO),
        released_unpaid=kind_total(KIND.PAYABLE),
        paid=kind_total(KIND.PAID),
        restricted_received=-kind_total(KIND.RESTRICTED_INCOME),
        restricted_held=kind_total(KIND.RESTRICTED_HELD),
        restricted_released_unpaid=kind_total(KIND.RESTRICTED_PAYABLE),
        restricted_paid=kind_total(KIND.RESTRICTED_PAID),
    )


# --- Co-investment and leverage ------------------------------------------------------------------
PER_POUND = Decimal("0.01")


def per_pound(amount: Decimal, paid: Decimal) -> Decimal | None:
    """`amount` for each pound the fund paid, to the penny; None while it has paid nothing."""
    if paid <= ZERO:
        return None
    return (amount / paid).quantize(PER_POUND)


@dataclass(frozen=True)
class Leverage:
    """Other money beside the fund's, per pound the fund has paid (see the module docstring)."""

    paid: Decimal = ZERO  # by the fund, with the contribution: PartnershipMoney.paid
    through_fund: Decimal = ZERO  # co-funders' restricted money paid to the LTO
    local: Decimal = ZERO  # verified local income

    @property
    def together(self) -> Decimal:
        return self.through_fund + self.local

    @property
    def through_fund_per_pound(self) -> Decimal | None:
        return per_pound(self.through_fund, self.paid)

    @property
    def local_per_pound(self) -> Decimal | None:
        return per_pound(self.local, self.paid)

    @property
    def together_per_pound(self) -> Decimal | None:
        return per_pound(self.together, self.paid)

    def __add__(self, other: Leverage) -> Leverage:
        return Leverage(
            paid=self.paid + other.paid,
            through_fund=self.through_fund + other.through_fund,
            local=self.local + other.local,
        )


def co_investment_by_partnership(*, partnership_ids=None) -> dict[int, tuple[Decimal, Decimal]]:
    """partnership id -> (co-investment paid through the fund, verified local income): two
    grouped queries whatever the number of partnerships. Unscoped, like money_by_partnership."""
    accounts = Account.objects.filter(kind=KIND.RESTRICTED_PAID)
    income = LocalIncome.objects.filter(status=LocalIncome.Status.VERIFIED)
    if partnership_ids is not None:
        accounts = accounts.filter(partnership_id__in=partnership_ids)
        income = income.filter(partnership_id__in=partnership_ids)
    through = _grouped(accounts, "partnership_id", total=Sum("balance"))
    local = _grouped(income, "partnership_id", total=Sum("amount"))
    return {
        pid: (through.get(pid, {}).get("total", ZERO), local.get(pid, {}).get("total", ZERO))
        for pid in set(through) | set(local)
    }


def leverage_by_partnership(
    *, by_partnership: dict[int, PartnershipMoney], partnership_ids=None
) -> dict[int, Leverage]:
    """partnership id -> Leverage, for every partnership with fund money or co-investment."""
    co = co_investment_by_partnership(partnership_ids=partnership_ids)
    out = {}
    for pid in set(by_partnership) | set(co):
        through, local = co.get(pid, (ZERO, ZERO))
        paid = by_partnership[pid].paid if pid in by_partnership else ZERO
        out[pid] = Leverage(paid=paid, through_fund=through, local=local)
    return out


def leverage_of(by_partnership: dict[int, Leverage], partnership_ids=None) -> Leverage:
    """The figures of a group of partnerships (all of them when None), added up."""
    ids = by_partnership.keys() if partnership_ids is None else partnership_ids
    return sum((by_partnership[pid] for pid in ids if pid in by_partnership), Leverage())


def partnership_leverage(*, partnership_id: int) -> Leverage:
    """One partnership's leverage (its money, and two more queries)."""
    money = money_by_partnership(partnership_ids=[partnership_id])
    return leverage_by_partnership(by_partnership=money, partnership_ids=[partnership_id]).get(
        partnership_id, Leverage()
    )
