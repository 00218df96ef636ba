"""What needs the trustees' attention: overdue quarterly reports (with the fund's reporting
compliance), held tranches, partnerships that fail the composition rules, large differences
between planned and actual spending (variances.py), allocations ready for close-out, and
partnerships spending ahead of the payments their LTO has received, and co-funders' pledges
past their date and not fully received. Fixed
queries whatever the portfolio size."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Value
from django.utils import timezone

from cwf.accounts import permissions
from grants.models import Account, Allocation, Tranche, TrancheHold
from grants.selectors.allocations import allocation_list
from grants.selectors.closeout import close_out_flagged, close_out_remaining
from grants.selectors.coinvestment import PledgePastDue, pledges_past_due
from grants.selectors.money import PartnershipMoney, money_by_partnership
from grants.selectors.tranches import tranche_list
from partnerships.composition import (
    composition_from_annotations,
    min_resident_share,
    min_voting_members,
)
from partnerships.models import Partnership
from partnerships.selectors import partnership_overview_list
from reporting.models import QuarterlyReport

from .reports import overdue_reports, reporting_compliance
from .variances import Variance, large_variances_now

# Partnerships the fund has endorsed must keep to the rules (see partnerships/composition.py).
RULES_APPLY = (
    Partnership.Status.ENDORSED,
    Partnership.Status.DELIVERING,
    Partnership.Status.CLOSING,
)


# How many overdue reports the attention list names; the rest are counted and linked.
OVERDUE_SHOWN = 10


@dataclass(frozen=True)
class HeldTranche:
    tranche: Tranche
    reasons: list[str]

    @property
    def why(self) -> str:
        """The reasons as the end of a sentence ("on hold: quarterly report missing."): each
        hold's reason is written as a sentence of its own, capital and all."""

        def clause(reason: str) -> str:
            reason = reason.strip().rstrip(".")
            keep = reason[:2].isupper()  # an acronym ("LTO ...") keeps its capitals
            return reason if keep or not reason else reason[0].lower() + reason[1:]

        return "; ".join(clause(r) for r in self.reasons if r.strip()) + "."


@dataclass(frozen=True)
class FailingPartnership:
    partnership: Partnership
    rules: list  # partnerships.composition.RuleResult


@dataclass(frozen=True)
class SpendingAhead:
    """A partnership whose logged spending has run ahead of the money its LTO has received
    (grants.selectors.money: spent_ahead)."""

    partnership: Partnership
    received: Decimal
    spent: Decimal
    spent_ahead: Decimal


@dataclass(frozen=True)
class CloseOutCandidate:
    allocation: Allocation
    remaining: object  # Decimal


@dataclass(frozen=True)
class Compliance:
    """The fund's reporting record so far: reports due, how many came in on time, and the mean
    days late over all due reports (on-time ones count as 0)."""

    due: int
    on_time: int
    mean_days_late: float

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.due if self.due else None


def fund_compliance(by_partnership: dict[int, dict]) -> Compliance:
    due = sum(row["due"] for row in by_partnership.values())
    on_time = sum(row["on_time"] for row in by_partnership.values())
    late_days = sum(row["mean_days_late"] * row["due"] for row in by_partnership.values())
    return Compliance(due, on_time, round(late_days / due, 1) if due else 0.0)


@dataclass(frozen=True)
class Attention:
    overdue: list[QuarterlyReport] = field(default_factory=list)  # the oldest OVERDUE_SHOWN
    overdue_count: int = 0
    compliance: Compliance | None = None
    held: list[HeldTranche] = field(default_factory=list)
    failing_composition: list[FailingPartnership] = field(default_factory=list)
    close_out: list[CloseOutCandidate] = field(default_factory=list)
    variances: list[Variance] = field(default_factory=list)
    spending_ahead: list[SpendingAhead] = field(default_factory=list)
    pledges_past_due: list[PledgePastDue] = field(default_factory=list)

    @property
    def variance_percent(self) -> Decimal:
        return settings.VARIANCE_ATTENTION_PERCENT

    @property
    def variance_min_amount(self) -> Decimal:
        return settings.VARIANCE_ATTENTION_MIN_AMOUNT

    @property
    def count(self) -> int:
        return (
            self.overdue_count
            + len(self.held)
            + len(self.failing_composition)
            + len(self.variances)
            + len(self.close_out)
            + len(self.spending_ahead)
            + len(self.pledges_past_due)
        )


