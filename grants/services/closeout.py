"""Close-out: when little is left, an officer starts close-out (a status change, no money
moves). Closing records the underspend the LTO returns (with its proportional management
contribution) and gives what was never released back to uncommitted funds: that moves money, so
one officer proposes it and a different officer approves it (an amendment of kind "close",
amendments.py), which calls close_apply."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from cwf.accounts.permissions import require_officer
from cwf.core.dates import display_date
from cwf.core.errors import DomainError
from cwf.core.money import ZERO, format_gbp, money, pence

from ..models import Account, Allocation, Tranche
from ..selectors.closeout import close_out_remaining
from ..signals import allocation_event
from . import ledger
from .allocations import allocation_transition, decommit_remaining
from .returns import money_return_post
from .tranches import tranches_cancel_open

ACCOUNT = Account.Kind


def allocation_close_out_start(*, allocation_id: int, actor) -> Allocation:
    """Active -> closing, once what is left has fallen below the close-out threshold. A
    delivering (or endorsed) partnership moves to closing with it (locking order: the
    allocation, then the partnership)."""
    from partnerships.models import Partnership
    from partnerships.services.partnerships import partnership_transition

    require_officer(actor, to="start close-out")
    with transaction.atomic():
        allocation = Allocation.objects.select_for_update().get(pk=allocation_id)
        allocation_transition(allocation, Allocation.Status.CLOSING)
        remaining, threshold = close_out_remaining(allocation), settings.CLOSE_OUT_THRESHOLD
        if remaining >= threshold:
            raise DomainError(
                f"Close-out starts when less than {format_gbp(threshold)} is left; "
                f"{format_gbp(remaining)} of this allocation is still unspent or unreleased."
            )
        allocation.close_out_started_by, allocation.close_out_started_at = actor, timezone.now()
        allocation.save(update_fields=["status", "close_out_started_by", "close_out_started_at"])
        if allocation.partnership.status in (
            Partnership.Status.ENDORSED,
            Partnership.Status.DELIVERING,
        ):
            partnership_transition(
                actor=actor,
                partnership_id=allocation.partnership_id,
                target=Partnership.Status.CLOSING,
                note="Close-out of its allocation started.",
            )
        allocation_event.send(
            sender=Allocation, allocation=allocation, event="close_out_started", actor=actor
        )
    return allocation


def closeout_statement_save(
    *, allocation_id: int, actor, final_report: str, legacy_statement: str
) -> Allocation:
    """The partnership's final report and legacy statement, kept on the closing allocation:
    written by its chair (or a fund officer), changeable until the allocation closes."""
    from cwf.accounts import permissions
    from cwf.core.errors import ScopeError

    if not final_report.strip():
        raise DomainError(
            "Write the final report: what was done, what it cost and what changed.",
            field="final_report",
        )
    if not legacy_statement.strip():
        raise DomainError("Write the legacy statement: what will last.", field="legacy_statement")
    with transaction.atomic():
        allocation = Allocation.objects.select_for_update().get(pk=allocation_id)
        if not (
            permissions.is_officer(actor)
            or permissions.is_chair_of(actor, allocation.partnership_id)
        ):
            raise ScopeError("Only the partnership's chair or a fund officer can write these.")
        if allocation.status != Allocation.Status.CLOSING:
            raise DomainError(
                f"This allocation is {allocation.get_status_display().lower()}: the final "
                f"report and legacy statement are written while it is closing."
            )
        allocation.final_report = final_report.strip()
        allocation.legacy_statement = legacy_statement.strip()
        allocation.closeout_statement_by, allocation.closeout_statement_at = actor, timezone.now()
        allocation.save(
            update_fields=[
                "final_report",
                "legacy_statement",
                "closeout_statement_by",
                "closeout_statement_at",
            ]
        )
    return allocation


def _paid_totals(allocation: Allocation) -> tuple:
    totals = allocation.tranches.filter(status=Tranche.Status.PAID).aggregate(
        amount=Sum("amount"), contribution=Sum("management_contribution")
    )
    return pence(totals["amount"]), pence(totals["contribution"])


def close_check(*, allocation: Allocation, underspend) -> Decimal:
    """What must hold to close: the allocation is closing, no released tranche is unpaid, and
    the underspend returned is at most what was paid. Returns the underspend, to the penny."""
    underspend = money(
        underspend, allow_zero=True, field="underspend_returned", label="underspend returned"
    )
    if allocation.status != Allocation.Status.CLOSING:
        raise DomainError(
            f"This allocation is {allocation.get_status_display().lower()}: start close-out "
            f"before closing it."
        )
    if not (allocation.final_report and allocation.legacy_statement):
        raise DomainError(
            "The partnership's final report and legacy statement come first: its chair (or an "
            "officer) writes them on the allocation's close-out page."
        )
    unpaid = allocation.tranches.filter(status=Tranche.Status.RELEASED).first()
    if unpaid is not None:
        raise DomainError(
            f"Tranche {unpaid.number} was released on "
            f"{display_date(unpaid.release.released_on)} and is not marked paid yet: mark it "
            f"paid before closing."
        )
    paid, _ = _paid_totals(allocation)
    if underspend > paid:
        raise DomainError(
            f"The underspend returned, {format_gbp(underspend)}, is more than the "
            f"{format_gbp(paid)} paid to the LTO.",
            field="underspend_returned",
        )
    return underspend


def close_apply(
    *,
    allocation: Allocation,
    actor,
    underspend_returned,
    returned_on: date | None = None,
    bank_reference: str = "",
) -> None:
    """Record the final underspend the LTO has returned (zero if none) and close: the one writer
    of a close. A close moves money, so it is an amendment a second officer approves
    (amendments.py, kind "close"); the caller holds the allocation's lock."""
    underspend = close_check(allocation=allocation, underspend=underspend_returned)
    returned_on = returned_on or timezone.localdate()
    allocation_transition(allocation, Allocation.Status.CLOSED)
    tranches_cancel_open(allocation=allocation, actor=actor, why="Allocation closed")
    ledger.lock_accounts(
        [
            ledger.account_for(ACCOUNT.UNCOMMITTED),
            ledger.account_for(ACCOUNT.RETURNED_UNDERSPEND),
            ledger.account_for(ACCOUNT.COMMITMENT, allocation=allocation),
            ledger.account_for(ACCOUNT.MANAGEMENT_CONTRIBUTION, allocation=allocation),
        ]
    )
    decommit_remaining(
        allocation=allocation,
        actor=actor,
        memo=f"Allocation to {allocation.partnership} closed: unreleased commitment returned",
    )
    contribution = ZERO
    if underspend > ZERO:
        returned = money_return_post(
            allocation=allocation,
            amount=underspend,
            returned_on=returned_on,
            bank_reference=bank_reference,
            actor=actor,
            key=f"allocation:{allocation.pk}:underspend",
            memo="Underspend returned at close-out",
        )
        contribution = returned.contribution
    allocation.closed_by, allocation.closed_at = actor, timezone.now()
    allocation.underspend_returned = underspend
    allocation.underspend_contribution_returned = contribution
    allocation.save(
        update_fields=[
            "status",
            "closed_by",
            "closed_at",
            "underspend_returned",
            "underspend_contribution_returned",
        ]
    )
