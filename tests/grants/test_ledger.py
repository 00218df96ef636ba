"""The posting service: balanced, whole pence, append-only, running balances, idempotent."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cwf.core.errors import DomainError
from grants.models import Account, CapitalSource, Entry, Transaction
from grants.services.ledger import (
    DuplicatePostingError,
    Line,
    account_for,
    ledger_post,
    ledger_reverse,
)

pytestmark = pytest.mark.django_db
K = Account.Kind


@pytest.fixture
def capital():
    return account_for(K.CAPITAL, source=CapitalSource.DORMANT_ASSETS)


@pytest.fixture
def uncommitted():
    return account_for(K.UNCOMMITTED)


@pytest.fixture
def fees():
    return account_for(K.FEES)


def contribute(capital, uncommitted, amount, **kwargs):
    return ledger_post(
        lines=[Line(uncommitted, Decimal(amount)), Line(capital, -Decimal(amount))],
        memo="Dormant assets tranche",
        kind=Transaction.Kind.CAPITAL_CONTRIBUTION,
        **kwargs,
    )


def test_a_balanced_posting_moves_both_running_balances(capital, uncommitted):
    txn = contribute(capital, uncommitted, "1000000.01")
    capital.refresh_from_db()
    uncommitted.refresh_from_db()
    assert uncommitted.balance == Decimal("1000000.01")
    assert capital.balance == Decimal("-1000000.01")
    assert capital.normal_balance == Decimal("1000000.01")
    assert txn.entries.count() == 2


@pytest.mark.parametrize(
    ("amounts", "message"),
    [
        (["10.00", "-9.99"], "entries sum to £0.01"),
        (["10.00"], "at least two entries"),
        (["10.001", "-10.001"], "fractions of a penny"),
        (["0", "0"], "more than £0.00"),
    ],
)
def test_bad_postings_are_refused_and_write_nothing(capital, uncommitted, amounts, message):
    accounts = [uncommitted, capital]
    with pytest.raises(DomainError, match=message):
        ledger_post(
            lines=[Line(accounts[i], Decimal(a)) for i, a in enumerate(amounts)],
            memo="Bad",
            kind=Transaction.Kind.CAPITAL_CONTRIBUTION,
        )
    assert not Transaction.objects.exists() and not Entry.objects.exists()
    assert Account.objects.filter(balance=0).count() == 2


def test_floats_are_refused(capital, uncommitted):
    with pytest.raises(DomainError, match="not a float"):
        ledger_post(
            lines=[Line(uncommitted, 0.1), Line(capital, -0.1)],
            memo="Float",
            kind=Transaction.Kind.CAPITAL_CONTRIBUTION,
        )


def test_no_balance_crosses_zero(capital, uncommitted, fees):
    contribute(capital, uncommitted, "100.00")
    with pytest.raises(DomainError, match=r"Uncommitted funds holds £100.00: .* needs £100.01"):
        ledger_post(
            lines=[Line(fees, Decimal("100.01")), Line(uncommitted, Decimal("-100.01"))],
            memo="Audit fee",
            kind=Transaction.Kind.FEE,
        )
    uncommitted.refresh_from_db()
    assert uncommitted.balance == Decimal("100.00")
    assert Transaction.objects.count() == 1


def test_an_idempotency_key_posts_once(capital, uncommitted):
    contribute(capital, uncommitted, "5.00", idempotency_key="event-1")
    with pytest.raises(DuplicatePostingError):
        contribute(capital, uncommitted, "5.00", idempotency_key="event-1")
    uncommitted.refresh_from_db()
    assert uncommitted.balance == Decimal("5.00")
    assert Transaction.objects.count() == 1


def test_a_reversal_mirrors_the_original_once(capital, uncommitted, officer):
    original = contribute(capital, uncommitted, "250.50")
    reversal = ledger_reverse(transaction_id=original.pk, actor=officer, memo="Keyed twice")
    uncommitted.refresh_from_db()
    assert uncommitted.balance == 0
    assert reversal.reverses == original
    assert sorted(reversal.entries.values_list("amount", flat=True)) == [
        Decimal("-250.50"),
        Decimal("250.50"),
    ]
    with pytest.raises(DuplicatePostingError):
        ledger_reverse(transaction_id=original.pk, actor=officer, memo="Again")
    with pytest.raises(DomainError, match="cannot itself be reversed"):
        ledger_reverse(transaction_id=reversal.pk, actor=officer, memo="Undo the undo")


def test_ledger_verify_reports_zero_differences(capital, uncommitted, capsys):
    contribute(capital, uncommitted, "42.00")
    call_command("ledger_verify")
    out = capsys.readouterr().out
    assert (
        "Checked 2 accounts, 1 transactions, the spending log's totals and restricted money: "
        "0 differences." in out
    )


def test_ledger_verify_finds_a_tampered_balance(capital, uncommitted, capsys):
    contribute(capital, uncommitted, "42.00")
    Account.objects.filter(pk=uncommitted.pk).update(balance=Decimal("43.00"))
    with pytest.raises(CommandError, match="1 difference"):
        call_command("ledger_verify")
    out = capsys.readouterr().out
    assert "balance £43.00, entries sum to £42.00 (difference £1.00)" in out
