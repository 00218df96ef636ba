"""What PostgreSQL itself refuses, whatever the code above it does (migration 0002)."""

from decimal import Decimal

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from grants.models import Account, CapitalSource, Entry, Transaction
from grants.services.ledger import Line, account_for, ledger_post

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def posted():
    capital = account_for(Account.Kind.CAPITAL, source=CapitalSource.PHILANTHROPY)
    uncommitted = account_for(Account.Kind.UNCOMMITTED)
    return ledger_post(
        lines=[Line(uncommitted, Decimal("500.00")), Line(capital, Decimal("-500.00"))],
        memo="Gift",
        kind=Transaction.Kind.CAPITAL_CONTRIBUTION,
    )


def test_updating_an_entry_fails(posted):
    entry = posted.entries.first()
    with (
        pytest.raises(DatabaseError, match=r"append-only: UPDATE on grants_entry"),
        transaction.atomic(),
    ):
        Entry.objects.filter(pk=entry.pk).update(amount=Decimal("1.00"))
    entry.refresh_from_db()
    assert entry.amount in (Decimal("500.00"), Decimal("-500.00"))


def test_deleting_an_entry_fails(posted):
    with (
        pytest.raises(DatabaseError, match=r"append-only: DELETE on grants_entry"),
        transaction.atomic(),
    ):
        Entry.objects.filter(transaction=posted).delete()
    assert posted.entries.count() == 2


def test_updating_or_deleting_a_transaction_fails(posted):
    with (
        pytest.raises(DatabaseError, match=r"append-only: UPDATE on grants_transaction"),
        transaction.atomic(),
    ):
        Transaction.objects.filter(pk=posted.pk).update(memo="Changed")
    with (
        pytest.raises(DatabaseError, match=r"append-only: DELETE on grants_transaction"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM grants_transaction WHERE id = %s", [posted.pk])


def test_an_unbalanced_transaction_fails_at_commit(posted):
    """Written around the posting service, straight to the tables: the entries are accepted one
    by one, and the whole transaction is refused when it commits."""
    account = Account.objects.get(kind=Account.Kind.UNCOMMITTED)
    with (
        pytest.raises(IntegrityError, match=r"does not balance: its entries sum to 0.01"),
        transaction.atomic(),
    ):
        txn = Transaction.objects.create(kind="fee", memo="Bypass", effective_on="2026-01-01")
        Entry.objects.create(transaction=txn, account=account, amount=Decimal("10.00"))
        Entry.objects.create(transaction=txn, account=account, amount=Decimal("-9.99"))
        # Still inside the transaction: nothing has complained yet.
        assert Entry.objects.filter(transaction=txn).count() == 2
    assert Transaction.objects.count() == 1


def test_a_transaction_without_entries_fails_at_commit(posted):
    with (
        pytest.raises(IntegrityError, match=r"has 0 entries; it needs at least two"),
        transaction.atomic(),
    ):
        Transaction.objects.create(kind="fee", memo="Empty", effective_on="2026-01-01")
    assert Transaction.objects.count() == 1
