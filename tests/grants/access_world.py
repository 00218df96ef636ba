"""Partnership B's money, for the access matrix (tests/access/world.py), built through the
services: an active allocation with a funding agreement, a released tranche, a pending
amendment, and a contribution to the endowment."""

from datetime import date
from decimal import Decimal

from cwf.accounts.roles import Role
from grants.models import AllocationAmendment, CapitalSource, EndowmentMovement
from grants.services.agreements import funding_agreement_issue
from grants.services.allocations import allocation_approve, allocation_propose
from grants.services.amendments import amendment_propose
from grants.services.disbursement import tranches_release_due
from grants.services.endowment import endowment_movement_record
from tests.factories import user_with_role


def grants_objects(world) -> None:
    from tests.access.world import B_MARKER
    from tests.grants.scenario import lto_for

    officer = world.users["officer"]
    second = user_with_role(Role.FUND_OFFICER, email="officer2@matrix.test")
    world.b_objects["movement"] = endowment_movement_record(
        actor=officer,
        kind=EndowmentMovement.Kind.CAPITAL_CONTRIBUTION,
        source=CapitalSource.PHILANTHROPY,
        amount=Decimal("5000000.00"),
        received_on=date(2024, 1, 2),
        description=f"Gift for {B_MARKER}",
    )
    lto_for(world.b, name=f"{B_MARKER} Community Trust", contact_email="")
    allocation = allocation_propose(
        actor=officer,
        partnership_id=world.b.pk,
        amount=Decimal("1200000.00"),
        starts_on=date(2024, 4, 1),
        term_years=10,
        purpose=f"Allocation for {B_MARKER}",
    )
    allocation_approve(allocation_id=allocation.pk, actor=second)
    funding_agreement_issue(allocation_id=allocation.pk, actor=officer, frequency="annual")
    tranches_release_due(today=date(2024, 4, 1))
    world.b_objects["allocation"] = allocation
    world.b_objects["tranche"] = allocation.tranches.get(sequence=1)
    world.b_objects["amendment"] = amendment_propose(
        allocation_id=allocation.pk,
        actor=officer,
        kind=AllocationAmendment.Kind.TERM,
        new_starts_on=date(2024, 4, 1),
        new_term_years=12,
        reason=f"{B_MARKER} asked for longer",
    )
    _coinvestment_objects(world, officer, second)


def _coinvestment_objects(world, officer, second) -> None:
    """Issue 18: a co-funder named for B, its pledge to B (accepted, part received, some
    scheduled for B) and B's own local income."""
    from grants.models import LocalIncome, Pledge
    from grants.services.coinvestment import (
        co_funder_save,
        pledge_accept,
        pledge_receipt_record,
        pledge_record,
    )
    from grants.services.local_income import local_income_record
    from grants.services.restricted_money import restricted_release_schedule
    from tests.access.world import B_MARKER

    co_funder = co_funder_save(actor=officer, name=f"{B_MARKER} Foundation")
    pledge = pledge_record(
        actor=officer,
        co_funder_id=co_funder.pk,
        amount="40000.00",
        starts_on=date(2024, 1, 1),
        ends_on=date(2024, 12, 31),
        restriction=Pledge.Restriction.PARTNERSHIP,
        partnership_id=world.b.pk,
        conditions=f"For {B_MARKER} only",
    )
    pledge_accept(pledge_id=pledge.pk, actor=second)
    pledge_receipt_record(
        pledge_id=pledge.pk,
        actor=officer,
        amount="10000.00",
        received_on=date(2024, 2, 1),
        bank_reference=f"{B_MARKER}-1",
    )
    world.b_objects["co_funder"] = co_funder
    world.b_objects["pledge"] = pledge
    world.b_objects["restricted_release"] = restricted_release_schedule(
        pledge_id=pledge.pk,
        actor=officer,
        partnership_id=world.b.pk,
        amount="5000.00",
        due_on=date(2030, 1, 1),
    )
    # A change to B's pledge awaiting a second officer (issue 18's four eyes): officers only.
    from grants.services.coinvestment import pledge_amendment_propose

    world.b_objects["pledge_amendment"] = pledge_amendment_propose(
        pledge_id=pledge.pk, actor=officer, reason=f"{B_MARKER} raised it", amount="45000.00"
    )
    world.b_objects["local_income"] = local_income_record(
        actor=officer,
        partnership_id=world.b.pk,
        kind=LocalIncome.Kind.DONATION,
        source=f"{B_MARKER} fete",
        amount="750.00",
        received_on=date(2024, 3, 1),
        evidence_reference=f"{B_MARKER} statement",
    )
