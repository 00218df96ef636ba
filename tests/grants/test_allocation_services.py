"""Proposing, approving (four eyes, commits the money) and withdrawing allocations."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from cwf.core.errors import DomainError, TransitionError
from grants.models import Account, Allocation, Tranche
from grants.services.allocations import allocation_approve, allocation_withdraw
from grants.services.disbursement import tranches_release_due
from tests.factories import PartnershipFactory
from tests.grants import scenario
from tests.grants.helpers import balance, ledger_is_consistent, written

pytestmark = pytest.mark.django_db
KIND = Account.Kind


@pytest.fixture
def officers():
    return scenario.officers()


@pytest.mark.parametrize(
    ("amount", "years", "message"),
    [
        ("999999.99", 10, "between £1,000,000.00 and £2,500,000.00: £999,999.99 is not"),
        ("2500000.01", 10, "£2,500,000.01 is not"),
        ("1000000.00", 9, "between 10 and 15 years: 9 is not"),
        ("1000000.00", 16, "16 is not"),
        ("-1000000.00", 10, "cannot be negative"),
        ("1000000.001", 10, "fractions of a penny"),
    ],
)
def test_an_allocation_outside_the_bounds_is_refused(officers, amount, years, message):
    with pytest.raises(DomainError, match=message):
        scenario.proposed(officers[0], amount=amount, term_years=years)
    assert not Allocation.objects.exists()


def test_the_bounds_are_settings(officers, settings):
    settings.ALLOCATION_MAX_AMOUNT = Decimal("3000000.00")
    settings.ALLOCATION_MAX_YEARS = 20
    allocation = scenario.proposed(officers[0], amount="3000000.00", term_years=20)
    assert allocation.status == Allocation.Status.PROPOSED


def test_approval_commits_the_allocation_and_its_contribution(officers):
    scenario.fund(officers[0], "2000000.00")
    allocation = scenario.approved(*officers, amount="1000000.10")
    assert allocation.management_contribution == Decimal("50000.01")
    assert balance(KIND.COMMITMENT, allocation=allocation) == Decimal("1000000.10")
    assert balance(KIND.MANAGEMENT_CONTRIBUTION, allocation=allocation) == Decimal("50000.01")
    assert balance(KIND.UNCOMMITTED) == Decimal("949999.89")
    assert allocation.approved_by == officers[1] and allocation.approved_at
    ledger_is_consistent()


def test_the_proposer_can_never_approve_their_own(officers):
    scenario.fund(officers[0])
    allocation = scenario.proposed(officers[0])
    before = written()
    with pytest.raises(DomainError, match="You proposed this allocation"):
        allocation_approve(allocation_id=allocation.pk, actor=officers[0])
    assert written() == before
    allocation.refresh_from_db()
    assert allocation.status == Allocation.Status.PROPOSED


def test_the_database_refuses_a_self_approval_too(officers):
    allocation = scenario.proposed(officers[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.filter(pk=allocation.pk).update(
            status="approved", approved_by=officers[0], approved_at="2026-01-01T00:00Z"
        )


def test_approval_without_enough_uncommitted_funds_is_refused_with_the_figures(officers):
    scenario.fund(officers[0], "1049999.99")
    allocation = scenario.proposed(officers[0], amount="1000000.00")
    before = written()
    with pytest.raises(DomainError) as refusal:
        allocation_approve(allocation_id=allocation.pk, actor=officers[1])
    assert refusal.value.message == (
        "Uncommitted funds are £1,049,999.99, but approving £1,000,000.00 plus £50,000.00 LTO "
        "management contribution needs £1,050,000.00: £0.01 more than is available."
    )
    assert written() == before
    allocation.refresh_from_db()
    assert allocation.status == Allocation.Status.PROPOSED


def test_approving_twice_is_an_illegal_move(officers):
    scenario.fund(officers[0])
    allocation = scenario.approved(*officers)
    with pytest.raises(TransitionError, match="is approved and cannot become approved"):
        allocation_approve(allocation_id=allocation.pk, actor=officers[1])


def test_one_open_allocation_per_partnership(officers):
    partnership = PartnershipFactory()
    scenario.proposed(officers[0], partnership=partnership)
    with pytest.raises(DomainError, match="already has an open allocation"):
        scenario.proposed(officers[1], partnership=partnership)


def test_withdrawal_gives_the_unreleased_commitment_back(officers):
    scenario.fund(officers[0], "2000000.00")
    allocation = scenario.active(*officers, amount="1000000.00")
    tranches_release_due(today=date(2025, 4, 1))  # two annual tranches: 2024 and 2025
    scenario.withdraw(allocation, officers[1], officers[0], reason="Dissolved")
    assert balance(KIND.COMMITMENT, allocation=allocation) == 0
    assert balance(KIND.MANAGEMENT_CONTRIBUTION, allocation=allocation) == 0
    # Issue 24: released but unpaid money is not paid to a withdrawn allocation's LTO: the
    # releases are reversed and everything comes back.
    assert balance(KIND.PAYABLE, allocation=allocation) == Decimal("0.00")
    assert balance(KIND.UNCOMMITTED) == Decimal("2000000.00")
    statuses = set(allocation.tranches.values_list("status", flat=True))
    assert statuses == {Tranche.Status.CANCELLED}
    ledger_is_consistent()


def test_one_officer_alone_cannot_withdraw_committed_money(officers):
    """Issue 13: a withdrawal gives committed money back, so it needs a second officer."""
    scenario.fund(officers[0], "2000000.00")
    allocation = scenario.active(*officers, amount="1000000.00")
    before = written()
    with pytest.raises(DomainError, match="a second officer must agree to withdraw it"):
        allocation_withdraw(allocation_id=allocation.pk, actor=officers[1], reason="Dissolved")
    assert written() == before


def test_withdrawing_a_proposal_posts_nothing(officers):
    allocation = scenario.proposed(officers[0])
    allocation_withdraw(allocation_id=allocation.pk, actor=officers[0], reason="Duplicate")
    allocation.refresh_from_db()
    assert allocation.status == Allocation.Status.WITHDRAWN
    assert not allocation.ledger_transactions.exists()
