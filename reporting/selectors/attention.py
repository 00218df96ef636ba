"""What needs the trustees' attention: held tranches, partnerships that fail the composition
rules, allocations ready for close-out. Fixed queries whatever the portfolio size."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from cwf.accounts import permissions
from grants.models import Allocation, Tranche, TrancheHold
from grants.selectors.allocations import allocation_list
from grants.selectors.closeout import close_out_flagged, close_out_remaining
from grants.selectors.tranches import tranche_list
from partnerships.composition import composition_from_annotations
from partnerships.models import Partnership
from partnerships.selectors import partnership_overview_list

# Partnerships the fund has endorsed must keep to the rules (see partnerships/composition.py).
RULES_APPLY = (
    Partnership.Status.ENDORSED,
    Partnership.Status.DELIVERING,
    Partnership.Status.CLOSING,
)
# What is not in the product yet, said on the page rather than left out silently.
NOT_YET = (
    "Overdue quarterly reports and reporting compliance (the on-time rate and days late) will "
    "appear here when quarterly reports are in the product.",
    "Large variances between planned and actual spending will appear here when partnerships "
    "record their spending plans and spending.",
)


@dataclass(frozen=True)
class HeldTranche:
    tranche: Tranche
    reasons: list[str]


@dataclass(frozen=True)
class FailingPartnership:
    partnership: Partnership
    rules: list  # partnerships.composition.RuleResult


@dataclass(frozen=True)
class CloseOutCandidate:
    allocation: Allocation
    remaining: object  # Decimal


@dataclass(frozen=True)
class Attention:
    held: list[HeldTranche] = field(default_factory=list)
    failing_composition: list[FailingPartnership] = field(default_factory=list)
    close_out: list[CloseOutCandidate] = field(default_factory=list)
    not_yet: tuple[str, ...] = NOT_YET

    @property
    def count(self) -> int:
        return len(self.held) + len(self.failing_composition) + len(self.close_out)


def attention_list(*, viewer) -> Attention:
    if not permissions.sees_portfolio(viewer):
        return Attention()
    in_force = TrancheHold.objects.filter(lifted_at__isnull=True).order_by("placed_at")
    held = (
        tranche_list(viewer=viewer)
        .filter(status=Tranche.Status.HELD)
        .prefetch_related(Prefetch("holds", queryset=in_force, to_attr="holds_in_force"))
        .order_by("due_on", "pk")
    )
    # Only the composition annotations are read here: without the list pages' prefetches
    # (neighbourhoods, LTO links), which were most of the summary's time at N=1000.
    endorsed = (
        partnership_overview_list(viewer=viewer)
        .filter(status__in=RULES_APPLY)
        .prefetch_related(None)
        .select_related(None)
        .only("name")
    )
    failing = []
    for partnership in endorsed.order_by("name"):
        composition = composition_from_annotations(partnership)
        if not composition.rules_met:
            failing.append(FailingPartnership(partnership, composition.failing_rules))
    active = allocation_list(viewer=viewer).filter(status=Allocation.Status.ACTIVE)
    close_out = [
        CloseOutCandidate(a, close_out_remaining(a))
        for a in active.order_by("partnership__name")
        if close_out_flagged(a)
    ]
    return Attention(
        held=[HeldTranche(t, [h.reason for h in t.holds_in_force]) for t in held],
        failing_composition=failing,
        close_out=close_out,
    )
