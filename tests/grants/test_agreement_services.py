"""Issuing the funding agreement (the schedule generator) and officers' edits to it."""

from datetime import date
from decimal import Decimal

import pytest

from cwf.core.errors import DomainError
from grants.models import Allocation, Frequency, Tranche
from grants.services.agreements import funding_agreement_issue, schedule_edit
from grants.services.disbursement import tranches_release_due
from grants.services.tranches import tranche_hold
from tests.grants import scenario
from tests.grants.helpers import written

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers():
    officers = scenario.officers()
    scenario.fund(officers[0])
    return officers


def amounts(allocation):
    return list(allocation.tranches.order_by("sequence").values_list("amount", flat=True))


@pytest.mark.parametrize(
    ("frequency", "count"),
    [(Frequency.QUARTERLY, 40), (Frequency.HALF_YEARLY, 20), (Frequency.ANNUAL, 10)],
)
def test_the_schedule_adds_up_to_the_penny(officers, frequency, count):
    allocation = scenario.active(*officers, amount="1000000.07", frequency=frequency)
    tranches = list(allocation.tranches.order_by("sequence"))
    assert len(tranches) == count
    assert sum(t.amount for t in tranches) == Decimal("1000000.07")
    assert sum(t.management_contribution for t in tranches) == Decimal("50000.00")
    # The 7 pence left over go one each to the first seven tranches.
    assert [t.amount - tranches[-1].amount for t in tranches[:8]] == [Decimal("0.01")] * 7 + [0]
    assert allocation.status == Allocation.Status.ACTIVE
    assert allocation.funding_agreement.reference == f"FA-{allocation.pk:05d}"


def test_custom_dates(officers):
    dates = [date(2024, 6, 1), date(2026, 6, 1), date(2030, 6, 1)]
    allocation = scenario.active(
        *officers, amount="1000000.00", frequency=Frequency.CUSTOM, custom_dates=dates
    )
    assert list(allocation.tranches.values_list("due_on", flat=True)) == dates
    assert amounts(allocation) == [Decimal("333333.34"), Decimal("333333.33"), Decimal("333333.33")]


def test_no_agreement_without_an_lto_that_passed_due_diligence(officers):
    allocation = scenario.approved(*officers)
    with pytest.raises(DomainError, match="has no Locally Trusted Organisation"):
        funding_agreement_issue(allocation_id=allocation.pk, actor=officers[0])
    scenario.lto_for(allocation.partnership, passed=False)
    before = written()
    with pytest.raises(DomainError, match="has not passed due diligence \\(in progress\\)"):
        funding_agreement_issue(allocation_id=allocation.pk, actor=officers[0])
    assert written() == before


def test_an_unapproved_allocation_gets_no_agreement(officers):
    allocation = scenario.proposed(officers[0])
    scenario.lto_for(allocation.partnership)
    with pytest.raises(DomainError, match="is proposed and cannot become active"):
        funding_agreement_issue(allocation_id=allocation.pk, actor=officers[0])


def test_moving_money_between_scheduled_tranches(officers):
    allocation = scenario.active(*officers, amount="1000000.00")
    first, second = allocation.tranches.order_by("sequence")[:2]
    schedule_edit(
        allocation_id=allocation.pk,
        actor=officers[0],
        changes={
            first.pk: (date(2024, 5, 1), Decimal("150000.00")),
            second.pk: (second.due_on, Decimal("50000.00")),
        },
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.due_on, first.amount, second.amount) == (
        date(2024, 5, 1),
        Decimal("150000.00"),
        Decimal("50000.00"),
    )
    # The contribution follows the money.
    assert (first.management_contribution, second.management_contribution) == (
        Decimal("7500.00"),
        Decimal("2500.00"),
    )
    assert sum(amounts(allocation)) == Decimal("1000000.00")


def test_a_schedule_that_does_not_add_up_is_refused(officers):
    allocation = scenario.active(*officers, amount="1000000.00")
    first = allocation.tranches.order_by("sequence").first()
    before = written()
    with pytest.raises(DomainError) as refusal:
        schedule_edit(
            allocation_id=allocation.pk,
            actor=officers[0],
            changes={first.pk: (first.due_on, Decimal("100000.01"))},
        )
    assert refusal.value.message.startswith(
        "The schedule must still add up to £1,000,000.00. The tranches you changed add up to "
        "£100,000.01, £0.01 more than before."
    )
    assert written() == before


def test_editing_a_released_tranche_is_refused(officers):
    allocation = scenario.active(*officers, amount="1000000.00")
    tranches_release_due(today=date(2024, 4, 1))
    released, later = allocation.tranches.order_by("sequence")[:2]
    before = written()
    with pytest.raises(DomainError, match=r"Tranche 1 .* is released, so it cannot be changed"):
        schedule_edit(
            allocation_id=allocation.pk,
            actor=officers[0],
            changes={
                released.pk: (released.due_on, Decimal("90000.00")),
                later.pk: (later.due_on, Decimal("110000.00")),
            },
        )
    assert written() == before


def test_a_held_tranche_cannot_be_edited_either(officers):
    allocation = scenario.active(*officers, amount="1000000.00")
    tranche = allocation.tranches.order_by("sequence").first()
    tranche_hold(tranche_id=tranche.pk, actor=officers[0], reason="Report overdue")
    with pytest.raises(DomainError, match="is on hold, so it cannot be changed"):
        schedule_edit(
            allocation_id=allocation.pk,
            actor=officers[0],
            changes={tranche.pk: (date(2024, 6, 1), tranche.amount)},
        )


def test_dates_outside_the_term_are_refused(officers):
    allocation = scenario.active(*officers, amount="1000000.00")
    tranche = allocation.tranches.order_by("sequence").last()
    with pytest.raises(DomainError, match="1 Apr 2034 is outside the term"):
        schedule_edit(
            allocation_id=allocation.pk,
            actor=officers[0],
            changes={tranche.pk: (date(2034, 4, 1), tranche.amount)},
        )
    assert Tranche.objects.filter(due_on=date(2034, 4, 1)).count() == 0
