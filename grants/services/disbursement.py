"""Releasing due tranches, exactly once, by one path: `tranches_release_batch`.

The daily beat task calls `tranches_release_due`, which finds the due rows with one query and
releases them in batches of short database transactions (BATCH_SIZE tranches each, in a fixed
number of queries per batch), falling back to a batch of one per tranche (`tranche_release`) for a
batch that meets any refusal, so one bad tranche holds up no other. Three guards, any one of which
is enough on its own to stop a double release:

1. the row lock: `select_for_update(skip_locked=True)` on PostgreSQL, so a second worker skips a
   tranche the first is releasing (on SQLite the IMMEDIATE transaction serialises them);
2. the status re-check under the lock (`_still_due`): a tranche that is no longer scheduled, not
   yet due, of an allocation that is not releasable or awaiting a change of LTO is left alone, so
   a run repeated after a commit changes nothing;
3. the database: one Release per tranche (a unique one-to-one) and one ledger posting per release
   (the unique idempotency key `tranche:<pk>:release`).

A worker killed mid-run loses only the transaction it was in; the tranche is still scheduled and
due, so the next beat releases it."""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Sequence
from datetime import date

from auditlog.cid import get_cid
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

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
from .releasing import Outcome, release_in_batches, release_one_as_batch
from .restricted_money import restricted_releases_release_due
from .tranches import tranche_label, tranche_transition

ACCOUNT = Account.Kind
RELEASABLE_ALLOCATIONS = (Allocation.Status.ACTIVE, Allocation.Status.CLOSING)
BATCH_SIZE = 100


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


def _still_due(tranches: Sequence[Tranche], *, today: date) -> list[Tranche]:
    """The due check, under the row locks: scheduled, due, of a releasable allocation, and no
    change of LTO awaiting its second officer."""
    blocked = lto_change_pending({t.allocation_id for t in tranches})
    return [
        t
        for t in tranches
        if t.status == Tranche.Status.SCHEDULED
        and t.due_on <= today
        and t.allocation.status in RELEASABLE_ALLOCATIONS
        and t.allocation_id not in blocked
    ]


def releases_post(
    *, due: Sequence[tuple[Tranche, FundingAgreement]], today: date, actor=None
) -> list[Release]:
    """The ledger postings and the Release rows, paying each tranche's agreement's LTO. Callers
    hold the tranche locks and have checked them (`_still_due`); the unique constraints make a
    second release fail even if they had not."""
    accounts = ledger.accounts_for_allocations(
        kinds=[ACCOUNT.PAYABLE, ACCOUNT.COMMITMENT, ACCOUNT.MANAGEMENT_CONTRIBUTION],
        allocations=[tranche.allocation for tranche, _ in due],
    )

    def line(kind: str, tranche: Tranche, amount):
        return accounts[ledger.account_key(kind, allocation_id=tranche.allocation_id)], amount

    txns = ledger.ledger_post_batch(
        postings=[
            ledger.Posting(
                lines=ledger.lines(
                    line(ACCOUNT.PAYABLE, t, t.total),
                    line(ACCOUNT.COMMITMENT, t, -t.amount),
                    line(ACCOUNT.MANAGEMENT_CONTRIBUTION, t, -t.management_contribution),
                ),
                memo=f"{tranche_label(t)} released to {agreement.lto}",
                kind=Transaction.Kind.RELEASE,
                actor=actor,
                effective_on=today,
                allocation=t.allocation,
                tranche=t,
                idempotency_key=f"tranche:{t.pk}:release",
            )
            for t, agreement in due
        ]
    )
    return Release.objects.bulk_create(
        Release(
            tranche=t,
            transaction=txn,
            lto=agreement.lto,
            payment_reference=payment_reference(t),
            released_on=today,
            released_by=actor,
        )
        for (t, agreement), txn in zip(due, txns, strict=True)
    )


def release_post(*, tranche: Tranche, agreement: FundingAgreement, today: date, actor) -> Release:
    """One tranche's postings and Release row (`releases_post` for one), with no guard of its
    own: for the tests that prove the database refuses a second release by itself."""
    return releases_post(due=[(tranche, agreement)], today=today, actor=actor)[0]


