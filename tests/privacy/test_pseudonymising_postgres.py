"""On PostgreSQL the append-only triggers let erasure change text, and nothing else: with
`cwf.pseudonymising` set, a payee or a ledger memo may be replaced, an amount or a date may not,
and without it nothing changes (privacy/migrations/0002)."""

from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction

from grants.models import Entry, Spend, Transaction
from grants.services.spending import SpendInput, spend_log
from tests.grants.plan_scenario import setup_partnership, with_money_received

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (its triggers)")


def _run(sql: str, params, *, pseudonymising: bool) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        if pseudonymising:
            cursor.execute("SET LOCAL cwf.pseudonymising = 'on'")
        cursor.execute(sql, params)


@pytest.fixture
def spend():
    s = with_money_received(setup_partnership())
    return spend_log(
        partnership_id=s["partnership"].pk,
        actor=s["resident"],
        data=SpendInput(
            spent_on=date(2024, 6, 1), amount="20.00", payee="Ann Example",
            description="Tea", theme_id=s["themes"]["Young people"].pk,
        ),
    )  # fmt: skip


def test_text_changes_only_while_pseudonymising(spend):
    sql = "UPDATE grants_spend SET payee = %s WHERE id = %s"
    with pytest.raises(DatabaseError, match="append-only"):
        _run(sql, ["Former member 1", spend.pk], pseudonymising=False)
    _run(sql, ["Former member 1", spend.pk], pseudonymising=True)
    assert Spend.objects.get(pk=spend.pk).payee == "Former member 1"
    memo = "UPDATE grants_transaction SET memo = %s WHERE id = %s"
    txn = Transaction.objects.order_by("-pk").first()
    with pytest.raises(DatabaseError, match="append-only"):
        _run(memo, ["Former member 1", txn.pk], pseudonymising=False)
    _run(memo, ["Former member 1", txn.pk], pseudonymising=True)


def test_amounts_dates_and_deletes_stay_refused_while_pseudonymising(spend):
    for sql, params in [
        ("UPDATE grants_spend SET amount = 1 WHERE id = %s", [spend.pk]),
        ("UPDATE grants_spend SET spent_on = '2024-06-02' WHERE id = %s", [spend.pk]),
        ("UPDATE grants_spend SET payee = 'X', amount = 1 WHERE id = %s", [spend.pk]),
        ("DELETE FROM grants_spend WHERE id = %s", [spend.pk]),
        ("UPDATE grants_entry SET amount = amount + 1 WHERE id = %s", [Entry.objects.first().pk]),
    ]:
        with pytest.raises(DatabaseError):
            _run(sql, params, pseudonymising=True)
