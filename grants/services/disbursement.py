"""Releasing due tranches, exactly once.

The daily beat task calls `tranches_release_due`, which finds the due rows with one query and
releases them in batches of short database transactions (`release_batch`), falling back to one
transaction per tranche (`tranche_release`) for a batch that meets any refusal. Three guards,
any one of which is enough on its own to stop a double release, hold on both paths:

1. the row lock: `select_for_update(skip_locked=True)` on PostgreSQL, so a second worker skips a
   tranche the first is releasing (on SQLite the IMMEDIATE transaction serialises them);
2. the status re-check under the lock: a tranche that is no longer scheduled, or not yet due, is
   left alone, so a run repeated after a commit changes nothing;
3. the database: one Release per tranche (a unique one-to-one) and one ledger posting per release
   (the unique idempotency key `tranche:<pk>:release`).

A worker killed mid-run loses only the transaction it was in; the tranche is still scheduled and
due, so the next beat releases it."""

from __future__ import annotations

import enum
import logging
from collections import Counter
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from cwf.core.errors import DomainError

from ..models import (
    Account,
    Allocation,
    AllocationAmendment,
    FundingAgreement,
    Release,
    Tranche,
    Transaction,
)
from . import ledger
from .notifications import releases_notify
from .tranches import tranche_label, tranche_transition

logger = logging.getLogger(__name__)
ACCOUNT = Account.Kind
RELEASABLE_ALLOCATIONS = (Allocation.Status.ACTIVE, Allocation.Status.CLOSING)


class Outcome(enum.StrEnum):
    RELEASED = "released"
    # Another worker holds the row lock: it is releasing this tranche right now.
    LOCKED_ELSEWHERE = "locked_elsewhere"
    # Under the lock the tranche is no longer scheduled and due (released already, held, ...).
    NOT_DUE = "not_due"
    # The unique constraints refused a second release. Only reachable if the lock and the status
    # check were both bypassed; the tests count it, so a weakened guard shows.
    DUPLICATE_REFUSED = "duplicate_refused"
    FAILED = "failed"


def payment_reference(tranche: Tranche) -> str:
    """Unique by construction: (allocation, sequence) is unique. Short enough for BACS (18)."""
    return f"CWF-{tranche.allocation_id:05d}-{tranche.sequence:03d}"


def lto_change_pending(allocation_ids) -> set[int]:
    """Allocations whose change of LTO awaits its second officer: nothing is released or paid
    for them until it is decided, so no money goes to an LTO that is on its way out."""
    return set(
        AllocationAmendment.objects.filter(
            allocation_id__in=allocation_ids,
            kind=AllocationAmendment.Kind.LTO_CHANGE,
            status=AllocationAmendment.Status.PROPOSED,
        ).values_list("allocation_id", flat=True)
    )


def releases_cancel_unpaid(*, allocation: Allocation, actor, why: str) -> list[Tranche]:
    """Cancel the allocation's released, unpaid tranches: each release is reversed in the ledger
    (payable back to the commitment), so it leaves the payment batch and is never paid. The
    caller holds the allocation's lock (withdrawal, change of LTO)."""
    # Locking policy, step 2: the tranches in ascending pk.
    tranches = list(
        Tranche.objects.select_for_update(of=("self",))
        .select_related("release")
        .filter(allocation=allocation, status=Tranche.Status.RELEASED)
        .order_by("pk")
    )
    now = timezone.now()
    for tranche in tranches:
        ledger.ledger_reverse(
            transaction_id=tranche.release.transaction_id,
            actor=actor,
            memo=f"{tranche_label(tranche)}: release to {tranche.release.lto} cancelled "
            f"before payment. {why}",
        )
        tranche_transition(tranche, Tranche.Status.CANCELLED)
        tranche.cancelled_at = now
        tranche.save(update_fields=["status", "cancelled_at"])
    return tranches


def due_tranche_ids(*, today: date) -> list[int]:
    pending = AllocationAmendment.objects.filter(
        allocation=OuterRef("allocation"),
        kind=AllocationAmendment.Kind.LTO_CHANGE,
        status=AllocationAmendment.Status.PROPOSED,
    )
    return list(
        Tranche.objects.filter(
            ~Exists(pending),
            status=Tranche.Status.SCHEDULED,
            due_on__lte=today,
            allocation__status__in=RELEASABLE_ALLOCATIONS,
        )
        .order_by("due_on", "pk")
        .values_list("pk", flat=True)
    )


