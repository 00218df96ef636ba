"""Restricted money to a partnership (issue 18): scheduled on its own date or with one of the
partnership's tranches, released by the daily release run (`tranches_release_due` calls
`restricted_releases_release_due`), then marked paid. Each step posts once (row lock, status
re-check, unique idempotency key), and only to a partnership the pledge's restriction names.

A restricted release is its own event, not a tranche's release: a co-funder's held money becomes
payable for a partnership, with its own rows and accounts and the restriction as its guard (no
`Release`, no LTO payment reference, no e-mail). Its one writer is
`restricted_releases_release_batch`; what it shares with a tranche's release (the outcomes, the
due run and its fallback, a payment batch's checks) is `releasing`, written once.

Locking: the pledge row, then restricted release rows in ascending pk, then ledger accounts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from cwf.accounts.permissions import require_officer
from cwf.core.dates import display_date
from cwf.core.errors import DomainError
from cwf.core.money import format_gbp, money, pence
from cwf.core.transitions import check_transition

from ..models import Account, Pledge, RestrictedRelease, Tranche, Transaction
from ..selectors.coinvestment import pledge_partnerships
from . import ledger
from .coinvestment import pledge_locked, pledge_received
from .releasing import (
    Outcome,
    payment_batch_checked,
    payment_rows_locked,
    release_in_batches,
    release_one_as_batch,
)

ACCOUNT = Account.Kind
BATCH_SIZE = 100


def restricted_release_transition(release: RestrictedRelease, target: str) -> None:
    check_transition(
        current=release.status,
        target=target,
        allowed=RestrictedRelease.TRANSITIONS,
        what="restricted release",
    )
    release.status = target


# --- Restricted money to a partnership ----------------------------------------------------------
def pledge_unscheduled(pledge: Pledge) -> Decimal:
    """Received restricted money not yet promised to a release (scheduled, released or paid)."""
    promised = pence(
        pledge.releases.exclude(status=RestrictedRelease.Status.CANCELLED).aggregate(
            total=Sum("amount")
        )["total"]
    )
    return pledge_received(pledge) - promised


def check_within_restriction(*, pledge: Pledge, partnership_id: int) -> None:
    """The guarantee that restricted money pays only for what its restriction names."""
    if not pledge_partnerships(pledge).filter(pk=partnership_id).exists():
        raise DomainError(
            f"This money is restricted to {pledge.restriction_label}: it cannot pay for this "
            f"partnership.",
            field="partnership",
        )


def restricted_release_schedule(
    *,
    pledge_id: int,
    actor,
    partnership_id: int,
    amount,
    due_on: date | None = None,
    tranche_id: int | None = None,
) -> RestrictedRelease:
    """Schedule received restricted money for a partnership its restriction names: on its own
    date, or with one of the partnership's scheduled tranches (released when it is)."""
    require_officer(actor, to="schedule restricted money")
    amount = money(amount, field="amount")
    with transaction.atomic():
        pledge = pledge_locked(pledge_id)
        if not partnership_id:
            raise DomainError("Choose the partnership.", field="partnership")
        check_within_restriction(pledge=pledge, partnership_id=partnership_id)
        tranche = None
        if tranche_id:
            tranche = (
                Tranche.objects.select_related("allocation")
                .filter(pk=tranche_id, allocation__partnership_id=partnership_id)
                .first()
            )
            if tranche is None or tranche.status != Tranche.Status.SCHEDULED:
                raise DomainError(
                    "Choose a scheduled tranche of this partnership's allocation.",
                    field="tranche",
                )
            due_on = tranche.due_on
        if due_on is None:
            raise DomainError("Enter the day to release it, or choose a tranche.", field="due_on")
        available = pledge_unscheduled(pledge)
        if amount > available:
            raise DomainError(
                f"{format_gbp(available)} of this pledge's money has been received and not yet "
                f"scheduled: {format_gbp(amount)} is more than that.",
                field="amount",
            )
        return RestrictedRelease.objects.create(
            pledge=pledge,
            partnership_id=partnership_id,
            amount=amount,
            due_on=due_on,
            tranche=tranche,
            created_by=actor,
        )


def _still_due(releases: list[RestrictedRelease], *, today: date) -> list[RestrictedRelease]:
    """The due check, under the row locks: scheduled, and due on its own date or with its
    tranche released."""
    return [
        r
        for r in releases
        if r.status == RestrictedRelease.Status.SCHEDULED
        and (
            r.tranche.status in Tranche.RELEASED_STATUSES
            if r.tranche_id is not None
            else r.due_on <= today
        )
    ]


def restricted_releases_release_batch(
    *, release_ids: list[int], today: date, actor=None
) -> Counter:
    """Release these restricted releases in one database transaction, restricted_held ->
    restricted_payable for each one's partnership: the one writer of a restricted release. Raises
    (writing nothing) on any refusal; the due run then releases them one at a time."""
    outcomes: Counter = Counter()
    with transaction.atomic():
        # The release rows in ascending pk; skip_locked: another worker is releasing that one.
        releases = list(
            RestrictedRelease.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("pledge__co_funder", "partnership", "tranche")
            .filter(pk__in=release_ids)
            .order_by("pk")
        )
        outcomes[Outcome.LOCKED_ELSEWHERE] += len(release_ids) - len(releases)
        due = _still_due(releases, today=today)
        outcomes[Outcome.NOT_DUE] += len(releases) - len(due)
        if not due:
            return +outcomes
        for release in due:
            # Checked again at the moment the money moves: the restriction is the guarantee.
            check_within_restriction(pledge=release.pledge, partnership_id=release.partnership_id)
        txns = ledger.ledger_post_batch(
            postings=[_release_posting(release, today=today, actor=actor) for release in due]
        )
        for release, txn in zip(due, txns, strict=True):
            restricted_release_transition(release, RestrictedRelease.Status.RELEASED)
            release.release_transaction, release.released_on = txn, today
            release.save(update_fields=["status", "release_transaction", "released_on"])
    outcomes[Outcome.RELEASED] += len(due)
    return +outcomes


