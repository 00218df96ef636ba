"""Allocations: propose, approve (four eyes, commits the money), withdraw (a proposal alone; a
committed allocation through a four-eyes amendment). Close-out is in closeout.py, amendments in
amendments.py, the funding agreement in agreements.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from cwf.accounts import permissions
from cwf.accounts.permissions import require_officer
from cwf.core.errors import DomainError
from cwf.core.money import ZERO, format_gbp, money
from cwf.core.transitions import check_transition
from partnerships.models import Partnership

from ..models import Account, Allocation, Transaction
from . import ledger
from .schedule import contribution_on
from .tranches import tranches_cancel_open

ACCOUNT = Account.Kind


def allocation_transition(allocation: Allocation, target: str) -> None:
    """The one way an allocation's status changes: checks the declared table, then sets it."""
    check_transition(
        current=allocation.status,
        target=target,
        allowed=Allocation.TRANSITIONS,
        what="allocation",
    )
    allocation.status = target


def check_bounds(*, amount: Decimal, term_years: int) -> None:
    """An allocation is between the settings' bounds: £1m to £2.5m over 10 to 15 years."""
    low, high = settings.ALLOCATION_MIN_AMOUNT, settings.ALLOCATION_MAX_AMOUNT
    if not low <= amount <= high:
        raise DomainError(
            f"An allocation must be between {format_gbp(low)} and {format_gbp(high)}: "
            f"{format_gbp(amount)} is not.",
            field="amount",
        )
    shortest, longest = settings.ALLOCATION_MIN_YEARS, settings.ALLOCATION_MAX_YEARS
    if not shortest <= term_years <= longest:
        raise DomainError(
            f"The term must be between {shortest} and {longest} years: {term_years} is not.",
            field="term_years",
        )


def allocation_propose(
    *,
    actor,
    partnership_id: int,
    amount,
    starts_on: date,
    term_years: int,
    purpose: str = "",
) -> Allocation:
    require_officer(actor, to="propose an allocation")
    amount = money(amount, field="amount")
    check_bounds(amount=amount, term_years=term_years)
    partnership = Partnership.objects.filter(pk=partnership_id).first()
    if partnership is None:
        raise DomainError("Choose a partnership.", field="partnership")
    if partnership.status in (Partnership.Status.CLOSING, Partnership.Status.CLOSED):
        raise DomainError(
            f"{partnership} is {partnership.get_status_display().lower()}: it cannot be given a "
            f"new allocation.",
            field="partnership",
        )
    if Allocation.objects.filter(partnership=partnership, status__in=Allocation.OPEN_STATUSES):
        raise DomainError(f"{partnership} already has an open allocation.", field="partnership")
    rate = settings.LTO_MANAGEMENT_CONTRIBUTION_RATE
    try:
        with transaction.atomic():
            return Allocation.objects.create(
                partnership=partnership,
                amount=amount,
                management_contribution_rate=rate,
                management_contribution=contribution_on(amount, rate),
                starts_on=starts_on,
                term_years=term_years,
                purpose=purpose.strip(),
                proposed_by=actor,
            )
    except IntegrityError as exc:  # a second officer proposed one at the same moment
        raise DomainError(
            f"{partnership} already has an open allocation.", field="partnership"
        ) from exc


def uncommitted_balance() -> Decimal:
    return ledger.account_for(ACCOUNT.UNCOMMITTED).balance


def check_uncommitted_covers(*, needed: Decimal, what: str) -> None:
    """A readable refusal before the ledger's own floor check (which is the guarantee)."""
    available = uncommitted_balance()
    if needed > available:
        raise DomainError(
            f"Uncommitted funds are {format_gbp(available)}, but {what} needs "
            f"{format_gbp(needed)}: {format_gbp(needed - available)} more than is available."
        )


def commitment_post(
    *, allocation: Allocation, amount: Decimal, contribution: Decimal, actor, memo, kind, key
):
    """Move money between uncommitted funds and the allocation's commitment (positive amounts
    commit, negative ones give back)."""
    return ledger.ledger_post(
        lines=ledger.lines(
            (ledger.account_for(ACCOUNT.UNCOMMITTED), -(amount + contribution)),
            (ledger.account_for(ACCOUNT.COMMITMENT, allocation=allocation), amount),
            (
                ledger.account_for(ACCOUNT.MANAGEMENT_CONTRIBUTION, allocation=allocation),
                contribution,
            ),
        ),
        memo=memo,
        kind=kind,
        actor=actor,
        allocation=allocation,
        idempotency_key=key,
    )