def spending_ahead_of_payments(
    *, viewer, by_partnership: dict[int, PartnershipMoney] | None = None
) -> list[SpendingAhead]:
    """Partnerships that have logged more spending than their LTO has received, furthest ahead
    first. Fund-wide roles only."""
    if not permissions.sees_portfolio(viewer):
        return []
    if by_partnership is None:
        by_partnership = money_by_partnership()
    ahead = {pid: m for pid, m in by_partnership.items() if m.spent_ahead > 0}
    if not ahead:
        return []
    names = Partnership.objects.filter(pk__in=ahead).only("name")
    rows = [
        SpendingAhead(p, ahead[p.pk].received, ahead[p.pk].spent, ahead[p.pk].spent_ahead)
        for p in names
    ]
    return sorted(rows, key=lambda r: (-r.spent_ahead, r.partnership.name))


def attention_list(
    *,
    viewer,
    today: datetime.date | None = None,
    variances: list[Variance] | None = None,
    by_partnership: dict[int, PartnershipMoney] | None = None,
) -> Attention:
    """`variances`: the large variances when the caller has read the planned and spent figures
    already (the portfolio summary has, for the breakdown by theme); otherwise read here. The
    same for `by_partnership`, every partnership's money (grants.selectors.money)."""
    if not permissions.sees_portfolio(viewer):
        return Attention()
    today = today or timezone.localdate()
    if variances is None:
        variances = large_variances_now(viewer=viewer, today=today)
    in_force = TrancheHold.objects.filter(lifted_at__isnull=True).order_by("placed_at")
    held = (
        tranche_list(viewer=viewer)
        .filter(status=Tranche.Status.HELD)
        .prefetch_related(Prefetch("holds", queryset=in_force, to_attr="holds_in_force"))
        .order_by("due_on", "pk")
    )
    # Only the composition annotations are read here: without the list pages' prefetches
    # (neighbourhoods, LTO links), which were most of the summary's time at N=1000.
    # The rules are tested in SQL first, so only the partnerships that fail them are loaded
    # (and tested again, in words, by composition.py).
    endorsed = (
        partnership_overview_list(viewer=viewer)
        .filter(status__in=RULES_APPLY)
        .filter(
            Q(voting_members__lt=min_voting_members())
            | Q(resident_voting_members__lt=F("voting_members") * Value(min_resident_share()))
        )
        .prefetch_related(None)
        .select_related(None)
        .only("name")
    )
    failing = []
    for partnership in endorsed.order_by("name"):
        composition = composition_from_annotations(partnership)
        if not composition.rules_met:
            failing.append(FailingPartnership(partnership, composition.failing_rules))
    # What is left is at least the commitment still unreleased, so an allocation with a
    # commitment balance at or above the threshold cannot be flagged: filtered out in SQL,
    # before its spend since the start (a sum over the spending log) is computed.
    far_from_close_out = Account.objects.filter(
        allocation=OuterRef("pk"),
        kind=Account.Kind.COMMITMENT,
        balance__gte=settings.CLOSE_OUT_THRESHOLD,
    )
    active = (
        allocation_list(viewer=viewer)
        .filter(status=Allocation.Status.ACTIVE)
        .exclude(Exists(far_from_close_out))
    )
    close_out = [
        CloseOutCandidate(a, close_out_remaining(a))
        for a in active.order_by("partnership__name")
        if close_out_flagged(a)
    ]
    overdue = overdue_reports(today=today)
    return Attention(
        # The oldest few, with a count and a link to the reports list filtered to overdue: at
        # 1,000 partnerships a quarter's overdue reports are many, and a page of them helps no one.
        overdue=list(
            overdue.only(
                "partnership__name", "quarter_start", "quarter_end", "due_on", "extended_to"
            )[:OVERDUE_SHOWN]
        ),
        overdue_count=overdue.count(),
        compliance=fund_compliance(reporting_compliance(today=today)),
        held=[HeldTranche(t, [h.reason for h in t.holds_in_force]) for t in held],
        failing_composition=failing,
        close_out=close_out,
        variances=variances,
        spending_ahead=spending_ahead_of_payments(viewer=viewer, by_partnership=by_partnership),
        pledges_past_due=pledges_past_due(viewer=viewer, today=today),
    )