def release_post(*, tranche: Tranche, agreement: FundingAgreement, today: date, actor) -> Release:
    """The ledger posting and the Release row. Callers hold the tranche lock and have checked
    its status; the unique constraints make a second call fail even if they had not."""
    allocation = tranche.allocation
    txn = ledger.ledger_post(
        lines=ledger.lines(
            (ledger.account_for(ACCOUNT.PAYABLE, allocation=allocation), tranche.total),
            (ledger.account_for(ACCOUNT.COMMITMENT, allocation=allocation), -tranche.amount),
            (
                ledger.account_for(ACCOUNT.MANAGEMENT_CONTRIBUTION, allocation=allocation),
                -tranche.management_contribution,
            ),
        ),
        memo=f"{tranche_label(tranche)} released to {agreement.lto}",
        kind=Transaction.Kind.RELEASE,
        actor=actor,
        effective_on=today,
        allocation=allocation,
        tranche=tranche,
        idempotency_key=f"tranche:{tranche.pk}:release",
    )
    return Release.objects.create(
        tranche=tranche,
        transaction=txn,
        lto=agreement.lto,
        payment_reference=payment_reference(tranche),
        released_on=today,
        released_by=actor,
    )


def tranche_release(*, tranche_id: int, today: date | None = None, actor=None) -> Outcome:
    """Release one due tranche, in one database transaction. Safe to call any number of times,
    from any number of workers at once: it releases the tranche at most once."""
    today = today or timezone.localdate()
    with transaction.atomic():
        # Locking policy, step 2. skip_locked: if another worker has this row it is releasing
        # it; waiting would only make us re-check a tranche that is no longer due.
        tranche = (
            Tranche.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("allocation__funding_agreement__lto", "allocation__partnership")
            .filter(pk=tranche_id)
            .first()
        )
        if tranche is None:
            return Outcome.LOCKED_ELSEWHERE
        allocation = tranche.allocation
        if (
            tranche.status != Tranche.Status.SCHEDULED
            or tranche.due_on > today
            or allocation.status not in RELEASABLE_ALLOCATIONS
            or lto_change_pending([allocation.pk])
        ):
            return Outcome.NOT_DUE
        try:
            with transaction.atomic():
                release = release_post(
                    tranche=tranche,
                    agreement=allocation.funding_agreement,
                    today=today,
                    actor=actor,
                )
        except (ledger.DuplicatePostingError, IntegrityError):
            logger.warning("Tranche %s: a second release was refused by the database.", tranche_id)
            return Outcome.DUPLICATE_REFUSED
        tranche_transition(tranche, Tranche.Status.RELEASED)
        tranche.save(update_fields=["status"])
        releases_notify(releases=[release])  # the e-mails, written with the release
    return Outcome.RELEASED


def tranches_release_due(*, today: date | None = None) -> Counter:
    """Release every due, unheld tranche of an active (or closing) allocation, in batches of
    short database transactions (grants/services/release_batch.py). A batch that meets any
    refusal is released again one tranche per transaction, so one failure (logged) never holds
    up the others."""
    from .release_batch import BATCH_SIZE, tranches_release_batch

    today = today or timezone.localdate()
    outcomes: Counter = Counter()
    due = due_tranche_ids(today=today)
    for first in range(0, len(due), BATCH_SIZE):
        batch = due[first : first + BATCH_SIZE]
        try:
            outcomes += tranches_release_batch(
                tranche_ids=batch, today=today, releasable=RELEASABLE_ALLOCATIONS
            )
            continue
        except (DomainError, IntegrityError) as exc:
            logger.warning("A release batch was refused (%s): releasing one at a time.", exc)
        for tranche_id in batch:
            try:
                outcomes[tranche_release(tranche_id=tranche_id, today=today)] += 1
            except DomainError as exc:
                logger.error("Tranche %s was not released: %s", tranche_id, exc.message)
                outcomes[Outcome.FAILED] += 1
    # Then restricted money (co-investment): on its own date, or with the tranche it rides on,
    # released just above. Same guards: row lock, status re-check, a unique idempotency key.
    from .restricted_money import restricted_releases_release_due

    for outcome, count in restricted_releases_release_due(today=today).items():
        outcomes[f"restricted {outcome.replace('_', ' ')}"] += count
    return outcomes
