"""Recording money into and out of the endowment, and correcting it."""

from datetime import date
from decimal import Decimal

import pytest

from cwf.accounts.roles import Role
from cwf.core.errors import DomainError, ScopeError
from grants.models import Account, CapitalSource, EndowmentMovement
from grants.services.endowment import endowment_movement_record, endowment_movement_reverse
from tests.factories import user_with_role
from tests.grants.helpers import balance, ledger_is_consistent, written

pytestmark = pytest.mark.django_db
KIND = EndowmentMovement.Kind


def record(officer, kind=KIND.CAPITAL_CONTRIBUTION, amount="100.00", **extra):
    extra.setdefault(
        "source", CapitalSource.LOTTERY_MATCH if kind == KIND.CAPITAL_CONTRIBUTION else ""
    )
    return endowment_movement_record(
        actor=officer,
        kind=kind,
        amount=amount,
        received_on=date(2026, 1, 5),
        description="Match funding",
        **extra,
    )


def test_capital_income_and_fees_move_uncommitted_funds(officer):
    record(officer, amount="87500000.00")
    record(officer, KIND.INVESTMENT_INCOME, amount="1234.56")
    record(officer, KIND.FEE, amount="234.56")
    assert balance(Account.Kind.CAPITAL, source=CapitalSource.LOTTERY_MATCH) == Decimal(
        "87500000.00"
    )
    assert balance(Account.Kind.INVESTMENT_INCOME) == Decimal("1234.56")
    assert balance(Account.Kind.FEES) == Decimal("234.56")
    assert balance(Account.Kind.UNCOMMITTED) == Decimal("87501000.00")
    ledger_is_consistent()


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5.00", "cannot be negative"),
        ("0", "more than £0.00"),
        ("0.001", "fractions of a penny"),
        ("ten pounds", "must be in pounds and pence"),
    ],
)
def test_bad_amounts_are_refused_and_nothing_is_written(officer, amount, message):
    before = written()
    with pytest.raises(DomainError, match=message):
        record(officer, amount=amount)
    assert written() == before
    assert not EndowmentMovement.objects.exists()


def test_a_fee_larger_than_uncommitted_funds_is_refused(officer):
    record(officer, amount="100.00")
    before = written()
    with pytest.raises(DomainError, match=r"uncommitted funds, which are £100.00.*£100.01"):
        record(officer, KIND.FEE, amount="100.01")
    assert written() == before
    assert EndowmentMovement.objects.count() == 1


def test_capital_needs_a_source(officer):
    with pytest.raises(DomainError, match="where the capital came from"):
        record(officer, source="")


def test_trustees_cannot_record_money(officer):
    trustee = user_with_role(Role.TRUSTEE)
    with pytest.raises(ScopeError):
        record(trustee)
    assert not EndowmentMovement.objects.exists()


def test_a_mistake_is_reversed_not_edited(officer):
    movement = record(officer, amount="500.00")
    endowment_movement_reverse(movement_id=movement.pk, actor=officer, reason="Keyed twice")
    movement.refresh_from_db()
    assert movement.is_reversed and movement.amount == Decimal("500.00")
    assert balance(Account.Kind.UNCOMMITTED) == Decimal("0.00")
    assert movement.ledger_transactions.count() == 2
    with pytest.raises(DomainError, match="reversed already"):
        endowment_movement_reverse(movement_id=movement.pk, actor=officer, reason="Again")
    ledger_is_consistent()
