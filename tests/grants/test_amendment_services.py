"""Amendments: append-only, four eyes, and what approval does to the money and the schedule."""

from datetime import date
from decimal import Decimal

import pytest

from cwf.core.errors import DomainError
from grants.models import Account, AllocationAmendment, Frequency, Tranche
from grants.services.amendments import amendment_approve, amendment_propose, amendment_reject
from grants.services.disbursement import tranches_release_due
from grants.services.endowment import endowment_movement_record
from tests.grants import scenario
from tests.grants.helpers import balance, ledger_is_consistent, written

pytestmark = pytest.mark.django_db
KIND = AllocationAmendment.Kind


@pytest.fixture
def officers():
    officers = scenario.officers()
    scenario.fund(officers[0], "3000000.00")
    return officers


def amend(allocation, officer, **kwargs):
    kwargs.setdefault("reason", "The plan changed")
    return amendment_propose(allocation_id=allocation.pk, actor=officer, **kwargs)


def test_an_increase_commits_more_and_respreads_the_open_tranches(officers):
    allocation = scenario.active(*officers, amount="1000000.00")
    tranches_release_due(today=date(2025, 4, 1))  # 2 of 10 annual tranches released
    amendment = amend(allocation, officers[0], kind=KIND.AMOUNT, new_amount="1200000.00")
    assert balance(Account.Kind.COMMITMENT, allocation=allocation) == Decimal("800000.00")
    amendment_approve(amendment_id=amendment.pk, actor=officers[1])
    allocation.refresh_from_db()
    assert allocation.amount == Decimal("1200000.00")
    assert allocation.management_contribution == Decimal("60000.00")
    assert balance(Account.Kind.COMMITMENT, allocation=allocation) == Decimal("1000000.00")
    assert balance(Account.Kind.MANAGEMENT_CONTRIBUTION, allocation=allocation) == Decimal(
        "50000.00"
    )
    open_amounts = allocation.tranches.filter(status=Tranche.Status.SCHEDULED).values_list(
        "amount", flat=True
    )
    assert list(open_amounts) == [Decimal("125000.00")] * 8
    assert balance(Account.Kind.UNCOMMITTED) == Decimal("3000000.00") - Decimal("1260000.00")
    amendment.refresh_from_db()
    assert amendment.status == AllocationAmendment.Status.APPROVED
    assert amendment.amount_before == Decimal("1000000.00")
    ledger_is_consistent()


def test_the_proposer_cannot_approve_their_own_amendment(officers):
    allocation = scenario.active(*officers)
    amendment = amend(allocation, officers[0], kind=KIND.AMOUNT, new_amount="1100000.00")
    before = written()
    with pytest.raises(DomainError, match="You proposed this amendment"):
        amendment_approve(amendment_id=amendment.pk, actor=officers[0])
    assert written() == before


def test_an_increase_needs_uncommitted_funds(officers):
    allocation = scenario.active(*officers, amount="2000000.00")  # leaves 900,000.00
    endowment_movement_record(
        actor=officers[0],
        kind="fee",
        amount="500000.00",
        received_on=date(2025, 1, 1),
        description="Costs",
    )
    amendment = amend(allocation, officers[0], kind=KIND.AMOUNT, new_amount="2500000.00")
    before = written()
    with pytest.raises(DomainError) as refusal:
        amendment_approve(amendment_id=amendment.pk, actor=officers[1])
    assert refusal.value.message == (
        "Uncommitted funds are £400,000.00, but raising the allocation by £500,000.00 plus "
        "£25,000.00 LTO management contribution needs £525,000.00: £125,000.00 more than is "
        "available."
    )
    assert written() == before


def test_the_amount_cannot_fall_below_what_was_released(officers, settings):
    settings.ALLOCATION_MIN_AMOUNT = Decimal("1.00")
    allocation = scenario.active(*officers, amount="1000000.00")
    tranches_release_due(today=date(2025, 4, 1))
    with pytest.raises(DomainError, match=r"£200,000\.00 has been released already"):
        amend(allocation, officers[0], kind=KIND.AMOUNT, new_amount="199999.99")


def test_one_pending_amendment_at_a_time(officers):
    allocation = scenario.active(*officers)
    amend(allocation, officers[0], kind=KIND.TERM, new_term_years=12)
    with pytest.raises(DomainError, match="already has an amendment awaiting approval"):
        amend(allocation, officers[1], kind=KIND.AMOUNT, new_amount="1100000.00")


def test_a_term_amendment_keeps_the_tranches_within_the_term(officers):
    allocation = scenario.active(*officers, term_years=12)
    with pytest.raises(DomainError, match="Tranche 11 is due on 1 Apr 2034, outside the new"):
        amend(allocation, officers[0], kind=KIND.TERM, new_term_years=10)
    amendment = amend(allocation, officers[0], kind=KIND.TERM, new_term_years=15)
    amendment_approve(amendment_id=amendment.pk, actor=officers[1])
    allocation.refresh_from_db()
    assert allocation.term_years == 15


def test_a_schedule_amendment_replaces_the_open_tranches(officers):
    allocation = scenario.active(*officers, amount="1000000.00")
    tranches_release_due(today=date(2024, 4, 1))
    amendment = amend(
        allocation,
        officers[0],
        kind=KIND.SCHEDULE,
        new_frequency=Frequency.HALF_YEARLY,
        new_first_due_on=date(2025, 1, 1),
    )
    amendment_approve(amendment_id=amendment.pk, actor=officers[1])
    scheduled = allocation.tranches.filter(status=Tranche.Status.SCHEDULED)
    assert scheduled.count() == 19  # 1 Jan 2025 to 1 Jul 2034
    assert sum(scheduled.values_list("amount", flat=True)) == Decimal("900000.00")
    assert allocation.tranches.filter(status=Tranche.Status.CANCELLED).count() == 9
    assert len(set(allocation.tranches.values_list("sequence", flat=True))) == 29
    ledger_is_consistent()


def test_rejection_needs_a_reason_and_another_officer(officers):
    allocation = scenario.active(*officers)
    amendment = amend(allocation, officers[0], kind=KIND.TERM, new_term_years=12)
    with pytest.raises(DomainError, match="different officer must decide"):
        amendment_reject(amendment_id=amendment.pk, actor=officers[0], note="No")
    amendment_reject(amendment_id=amendment.pk, actor=officers[1], note="Not yet")
    amendment.refresh_from_db()
    assert amendment.status == AllocationAmendment.Status.REJECTED
    allocation.refresh_from_db()
    assert allocation.term_years == 10
