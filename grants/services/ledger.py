"""The one way to write to the ledger: `ledger_post`, and `ledger_reverse` to correct a posting.

Rules enforced here (and, on PostgreSQL, again by the database; see migration 0002):
- a transaction has at least two entries, and its entries sum to exactly zero;
- every amount is a whole number of pence and none is zero;
- an account's running balance (`Account.balance`) is updated in the same database transaction
  as its entries, and never crosses to the wrong side of zero (so uncommitted funds, a
  commitment or a payable balance can never go negative);
- entries are never updated or deleted: a correction is a reversing transaction;
- a business event that must post once carries an idempotency key, unique in the database.

Locking policy (every select_for_update in grants/ follows it)
-------------------------------------------------------------
Locks are always taken in this order, and a database transaction that takes a later lock never
goes back for an earlier one, so two transactions can never wait for each other in a cycle:

1. the Allocation row (approval, amendment, withdrawal, close-out: anything that changes what is
   committed for it);
2. Tranche rows, in ascending primary key (release, hold, payment, schedule changes);
3. ledger Account rows, in ascending primary key, taken only here in `ledger_post`, which is
   therefore the last thing a service does before its final status writes. ledger_post inserts
   the Transaction row just before it: a second posting of the same idempotency key waits on the
   unique index for the first to commit and is then refused, before it can touch a balance.

Why the accounts are locked: a balance is read, checked against its floor and written back; two
postings to the same account at once must not both pass the check on the same old balance.
Why they are locked in primary-key order: a posting touches two to four accounts; one order for
everyone means no deadlock. Locked transactions stay short: one posting, one business event
(the release run takes one short transaction per batch of up to 100 tranches, posted together by
`ledger_post_batch` with one ascending account sweep, or one per tranche after a refusal; never
one for the whole run).
On SQLite, select_for_update is a no-op and the IMMEDIATE transactions in settings serialise
every writer instead, which gives the same guarantees, more slowly."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from cwf.core.errors import DomainError
from cwf.core.money import MONEY_MAX, ZERO, format_gbp, money

from ..models import Account, Entry, Transaction


class DuplicatePostingError(DomainError):
    """A posting with this idempotency key exists already: the business event has been posted."""


class UnbalancedPostingError(DomainError):
    pass


@dataclass(frozen=True)
class Line:
    """One side of a posting: a positive amount debits the account, a negative one credits it."""

    account: Account
    amount: Decimal


def account_for(
    kind: str, *, source: str = "", allocation=None, lto=None, pledge=None, partnership=None
) -> Account:
    """The account of `kind` (for a capital source, an allocation, an LTO, or restricted money:
    a pledge, and the partnership it was released to), created on first use. The unique key
    makes two concurrent first uses create one account. A restricted account's key names the
    co-funder too, so the chart reads per co-funder and restriction."""
    parts = [kind]
    if source:
        parts.append(source)
    if allocation is not None:
        parts.append(f"allocation:{allocation.pk}")
    if lto is not None:
        parts.append(f"lto:{lto.pk}")
    if pledge is not None:
        parts.append(f"cofunder:{pledge.co_funder_id}:pledge:{pledge.pk}")
    if partnership is not None:
        parts.append(f"partnership:{partnership.pk}")
    account, _ = Account.objects.get_or_create(
        key=":".join(parts),
        defaults={
            "kind": kind,
            "source": source,
            "allocation": allocation,
            "lto": lto,
            "pledge": pledge,
            "partnership": partnership,
        },
    )
    return account


def _validated(lines: Sequence[Line]) -> list[Line]:
    if len(lines) < 2:
        raise UnbalancedPostingError("A ledger transaction needs at least two entries.")
    checked = [
        Line(line.account, money(line.amount, allow_negative=True, field="amount"))
        for line in lines
    ]
    total = sum((line.amount for line in checked), ZERO)
    if total != ZERO:
        raise UnbalancedPostingError(
            f"A ledger transaction must balance: its entries sum to {format_gbp(total)}."
        )
    return checked


def lock_accounts(accounts: Iterable[Account]) -> None:
    """For a service that posts several times in one database transaction (a payment batch, a
    close-out): lock every account it will touch up front, in one ascending sweep, so that its
    postings never take account locks out of order."""
    pks = sorted({account.pk for account in accounts})
    list(Account.objects.select_for_update().filter(pk__in=pks).order_by("pk").values_list("pk"))


def _lock_and_move(lines: Sequence[Line]) -> None:
    """Lock the accounts in primary-key order, check no balance crosses zero, then move them."""
    moves: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        moves[line.account.pk] += line.amount
    # Locking policy, step 3: accounts last, in ascending primary key.
    locked = Account.objects.select_for_update().filter(pk__in=moves).order_by("pk")
    for account in locked:
        move = moves[account.pk]
        after = account.balance + move
        if abs(after) > MONEY_MAX:
            raise DomainError(
                f"This would take {account} to {format_gbp(abs(after))}, more than the "
                f"{format_gbp(MONEY_MAX)} the ledger can hold: check the amount.",
                field="amount",
            )
        wrong_side = after < 0 if account.is_debit_normal else after > 0
        if wrong_side:
            raise DomainError(
                f"{account} holds {format_gbp(account.normal_balance)}: this posting needs "
                f"{format_gbp(abs(move))} from it."
            )
        if move != ZERO:
            # The new balance is computed in Decimal under the lock and written as a value, not
            # as balance + move in SQL: SQLite would do that sum in floating point.
            Account.objects.filter(pk=account.pk).update(balance=after)


def ledger_post(
    *,
    lines: Sequence[Line],
    memo: str,
    kind: str,
    actor=None,
    effective_on: date | None = None,
    allocation=None,
    tranche=None,
    endowment_movement=None,
    reverses: Transaction | None = None,
    idempotency_key: str | None = None,
) -> Transaction:
    """Post one balanced transaction and move the running balances with it, atomically.

    Raises DomainError (nothing written) for an unbalanced, too-short or sub-penny posting or one
    that would take a balance across zero, and DuplicatePostingError when `idempotency_key` has
    been posted before."""
    checked = _validated(lines)
    if not memo.strip():
        raise DomainError("Say why: a ledger transaction needs a memo.", field="memo")
    with transaction.atomic():
        # The transaction row first: a second posting of the same event waits here on the
        # unique index and is refused, before it can touch a balance.
        try:
            with transaction.atomic():
                txn = Transaction.objects.create(
                    kind=kind,
                    memo=memo.strip()[:500],
                    effective_on=effective_on or timezone.localdate(),
                    actor=actor,
                    allocation=allocation,
                    tranche=tranche,
                    endowment_movement=endowment_movement,
                    reverses=reverses,
                    idempotency_key=idempotency_key,
                )
        except IntegrityError as exc:
            if (
                idempotency_key
                and Transaction.objects.filter(idempotency_key=idempotency_key).exists()
            ):
                raise DuplicatePostingError(
                    f"This has been posted to the ledger already ({idempotency_key})."
                ) from exc
            if reverses is not None:
                raise DuplicatePostingError("This transaction has been reversed already.") from exc
            raise
        _lock_and_move(checked)
        Entry.objects.bulk_create(
            Entry(transaction=txn, account=line.account, amount=line.amount) for line in checked
        )
    return txn


def ledger_reverse(
    *, transaction_id: int, actor, memo: str, effective_on: date | None = None
) -> Transaction:
    """Correct a posting by posting its mirror image. The original is never touched; it can be
    reversed once."""
    original = Transaction.objects.get(pk=transaction_id)
    if Transaction.objects.filter(reverses=original).exists():
        raise DuplicatePostingError("This transaction has been reversed already.")
    if original.kind == Transaction.Kind.REVERSAL:
        raise DomainError("A reversal cannot itself be reversed: post a new transaction instead.")
    lines = [
        Line(entry.account, -entry.amount) for entry in original.entries.select_related("account")
    ]
    return ledger_post(
        lines=lines,
        memo=memo,
        kind=Transaction.Kind.REVERSAL,
        actor=actor,
        effective_on=effective_on,
        allocation=original.allocation,
        tranche=original.tranche,
        endowment_movement=original.endowment_movement,
        reverses=original,
        idempotency_key=f"reversal:{original.pk}",
    )


def lines(*pairs: Iterable) -> list[Line]:
    """Shorthand for services: lines((account, amount), ...), dropping zero amounts (a posting
    never carries a zero entry; a zero management contribution simply has no line)."""
    return [Line(account, amount) for account, amount in pairs if amount != ZERO]


@dataclass(frozen=True)
class Posting:
    """One transaction of a batch for `ledger_post_batch`: the same arguments as `ledger_post`."""

    lines: Sequence[Line]
    memo: str
    kind: str
    effective_on: date
    actor: object = None
    allocation: object = None
    tranche: object = None
    idempotency_key: str | None = None


def ledger_post_batch(*, postings: Sequence[Posting]) -> list[Transaction]:
    """Post many balanced transactions in a fixed number of queries, atomically, under the same
    rules as `ledger_post`: each balances, is whole pence, moves no balance across zero (checked
    on each account's total move, under the account locks), and carries a unique idempotency key.
    Any refusal raises and writes nothing; a duplicate key raises IntegrityError, so a caller
    can fall back to posting one at a time and learn which event was posted already."""
    checked = [_validated(posting.lines) for posting in postings]
    if any(not posting.memo.strip() for posting in postings):
        raise DomainError("Say why: a ledger transaction needs a memo.", field="memo")
    with transaction.atomic():
        txns = Transaction.objects.bulk_create(
            Transaction(
                kind=posting.kind,
                memo=posting.memo.strip()[:500],
                effective_on=posting.effective_on,
                actor=posting.actor,
                allocation=posting.allocation,
                tranche=posting.tranche,
                idempotency_key=posting.idempotency_key,
            )
            for posting in postings
        )
        moves: dict[int, Decimal] = defaultdict(lambda: ZERO)
        for line in (line for lines in checked for line in lines):
            moves[line.account.pk] += line.amount
        # Locking policy, step 3, for the whole batch: one ascending sweep.
        locked = list(Account.objects.select_for_update().filter(pk__in=moves).order_by("pk"))
        for account in locked:
            after = account.balance + moves[account.pk]
            if after < 0 if account.is_debit_normal else after > 0:
                raise DomainError(
                    f"{account} holds {format_gbp(account.normal_balance)}: these postings need "
                    f"{format_gbp(abs(moves[account.pk]))} from it."
                )
            account.balance = after
        Account.objects.bulk_update(locked, ["balance"])
        Entry.objects.bulk_create(
            Entry(transaction=txn, account=line.account, amount=line.amount)
            for txn, lines in zip(txns, checked, strict=True)
            for line in lines
        )
    return txns


def accounts_for_allocations(*, kinds: Sequence[str], allocations: Sequence) -> dict[str, Account]:
    """The accounts of `kinds` for each allocation, by key, created where missing: two or three
    queries whatever the number of allocations (`account_for` takes one or two each)."""
    wanted = {
        f"{kind}:allocation:{allocation.pk}": (kind, allocation)
        for kind in kinds
        for allocation in allocations
    }
    found = {account.key: account for account in Account.objects.filter(key__in=wanted)}
    missing = [key for key in wanted if key not in found]
    if missing:
        Account.objects.bulk_create(
            [Account(kind=wanted[key][0], allocation=wanted[key][1], key=key) for key in missing],
            ignore_conflicts=True,  # a concurrent first use created it: read it back below
        )
        found.update((a.key, a) for a in Account.objects.filter(key__in=missing))
    return found