def allocation_approve(*, allocation_id: int, actor) -> Allocation:
    """The second pair of eyes. Commits the allocation and its LTO management contribution in
    the ledger; refused when uncommitted funds cannot cover both."""
    require_officer(actor, to="approve an allocation")
    with transaction.atomic():
        # Locking policy, step 1: one decision on this allocation at a time.
        allocation = Allocation.objects.select_for_update().get(pk=allocation_id)
        refusal = permissions.four_eyes_refusal(
            actor, first=allocation.proposed_by, did="proposed this allocation", to="approve it"
        )
        if refusal:
            raise DomainError(refusal)
        allocation_transition(allocation, Allocation.Status.APPROVED)
        check_bounds(amount=allocation.amount, term_years=allocation.term_years)
        check_uncommitted_covers(
            needed=allocation.total_commitment,
            what=(
                f"approving {format_gbp(allocation.amount)} plus "
                f"{format_gbp(allocation.management_contribution)} LTO management contribution"
            ),
        )
        commitment_post(
            allocation=allocation,
            amount=allocation.amount,
            contribution=allocation.management_contribution,
            actor=actor,
            memo=f"Allocation to {allocation.partnership} approved",
            kind=Transaction.Kind.COMMITMENT,
            key=f"allocation:{allocation.pk}:commit",
        )
        allocation.approved_by = actor
        allocation.approved_at = timezone.now()
        allocation.save(update_fields=["status", "approved_by", "approved_at"])
    return allocation


def decommit_remaining(*, allocation: Allocation, actor, memo: str) -> None:
    """Give what is still committed and unreleased back to uncommitted funds."""
    commitment = ledger.account_for(ACCOUNT.COMMITMENT, allocation=allocation)
    contribution = ledger.account_for(ACCOUNT.MANAGEMENT_CONTRIBUTION, allocation=allocation)
    if commitment.balance == ZERO and contribution.balance == ZERO:
        return
    commitment_post(
        allocation=allocation,
        amount=-commitment.balance,
        contribution=-contribution.balance,
        actor=actor,
        memo=memo,
        kind=Transaction.Kind.DECOMMITMENT,
        key=f"allocation:{allocation.pk}:decommit",
    )


def allocation_withdraw(*, allocation_id: int, actor, reason: str) -> Allocation:
    """Withdraw a proposal that was never approved: nothing is committed, so one officer may
    (the proposer changing their mind, or another officer turning it down). Once approved, the
    money is committed, and withdrawing it is an amendment a second officer approves
    (amendments.py, kind "withdrawal")."""
    require_officer(actor, to="withdraw an allocation")
    if not reason.strip():
        raise DomainError("Say why the allocation is being withdrawn.", field="reason")
    with transaction.atomic():
        allocation = Allocation.objects.select_for_update().get(pk=allocation_id)
        if allocation.status in Allocation.COMMITTED_STATUSES:
            raise DomainError(
                "Money is committed to this allocation, so a second officer must agree to "
                "withdraw it: propose the withdrawal, and a different officer approves it."
            )
        withdrawal_apply(allocation=allocation, actor=actor, reason=reason)
    return allocation


def withdrawal_apply(*, allocation: Allocation, actor, reason: str) -> None:
    """Stop an allocation: the one writer of a withdrawal. Its unreleased tranches are
    cancelled, and so are released tranches not yet paid (each release reversed in the ledger,
    so the payment batch no longer offers them); what is committed and unreleased goes back to
    uncommitted funds. Money already paid is the LTO's to repay: record it with
    returns.money_return_record. The caller holds the allocation's lock and has applied four
    eyes where money is committed (allocation_withdraw, amendment_approve)."""
    from .disbursement import releases_cancel_unpaid

    was_committed = allocation.status in Allocation.COMMITTED_STATUSES
    allocation_transition(allocation, Allocation.Status.WITHDRAWN)
    tranches_cancel_open(allocation=allocation, actor=actor, why="Allocation withdrawn")
    releases_cancel_unpaid(allocation=allocation, actor=actor, why="Allocation withdrawn.")
    if was_committed:
        # Read after the tranche locks: a release that was running has committed by now.
        decommit_remaining(
            allocation=allocation,
            actor=actor,
            memo=f"Allocation to {allocation.partnership} withdrawn: {reason.strip()}",
        )
    allocation.withdrawn_by = actor
    allocation.withdrawn_at = timezone.now()
    allocation.withdrawal_reason = reason.strip()
    allocation.save(update_fields=["status", "withdrawn_by", "withdrawn_at", "withdrawal_reason"])
