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
