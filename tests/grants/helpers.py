"""Assertions the grants tests share."""

from decimal import Decimal

from django.db.models import Sum

from cwf.core.money import pence
from grants.models import Account, Allocation, Entry, Release, Tranche, Transaction


def balance(kind, **scope) -> Decimal:
    """The running balance of an account, as a person reads it (positive on its normal side)."""
    account = Account.objects.filter(kind=kind, **scope).first()
    return account.normal_balance if account else Decimal("0.00")


def written() -> dict:
    """Row counts of everything money-related, to show that a refusal wrote nothing."""
    return {
        model.__name__: model.objects.count()
        for model in (Transaction, Entry, Release, Allocation, Tranche)
    } | {"balances": [(a.pk, a.balance) for a in Account.objects.order_by("pk")]}


def ledger_is_consistent() -> None:
    for account in Account.objects.all():
        assert account.balance == pence(account.entries.aggregate(s=Sum("amount"))["s"]), account
    for txn in Transaction.objects.all():
        assert pence(txn.entries.aggregate(s=Sum("amount"))["s"]) == 0, txn
        assert txn.entries.count() >= 2, txn
