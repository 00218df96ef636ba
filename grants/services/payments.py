"""After release: the finance system pays the batch, an officer marks the tranches paid, and the
LTO's finance user confirms the money arrived."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from cwf.accounts import permissions
from cwf.accounts.permissions import require_officer
from cwf.core.dates import display_date
from cwf.core.errors import DomainError, ScopeError

from ..models import Account, Release, Tranche, Transaction
from . import ledger
from .disbursement import lto_change_pending
from .releasing import payment_batch_checked, payment_rows_locked
from .tranches import tranche_transition

ACCOUNT = Account.Kind


def _refusal(tranche: Tranche) -> str | None:
    if tranche.status == Tranche.Status.RELEASED:
        return None
    reference = getattr(getattr(tranche, "release", None), "payment_reference", "")
    name = reference or f"Tranche {tranche.number} of allocation {tranche.allocation_id}"
    if tranche.status == Tranche.Status.PAID:
        return f"{name} was marked paid on {display_date(tranche.paid_on)}."
    return f"{name} is {tranche.get_status_display().lower()}: only a released tranche can be paid."


def tranches_mark_paid(
    *, tranche_ids: Iterable[int], actor, bank_reference: str, paid_on: date
) -> list[Tranche]:
    """Mark a batch of released tranches paid, all or none. Every tranche's status is checked
    here, under its lock: a held, cancelled, scheduled or already-paid tranche refuses the batch,
    with the reasons, and nothing is written."""
    require_officer(actor, to="mark tranches paid")
    ids, bank_reference = payment_batch_checked(
        ids=tranche_ids, bank_reference=bank_reference, paid_on=paid_on, what="tranches"
    )
    with transaction.atomic():
        # Locking policy, step 2: the tranches, in ascending pk.
        tranches = payment_rows_locked(
            Tranche.objects.select_related("release__lto", "allocation"), ids, what="tranches"
        )
        refusals = [reason for t in tranches if (reason := _refusal(t))]
        blocked = lto_change_pending({t.allocation_id for t in tranches})
        refusals += [
            f"{t.release.payment_reference}: a change of LTO for this allocation is awaiting "
            f"approval; it is paid once the change is decided."
            for t in tranches
            if t.allocation_id in blocked
        ]
        refusals += [
            f"{t.release.payment_reference} was released on {display_date(t.release.released_on)}, "
            f"after {display_date(paid_on)}."
            for t in tranches
            if not refusals and t.release.released_on > paid_on
        ]
        if refusals:
            raise DomainError("Nothing was marked paid. " + " ".join(refusals), field="tranches")
        # Step 3 for a batch: every account the batch posts to, locked once, in ascending pk.
        accounts = {
            t.pk: (
                ledger.account_for(ACCOUNT.PAID, lto=t.release.lto),
                ledger.account_for(ACCOUNT.PAYABLE, allocation=t.allocation),
            )
            for t in tranches
        }
        ledger.lock_accounts(a for pair in accounts.values() for a in pair)
        for tranche in tranches:
            _pay(tranche, accounts[tranche.pk], actor, bank_reference, paid_on)
    return tranches


def _pay(tranche: Tranche, accounts, actor, bank_reference: str, paid_on: date) -> None:
    paid, payable = accounts
    release: Release = tranche.release
    release.payment_transaction = ledger.ledger_post(
        lines=[ledger.Line(paid, tranche.total), ledger.Line(payable, -tranche.total)],
        memo=f"{release.payment_reference} paid to {release.lto}, bank reference {bank_reference}",
        kind=Transaction.Kind.PAYMENT,
        actor=actor,
        effective_on=paid_on,
        allocation=tranche.allocation,
        tranche=tranche,
        idempotency_key=f"tranche:{tranche.pk}:payment",
    )
    release.save(update_fields=["payment_transaction"])
    tranche_transition(tranche, Tranche.Status.PAID)
    tranche.paid_on, tranche.bank_reference = paid_on, bank_reference
    tranche.paid_by, tranche.paid_recorded_at = actor, timezone.now()
    tranche.save(
        update_fields=["status", "paid_on", "bank_reference", "paid_by", "paid_recorded_at"]
    )


def tranche_confirm_receipt(*, tranche_id: int, actor) -> Tranche:
    """The LTO's finance user says the money arrived. Only LTO finance of the partnership can."""
    with transaction.atomic():
        tranche = (
            Tranche.objects.select_for_update(of=("self",))
            .select_related("allocation")
            .get(pk=tranche_id)
        )
        finance_of = permissions.partnership_ids(actor, [permissions.Role.LTO_FINANCE])
        if tranche.allocation.partnership_id not in finance_of:
            raise ScopeError("Only the LTO's finance contact can confirm that money arrived.")
        if tranche.status != Tranche.Status.PAID:
            raise DomainError(
                f"This tranche is {tranche.get_status_display().lower()}: receipt can be "
                f"confirmed once it has been paid."
            )
        if tranche.receipt_confirmed_at:
            raise DomainError(
                f"Receipt was confirmed already, on "
                f"{display_date(timezone.localdate(tranche.receipt_confirmed_at))}."
            )
        tranche.receipt_confirmed_by, tranche.receipt_confirmed_at = actor, timezone.now()
        tranche.save(update_fields=["receipt_confirmed_by", "receipt_confirmed_at"])
    return tranche
