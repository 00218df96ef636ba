"""Bench ledger postings written in bulk, through the same rules as `grants.services.ledger`:
every posting balances, accounts are keyed by `ledger.account_key`, and each new account is
created with its final running balance, the sum of its entries (so `ledger_check` holds).
The allocations' money (money.py) and co-investment (coinvestment.py) both write through it."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from cwf.core.money import ZERO
from grants.models import Account, Entry, Transaction
from grants.services.ledger import account_key


class BenchPostings:
    """Collect postings for one chunk, then `write` them: new accounts, transactions, entries."""

    def __init__(self) -> None:
        self.accounts: dict[str, Account] = {}
        self.postings: list[tuple[Transaction, list[tuple[Account, Decimal]]]] = []

    def account(
        self, kind: str, *, allocation=None, lto=None, pledge=None, partnership=None
    ) -> Account:
        """The chunk's new account of `kind` for its owner, made on first use."""
        key = account_key(
            kind,
            allocation_id=allocation.pk if allocation else None,
            lto_id=lto.pk if lto else None,
            co_funder_id=pledge.co_funder_id if pledge else None,
            pledge_id=pledge.pk if pledge else None,
            partnership_id=partnership.pk if partnership else None,
        )
        if key not in self.accounts:
            self.accounts[key] = Account(
                kind=kind,
                key=key,
                allocation=allocation,
                lto=lto,
                pledge=pledge,
                partnership=partnership,
            )
        return self.accounts[key]

    def post(self, txn: Transaction, lines: list[tuple[Account, Decimal]]) -> Transaction:
        assert sum(amount for _, amount in lines) == ZERO, "a bench posting must balance"
        self.postings.append((txn, lines))
        return txn

    def write(self) -> tuple[dict[str, Decimal], int]:
        """Create the new accounts (with their balances), the transactions and their entries
        (zero lines left out). Returns every account's move by key (an account that existed
        before the chunk, such as uncommitted funds, is the caller's to move) and the number of
        entries."""
        moves: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for _txn, lines in self.postings:
            for account, amount in lines:
                moves[account.key] += amount
        for key, account in self.accounts.items():
            account.balance = moves[key]
        Account.objects.bulk_create(self.accounts.values())
        Transaction.objects.bulk_create(txn for txn, _ in self.postings)
        entries = [
            Entry(transaction=txn, account=account, amount=amount)
            for txn, lines in self.postings
            for account, amount in lines
            if amount != ZERO
        ]
        Entry.objects.bulk_create(entries, batch_size=5000)
        return moves, len(entries)