def _release_posting(release: RestrictedRelease, *, today: date, actor) -> ledger.Posting:
    pledge = release.pledge
    return ledger.Posting(
        lines=ledger.lines(
            (
                ledger.account_for(
                    ACCOUNT.RESTRICTED_PAYABLE, pledge=pledge, partnership=release.partnership
                ),
                release.amount,
            ),
            (ledger.account_for(ACCOUNT.RESTRICTED_HELD, pledge=pledge), -release.amount),
        ),
        memo=f"{pledge.co_funder}'s restricted money released to {release.partnership}",
        kind=Transaction.Kind.RESTRICTED_RELEASE,
        actor=actor,
        effective_on=today,
        idempotency_key=f"restricted:{release.pk}:release",
    )


def restricted_release(*, release_id: int, today: date | None = None, actor=None) -> Outcome:
    """Release one restricted release: a batch of one. At most once, whoever calls it how
    often: the row lock, a status re-check, and the posting's unique idempotency key."""
    today = today or timezone.localdate()
    return release_one_as_batch(
        release_batch=lambda ids: restricted_releases_release_batch(
            release_ids=ids, today=today, actor=actor
        ),
        row_id=release_id,
        what="restricted release",
    )


def restricted_releases_release_due(*, today: date | None = None) -> Counter:
    """The daily release run's second part (`tranches_release_due` calls it after the
    tranches): every scheduled restricted release that is due, or whose tranche was released,
    in batches, one at a time after a refusal (`releasing.release_in_batches`)."""
    today = today or timezone.localdate()
    ids = list(
        RestrictedRelease.objects.filter(status=RestrictedRelease.Status.SCHEDULED)
        .filter(
            Q(tranche__status__in=Tranche.RELEASED_STATUSES)
            | Q(tranche__isnull=True, due_on__lte=today)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return release_in_batches(
        ids=ids,
        release_batch=lambda batch: restricted_releases_release_batch(
            release_ids=batch, today=today
        ),
        release_one=lambda release_id: restricted_release(release_id=release_id, today=today),
        what="restricted release",
        batch_size=BATCH_SIZE,
    )


def restricted_releases_mark_paid(
    *, release_ids: Iterable[int], actor, bank_reference: str, paid_on: date
) -> list[RestrictedRelease]:
    """Mark released restricted money paid to the partnership's LTO, all or none:
    restricted_payable -> restricted_paid, once per release."""
    require_officer(actor, to="mark restricted money paid")
    ids, bank_reference = payment_batch_checked(
        ids=release_ids, bank_reference=bank_reference, paid_on=paid_on, what="releases"
    )
    with transaction.atomic():
        releases = payment_rows_locked(
            RestrictedRelease.objects.select_related("pledge__co_funder", "partnership"),
            ids,
            what="releases",
        )
        refusals = [
            f"{r} is {r.get_status_display().lower()}."
            for r in releases
            if r.status != RestrictedRelease.Status.RELEASED
        ] + [
            f"{r} was released on {display_date(r.released_on)}, after {display_date(paid_on)}."
            for r in releases
            if r.status == RestrictedRelease.Status.RELEASED and r.released_on > paid_on
        ]
        if refusals:
            raise DomainError("Nothing was marked paid. " + " ".join(refusals), field="releases")
        accounts = {
            r.pk: (
                ledger.account_for(
                    ACCOUNT.RESTRICTED_PAID, pledge=r.pledge, partnership=r.partnership
                ),
                ledger.account_for(
                    ACCOUNT.RESTRICTED_PAYABLE, pledge=r.pledge, partnership=r.partnership
                ),
            )
            for r in releases
        }
        ledger.lock_accounts(a for pair in accounts.values() for a in pair)
        for release in releases:
            paid, payable = accounts[release.pk]
            release.payment_transaction = ledger.ledger_post(
                lines=[ledger.Line(paid, release.amount), ledger.Line(payable, -release.amount)],
                memo=f"{release.pledge.co_funder}'s restricted money paid for "
                f"{release.partnership}, bank reference {bank_reference}",
                kind=Transaction.Kind.RESTRICTED_PAYMENT,
                actor=actor,
                effective_on=paid_on,
                idempotency_key=f"restricted:{release.pk}:payment",
            )
            restricted_release_transition(release, RestrictedRelease.Status.PAID)
            release.paid_on, release.paid_by = paid_on, actor
            release.bank_reference = bank_reference
            release.save(
                update_fields=[
                    "status",
                    "payment_transaction",
                    "paid_on",
                    "bank_reference",
                    "paid_by",
                ]
            )
    return releases


def restricted_release_cancel(*, release_id: int, actor) -> RestrictedRelease:
    """Cancel a scheduled restricted release (nothing has moved in the ledger yet)."""
    require_officer(actor, to="cancel restricted money's release")
    with transaction.atomic():
        release = RestrictedRelease.objects.select_for_update().filter(pk=release_id).first()
        if release is None:
            raise DomainError("Choose a release.", field="release")
        restricted_release_transition(release, RestrictedRelease.Status.CANCELLED)
        release.save(update_fields=["status"])
    return release
