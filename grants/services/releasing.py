"""What the two kinds of release share: a tranche released to its LTO
(`disbursement.tranches_release_batch`) and restricted money released to a partnership
(`restricted_money.restricted_releases_release_batch`).

They are two events, not one: a tranche's release moves the fund's commitment to what is payable
to the allocation's LTO, writes a `Release` (with its payment reference) and e-mails the
partnership; a restricted release moves a co-funder's held money to what is payable for a
partnership its pledge names, and writes a `RestrictedRelease`. Different rows, accounts and
guards (an allocation's LTO change; a pledge's restriction), so each has its own writer. What is
the same is kept here, once:

- the outcomes a release reports (`Outcome`);
- the due run (`release_in_batches`): batches of short transactions, and a batch that meets any
  refusal released again one at a time, so one bad row holds up no other;
- a payment batch's checks before it locks anything (`payment_batch_checked`), and its rows,
  locked (`payment_rows_locked`).

Both post through the one ledger writer (`ledger.ledger_post_batch`), each release once: a row
lock, a status re-check under it, and a unique idempotency key."""

from __future__ import annotations

import enum
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from django.db import IntegrityError
from django.utils import timezone

from cwf.core.errors import DomainError

from .ledger import DuplicatePostingError

logger = logging.getLogger(__name__)


class Outcome(enum.StrEnum):
    RELEASED = "released"
    # Another worker holds the row lock: it is releasing this row right now.
    LOCKED_ELSEWHERE = "locked_elsewhere"
    # Under the lock the row is no longer scheduled and due (released already, held, ...).
    NOT_DUE = "not_due"
    # The unique constraints refused a second release. Only reachable if the lock and the status
    # check were both bypassed; the tests count it, so a weakened guard shows.
    DUPLICATE_REFUSED = "duplicate_refused"
    FAILED = "failed"


def release_in_batches(
    *,
    ids: Sequence[int],
    release_batch: Callable[[list[int]], Counter],
    release_one: Callable[[int], Outcome],
    what: str,
    batch_size: int,
) -> Counter:
    """Release `ids` in batches of short database transactions (`release_batch`, all or
    nothing). A batch that meets any refusal is released again one row per transaction
    (`release_one`), so one failure (logged) never holds up the others."""
    outcomes: Counter = Counter()
    for first in range(0, len(ids), batch_size):
        batch = list(ids[first : first + batch_size])
        try:
            outcomes += release_batch(batch)
            continue
        except (DomainError, IntegrityError) as exc:
            logger.warning("A %s batch was refused (%s): releasing one at a time.", what, exc)
        for row_id in batch:
            try:
                outcomes[release_one(row_id)] += 1
            except DomainError as exc:
                logger.error("%s %s was not released: %s", what.capitalize(), row_id, exc.message)
                outcomes[Outcome.FAILED] += 1
    return outcomes


def release_one_as_batch(
    *, release_batch: Callable[[list[int]], Counter], row_id: int, what: str
) -> Outcome:
    """Release one row as a batch of one: its outcome, or DUPLICATE_REFUSED when the database's
    unique constraints refused a second release (the lock and the re-check were bypassed)."""
    try:
        outcomes = release_batch([row_id])
    except (DuplicatePostingError, IntegrityError):
        logger.warning(
            "%s %s: a second release was refused by the database.", what.capitalize(), row_id
        )
        return Outcome.DUPLICATE_REFUSED
    (outcome,) = outcomes
    return outcome


def payment_batch_checked(
    *, ids: Iterable[int], bank_reference: str | None, paid_on: date | None, what: str
) -> tuple[list[int], str]:
    """The checks a "mark paid" batch makes before it locks anything: something chosen, a bank
    reference, a payment date not in the future. Returns the sorted ids (the locking order) and
    the bank reference, trimmed. `what` is the plural chosen ("tranches"), also the field."""
    ids = sorted(set(ids))
    bank_reference = (bank_reference or "").strip()
    if not ids:
        raise DomainError(f"Choose at least one {what.removesuffix('s')}.", field=what)
    if not bank_reference:
        raise DomainError("Enter the bank reference of the payment.", field="bank_reference")
    if paid_on is None:
        raise DomainError("Enter the payment date.", field="paid_on")
    if paid_on > timezone.localdate():
        raise DomainError("The payment date cannot be in the future.", field="paid_on")
    return ids, bank_reference


def payment_rows_locked(queryset, ids: list[int], *, what: str) -> list:
    """The chosen rows of a payment batch, locked in ascending pk (the locking order), or a
    refusal when any of them does not exist. `what` is the plural chosen, also the field."""
    rows = list(queryset.select_for_update(of=("self",)).filter(pk__in=ids).order_by("pk"))
    if len(rows) != len(ids):
        raise DomainError(f"Some of the chosen {what} do not exist.", field=what)
    return rows
