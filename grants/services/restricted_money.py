"""Restricted money to a partnership (issue 18): scheduled on its own date or with one of the
partnership's tranches, released by the daily release run (`tranches_release_due` calls
`restricted_releases_release_due`), then marked paid. Each step posts once (row lock, status
re-check, unique idempotency key), and only to a partnership the pledge's restriction names.

Locking: the pledge row, then restricted release rows in ascending pk, then ledger accounts."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from cwf.core.errors import DomainError
from cwf.core.money import format_gbp, money
from cwf.core.transitions import check_transition

from ..models import Account, Pledge, RestrictedRelease, Tranche, Transaction
from ..selectors.coinvestment import pledge_partnerships
from ..sums import pence
from . import ledger
from .coinvestment import pledge_locked, pledge_received
from .common import long_date, require_officer

logger = logging.getLogger(__name__)
ACCOUNT = Account.Kind


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


def _release_is_due(release: RestrictedRelease, today: date) -> bool:
    if release.tranche_id is not None:
        return release.tranche.status in Tranche.RELEASED_STATUSES
    return release.due_on <= today


def restricted_release(*, release_id: int, today: date | None = None, actor=None) -> str:
    """Release one restricted release: restricted_held -> restricted_payable for its
    partnership. At most once, whoever calls it how often: the row lock, a status re-check, and
    the posting's unique idempotency key."""
    today = today or timezone.localdate()
    with transaction.atomic():
        release = (
            RestrictedRelease.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("pledge__co_funder", "partnership", "tranche")
            .filter(pk=release_id)
            .first()
        )
        if release is None:
            return "locked_elsewhere"
        if release.status != RestrictedRelease.Status.SCHEDULED or not _release_is_due(
            release, today
        ):
            return "not_due"
        pledge = release.pledge
        # Checked again at the moment the money moves: the restriction is the guarantee.
        check_within_restriction(pledge=pledge, partnership_id=release.partnership_id)
        try:
            with transaction.atomic():
                txn = ledger.ledger_post(
                    lines=ledger.lines(
                        (
                            ledger.account_for(
                                ACCOUNT.RESTRICTED_PAYABLE,
                                pledge=pledge,
                                partnership=release.partnership,
                            ),
                            release.amount,
                        ),
                        (
                            ledger.account_for(ACCOUNT.RESTRICTED_HELD, pledge=pledge),
                            -release.amount,
                        ),
                    ),
                    memo=f"{pledge.co_funder}'s restricted money released to {release.partnership}",
                    kind=Transaction.Kind.RESTRICTED_RELEASE,
                    actor=actor,
                    effective_on=today,
                    idempotency_key=f"restricted:{release.pk}:release",
                )
        except ledger.DuplicatePostingError:
            return "duplicate_refused"
        restricted_release_transition(release, RestrictedRelease.Status.RELEASED)
        release.release_transaction, release.released_on = txn, today
        release.save(update_fields=["status", "release_transaction", "released_on"])
    return "released"


def restricted_releases_release_due(*, today: date | None = None) -> Counter:
    """The daily release run's second part (`tranches_release_due` calls it after the
    tranches): every scheduled restricted release that is due, or whose tranche was released.
    One short transaction each; a refusal is logged and holds up no other."""
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
    outcomes: Counter = Counter()
    for release_id in ids:
        try:
            outcomes[restricted_release(release_id=release_id, today=today)] += 1
        except DomainError as exc:
            logger.error("Restricted release %s was not released: %s", release_id, exc.message)
            outcomes["failed"] += 1
    return outcomes


def restricted_releases_mark_paid(
    *, release_ids: Iterable[int], actor, bank_reference: str, paid_on: date
) -> list[RestrictedRelease]:
    """Mark released restricted money paid to the partnership's LTO, all or none:
    restricted_payable -> restricted_paid, once per release."""
    require_officer(actor, to="mark restricted money paid")
    ids = sorted(set(release_ids))
    bank_reference = (bank_reference or "").strip()
    if not ids:
        raise DomainError("Choose at least one release.", field="releases")
    if not bank_reference:
        raise DomainError("Enter the bank reference of the payment.", field="bank_reference")
    if paid_on is None or paid_on > timezone.localdate():
        raise DomainError("Enter the payment date: not in the future.", field="paid_on")
    with transaction.atomic():
        releases = list(
            RestrictedRelease.objects.select_for_update(of=("self",))
            .select_related("pledge__co_funder", "partnership")
            .filter(pk__in=ids)
            .order_by("pk")
        )
        if len(releases) != len(ids):
            raise DomainError("Some of the chosen releases do not exist.", field="releases")
        refusals = [
            f"{r} is {r.get_status_display().lower()}."
            for r in releases
            if r.status != RestrictedRelease.Status.RELEASED
        ] + [
            f"{r} was released on {long_date(r.released_on)}, after {long_date(paid_on)}."
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
