"""Reads of the ledger itself: checking that the running balances match the entries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, Sum, Value
from django.db.models.functions import Coalesce

from cwf.core.money import ZERO, pence

from ..models import Account, Transaction


@dataclass(frozen=True)
class BalanceDifference:
    account: Account
    stored: Decimal
    from_entries: Decimal

    @property
    def difference(self) -> Decimal:
        return self.stored - self.from_entries


@dataclass(frozen=True)
class LedgerCheck:
    accounts_checked: int
    transactions_checked: int
    balance_differences: list[BalanceDifference]
    unbalanced_transactions: list[tuple[int, Decimal, int]]  # (id, sum of entries, entry count)

    @property
    def ok(self) -> bool:
        return not self.balance_differences and not self.unbalanced_transactions


def _sum_of_entries():
    return Coalesce(Sum("entries__amount"), Value(ZERO), output_field=DecimalField())


def ledger_check() -> LedgerCheck:
    """Recompute every account's balance from its entries, and every transaction's total, in two
    queries whatever the size of the ledger."""
    accounts = list(Account.objects.annotate(from_entries=_sum_of_entries()).order_by("pk"))
    differences = [
        BalanceDifference(account, account.balance, pence(account.from_entries))
        for account in accounts
        if account.balance != pence(account.from_entries)
    ]
    # Compared in Python, to the penny: see grants/sums.py for why not in SQL.
    transactions = Transaction.objects.annotate(
        total=_sum_of_entries(), lines=Count("entries")
    ).values_list("pk", "total", "lines")
    unbalanced = [
        (pk, pence(total), lines)
        for pk, total, lines in transactions.iterator(chunk_size=2000)
        if pence(total) != ZERO or lines < 2
    ]
    return LedgerCheck(
        accounts_checked=len(accounts),
        transactions_checked=Transaction.objects.count(),
        balance_differences=differences,
        unbalanced_transactions=unbalanced,
    )