def _audit(releases: list[Release], released: list[Tranche], before: dict, actor) -> None:
    """The audit entries django-auditlog would write for each release (the Release created, the
    tranche's status changed), written in one query for the batch: bulk writes send no signals."""
    cid = get_cid()
    release_type = ContentType.objects.get_for_model(Release)
    tranche_type = ContentType.objects.get_for_model(Tranche)
    entries = [
        LogEntry(
            content_type=release_type,
            object_pk=str(release.pk),
            object_id=release.pk,
            object_repr=str(release),
            action=LogEntry.Action.CREATE,
            changes=model_instance_diff(None, release, use_json_for_changes=True),
            actor=actor,
            cid=cid,
        )
        for release in releases
    ] + [
        LogEntry(
            content_type=tranche_type,
            object_pk=str(tranche.pk),
            object_id=tranche.pk,
            object_repr=str(tranche),
            action=LogEntry.Action.UPDATE,
            changes=model_instance_diff(
                before[tranche.pk], tranche, ["status"], use_json_for_changes=True
            ),
            actor=actor,
            cid=cid,
        )
        for tranche in released
    ]
    LogEntry.objects.bulk_create(entries)


def tranches_release_batch(*, tranche_ids: list[int], today: date, actor=None) -> Counter:
    """Release these tranches in one database transaction: the one writer of a release. Raises
    (writing nothing) on any refusal; `tranches_release_due` then releases them one at a time."""
    outcomes: Counter = Counter()
    with transaction.atomic():
        # Locking policy, step 2: tranche rows in ascending primary key. skip_locked: a row
        # another worker holds is being released; waiting would only re-check a tranche that
        # is no longer due.
        tranches = list(
            Tranche.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("allocation__funding_agreement__lto", "allocation__partnership")
            .filter(pk__in=tranche_ids)
            .order_by("pk")
        )
        outcomes[Outcome.LOCKED_ELSEWHERE] += len(tranche_ids) - len(tranches)
        due = _still_due(tranches, today=today)
        outcomes[Outcome.NOT_DUE] += len(tranches) - len(due)
        if not due:
            return +outcomes
        releases = releases_post(
            due=[(t, t.allocation.funding_agreement) for t in due], today=today, actor=actor
        )
        before = {t.pk: copy.copy(t) for t in due}
        for t in due:
            tranche_transition(t, Tranche.Status.RELEASED)
        Tranche.objects.filter(pk__in=[t.pk for t in due]).update(status=Tranche.Status.RELEASED)
        _audit(releases, due, before, actor)
        releases_notify(releases=releases)  # the e-mails, written with the releases
    outcomes[Outcome.RELEASED] += len(due)
    return +outcomes


def tranche_release(*, tranche_id: int, today: date | None = None, actor=None) -> Outcome:
    """Release one due tranche: a batch of one. Safe to call any number of times, from any
    number of workers at once: it releases the tranche at most once."""
    today = today or timezone.localdate()
    return release_one_as_batch(
        release_batch=lambda ids: tranches_release_batch(tranche_ids=ids, today=today, actor=actor),
        row_id=tranche_id,
        what="tranche",
    )


def tranches_release_due(*, today: date | None = None) -> Counter:
    """Release every due, unheld tranche of an active (or closing) allocation, in batches of
    short database transactions. A batch that meets any refusal is released again one tranche
    per transaction, so one failure (logged) never holds up the others."""
    today = today or timezone.localdate()
    outcomes = release_in_batches(
        ids=due_tranche_ids(today=today),
        release_batch=lambda ids: tranches_release_batch(tranche_ids=ids, today=today),
        release_one=lambda tranche_id: tranche_release(tranche_id=tranche_id, today=today),
        what="tranche",
        batch_size=BATCH_SIZE,
    )
    # Then restricted money (co-investment): on its own date, or with the tranche it rides on,
    # released just above. A different event with the same guards (`releasing`).
    for outcome, count in restricted_releases_release_due(today=today).items():
        outcomes[f"restricted {outcome.replace('_', ' ')}"] += count
    return outcomes
