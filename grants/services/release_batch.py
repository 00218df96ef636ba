"""Releasing due tranches in batches: the same three guards as `tranche_release`, in a fixed
number of queries per batch instead of about twenty per tranche (docs/performance.md).

1. the row locks: `select_for_update(skip_locked=True)`, so a tranche another worker is
   releasing is skipped, exactly as one at a time;
2. the status re-check under the locks: only tranches still scheduled, due and of a releasable
   allocation are released;
3. the database: one Release per tranche and one posting per idempotency key. A batch that
   meets any refusal (a duplicate, a balance that would cross zero) writes nothing, and the
   caller releases that batch's tranches one at a time, so one bad tranche holds up no other.

A batch is one short database transaction (BATCH_SIZE tranches), never the whole run."""

from __future__ import annotations

import copy
from collections import Counter
from datetime import date

from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from ..models import Account, Release, Tranche, Transaction
from . import ledger
from .notifications import releases_notify
from .tranches import tranche_label, tranche_transition

BATCH_SIZE = 100
ACCOUNT = Account.Kind


def _audit(created: list[Release], released: list[Tranche], before: dict[int, Tranche]) -> None:
    """The audit entries django-auditlog writes for one release (the Release created, the
    tranche's status changed), written in one query for the batch."""
    from auditlog.cid import get_cid

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
            cid=cid,
        )
        for release in created
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
            cid=cid,
        )
        for tranche in released
    ]
    LogEntry.objects.bulk_create(entries)


def tranches_release_batch(*, tranche_ids: list[int], today: date, releasable) -> Counter:
    """Release these tranches in one database transaction. Raises (writing nothing) on any
    refusal; the caller then releases them one at a time."""
    from .disbursement import Outcome, payment_reference

    outcomes: Counter = Counter()
    with transaction.atomic():
        # Locking policy, step 2: tranche rows in ascending primary key.
        tranches = list(
            Tranche.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("allocation__funding_agreement__lto", "allocation__partnership")
            .filter(pk__in=tranche_ids)
            .order_by("pk")
        )
        outcomes[Outcome.LOCKED_ELSEWHERE] += len(tranche_ids) - len(tranches)
        due = [
            t
            for t in tranches
            if t.status == Tranche.Status.SCHEDULED
            and t.due_on <= today
            and t.allocation.status in releasable
        ]
        outcomes[Outcome.NOT_DUE] += len(tranches) - len(due)
        if not due:
            return +outcomes
        accounts = ledger.accounts_for_allocations(
            kinds=[ACCOUNT.PAYABLE, ACCOUNT.COMMITMENT, ACCOUNT.MANAGEMENT_CONTRIBUTION],
            allocations=[t.allocation for t in due],
        )

        def line(kind: str, tranche: Tranche, amount):
            return accounts[f"{kind}:allocation:{tranche.allocation_id}"], amount

        txns = ledger.ledger_post_batch(
            postings=[
                ledger.Posting(
                    lines=ledger.lines(
                        line(ACCOUNT.PAYABLE, t, t.total),
                        line(ACCOUNT.COMMITMENT, t, -t.amount),
                        line(ACCOUNT.MANAGEMENT_CONTRIBUTION, t, -t.management_contribution),
                    ),
                    memo=f"{tranche_label(t)} released to {t.allocation.funding_agreement.lto}",
                    kind=Transaction.Kind.RELEASE,
                    effective_on=today,
                    allocation=t.allocation,
                    tranche=t,
                    idempotency_key=f"tranche:{t.pk}:release",
                )
                for t in due
            ]
        )
        releases = Release.objects.bulk_create(
            Release(
                tranche=t,
                transaction=txn,
                lto=t.allocation.funding_agreement.lto,
                payment_reference=payment_reference(t),
                released_on=today,
            )
            for t, txn in zip(due, txns, strict=True)
        )
        before = {t.pk: copy.copy(t) for t in due}
        for t in due:
            tranche_transition(t, Tranche.Status.RELEASED)
        Tranche.objects.filter(pk__in=[t.pk for t in due]).update(status=Tranche.Status.RELEASED)
        _audit(releases, due, before)
        releases_notify(releases=releases)  # the e-mails, written with the releases
    outcomes[Outcome.RELEASED] += len(due)
    return +outcomes
