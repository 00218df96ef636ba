"""The one way to write to the ledger: `ledger_post_batch` (many postings in a fixed number of
queries; `ledger_post` is a batch of one), and `ledger_reverse` to correct a posting. Account
keys are spelled in one place, `account_key`.

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


@dataclass(frozen=True)
class Posting:
    """One balanced transaction to post: its lines, why, and what it belongs to."""

    lines: Sequence[Line]
    memo: str
    kind: str
    effective_on: date | None = None
    actor: object = None
    allocation: object = None
    tranche: object = None
    endowment_movement: object = None
    reverses: Transaction | None = None
    idempotency_key: str | None = None


def account_key(
    kind: str,
    *,
    source: str = "",
    allocation_id=None,
    lto_id=None,
    co_funder_id=None,
    pledge_id=None,
    partnership_id=None,
) -> str:
    """The one spelling of an account's unique key: its kind, then the capital source, the
    allocation or the LTO it belongs to (`commitment:allocation:7`, `capital:endowment`), or for
    restricted money the co-funder and pledge, and the partnership it was released to
    (`restricted_held:cofunder:2:pledge:5`), so the chart reads per co-funder and restriction."""
    parts = [kind]
    if source:
        parts.append(source)
    if allocation_id is not None:
        parts.append(f"allocation:{allocation_id}")
    if lto_id is not None:
        parts.append(f"lto:{lto_id}")
    if pledge_id is not None:
        parts.append(f"cofunder:{co_funder_id}:pledge:{pledge_id}")
    if partnership_id is not None:
        parts.append(f"partnership:{partnership_id}")
    return ":".join(parts)


def account_for(
    kind: str, *, source: str = "", allocation=None, lto=None, pledge=None, partnership=None
) -> Account:
    """The account of `kind` (for a capital source, an allocation, an LTO, or restricted money:
    a pledge, and the partnership it was released to), created on first use. The unique key
    makes two concurrent first uses create one account."""
    key = account_key(
        kind,
        source=source,
        allocation_id=allocation.pk if allocation is not None else None,
        lto_id=lto.pk if lto is not None else None,
        co_funder_id=pledge.co_funder_id if pledge is not None else None,
        pledge_id=pledge.pk if pledge is not None else None,
        partnership_id=partnership.pk if partnership is not None else None,
    )
    account, _ = Account.objects.get_or_create(
        key=key,
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


def _lock_and_move(lines: Sequence[Line], *, postings: int) -> None:
    """Lock the accounts in primary-key order, check that no balance crosses zero (or grows past
    what the ledger can hold), then move them: the balance floor, written once."""
    moves: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        moves[line.account.pk] += line.amount
    # Locking policy, step 3: accounts last, in one ascending sweep.
    locked = list(Account.objects.select_for_update().filter(pk__in=moves).order_by("pk"))
    moved = []
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
            needs = "this posting needs" if postings == 1 else "these postings need"
            raise DomainError(
                f"{account} holds {format_gbp(account.normal_balance)}: {needs} "
                f"{format_gbp(abs(move))} from it."
            )
        if move != ZERO:
            # The new balance is computed in Decimal under the lock and written as a value, not
            # as balance + move in SQL: SQLite would do that sum in floating point.
            account.balance = after
            moved.append(account)
    Account.objects.bulk_update(moved, ["balance"])


def _transactions_create(postings: Sequence[Posting]) -> list[Transaction]:
    """The transaction rows first: a second posting of the same event waits here on the unique
    index and is refused, before it can touch a balance."""
    try:
        with transaction.atomic():
            return Transaction.objects.bulk_create(
                Transaction(
                    kind=posting.kind,
                    memo=posting.memo.strip()[:500],
                    effective_on=posting.effective_on or timezone.localdate(),
                    actor=posting.actor,
                    allocation=posting.allocation,
                    tranche=posting.tranche,
                    endowment_movement=posting.endowment_movement,
                    reverses=posting.reverses,
                    idempotency_key=posting.idempotency_key,
                )
                for posting in postings
            )
    except IntegrityError as exc:
        keys = [posting.idempotency_key for posting in postings if posting.idempotency_key]
        posted = (
            Transaction.objects.filter(idempotency_key__in=keys)
            .values_list("idempotency_key", flat=True)
            .first()
            if keys
            else None
        )
        if posted:
            raise DuplicatePostingError(
                f"This has been posted to the ledger already ({posted})."
            ) from exc
        if any(posting.reverses is not None for posting in postings):
            raise DuplicatePostingError("This transaction has been reversed already.") from exc
        raise


def ledger_post_batch(*, postings: Sequence[Posting]) -> list[Transaction]:
    """The one function that writes to the ledger: post these balanced transactions and move the
    running balances with them, atomically, in a fixed number of queries however many there are.

    Raises DomainError (nothing written) for an unbalanced, too-short or sub-penny posting, one
    without a memo, or one that would take a balance across zero (checked on each account's
    total move, under the account locks), and DuplicatePostingError when an `idempotency_key`
    has been posted before (or a transaction reversed twice)."""
    checked = [_validated(posting.lines) for posting in postings]
    if any(not posting.memo.strip() for posting in postings):
        raise DomainError("Say why: a ledger transaction needs a memo.", field="memo")
    with transaction.atomic():
        txns = _transactions_create(postings)
        _lock_and_move([line for lines in checked for line in lines], postings=len(postings))
        Entry.objects.bulk_create(
            Entry(transaction=txn, account=line.account, amount=line.amount)
            for txn, lines in zip(txns, checked, strict=True)
            for line in lines
        )
    return txns


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
    """Post one balanced transaction: `ledger_post_batch` with one posting."""
    posting = Posting(
        lines=lines,
        memo=memo,
        kind=kind,
        actor=actor,
        effective_on=effective_on,
        allocation=allocation,
        tranche=tranche,
        endowment_movement=endowment_movement,
        reverses=reverses,
        idempotency_key=idempotency_key,
    )
    return ledger_post_batch(postings=[posting])[0]


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


def accounts_for_allocations(*, kinds: Sequence[str], allocations: Sequence) -> dict[str, Account]:
    """The accounts of `kinds` for each allocation, by key, created where missing: two or three
    queries whatever the number of allocations (`account_for` takes one or two each)."""
    wanted = {
        account_key(kind, allocation_id=allocation.pk): (kind, allocation)
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
