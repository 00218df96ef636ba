"""Scenario data for the grants tests, built through the real services (Zulip-style): an
endowment with money in it, a partnership with a vetted LTO, an allocation at any stage."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cwf.accounts.roles import Role
from grants.models import CapitalSource, EndowmentMovement, Frequency
from grants.services.agreements import funding_agreement_issue
from grants.services.allocations import allocation_approve, allocation_propose
from grants.services.endowment import endowment_movement_record
from partnerships.models import Lto, LtoContact, PartnershipLto
from tests.factories import PartnershipFactory, user_with_role

START = date(2024, 4, 1)


def officers():
    return (
        user_with_role(Role.FUND_OFFICER, full_name="Olu Officer"),
        user_with_role(Role.FUND_OFFICER, full_name="Priya Second"),
    )


def fund(officer, amount="10000000.00", source=CapitalSource.DORMANT_ASSETS, on=START):
    return endowment_movement_record(
        actor=officer,
        kind=EndowmentMovement.Kind.CAPITAL_CONTRIBUTION,
        source=source,
        amount=Decimal(amount),
        received_on=on,
        description="Tranche from the dormant assets scheme",
    )


def lto_for(partnership, *, name=None, passed=True, contact_email="lto@example.org"):
    lto = Lto.objects.create(
        name=name or f"{partnership.name} Trust",
        supplier_reference=f"SUP{partnership.pk:04d}",
        due_diligence_status=Lto.DueDiligence.PASSED if passed else Lto.DueDiligence.IN_PROGRESS,
    )
    PartnershipLto.objects.create(partnership=partnership, lto=lto, starts_on=START)
    if contact_email:
        LtoContact.objects.create(lto=lto, name="Lee Treasurer", email=contact_email)
    return lto


def proposed(proposer, *, partnership=None, amount="1000000.00", term_years=10, starts_on=START):
    partnership = partnership or PartnershipFactory()
    return allocation_propose(
        actor=proposer,
        partnership_id=partnership.pk,
        amount=Decimal(amount),
        starts_on=starts_on,
        term_years=term_years,
    )


def approved(proposer, approver, **kwargs):
    allocation = proposed(proposer, **kwargs)
    return allocation_approve(allocation_id=allocation.pk, actor=approver)


def active(proposer, approver, *, frequency=Frequency.ANNUAL, custom_dates=(), **kwargs):
    allocation = approved(proposer, approver, **kwargs)
    if not allocation.partnership.lto_links.exists():
        lto_for(allocation.partnership)
    funding_agreement_issue(
        allocation_id=allocation.pk,
        actor=proposer,
        frequency=frequency,
        custom_dates=custom_dates,
    )
    allocation.refresh_from_db()
    return allocation


def withdraw(allocation_id, proposer, approver, reason="Withdrawn"):
    """Withdraw as the fund does: a proposal at once; a committed allocation by a withdrawal
    amendment one officer proposes and a second approves (both or neither)."""
    from django.db import transaction

    from grants.models import Allocation, AllocationAmendment
    from grants.services.allocations import allocation_withdraw
    from grants.services.amendments import amendment_approve, amendment_propose

    pk = getattr(allocation_id, "pk", allocation_id)
    if Allocation.objects.get(pk=pk).status == Allocation.Status.PROPOSED:
        return allocation_withdraw(allocation_id=pk, actor=proposer, reason=reason)
    with transaction.atomic():
        amendment = amendment_propose(
            allocation_id=pk, actor=proposer, kind=AllocationAmendment.Kind.WITHDRAWAL,
            reason=reason,
        )  # fmt: skip
        return amendment_approve(amendment_id=amendment.pk, actor=approver)


def close(
    allocation_id,
    proposer,
    approver,
    underspend_returned="0.00",
    returned_on=None,
    bank_reference="BACS-RETURN",
):
    """Close a closing allocation: one officer proposes the close with the underspend
    returned, a second approves it (both or neither)."""
    from django.db import transaction

    from grants.models import AllocationAmendment
    from grants.services.amendments import amendment_approve, amendment_propose
    from grants.services.closeout import closeout_statement_save

    pk = getattr(allocation_id, "pk", allocation_id)
    with transaction.atomic():
        closeout_statement_save(
            allocation_id=pk, actor=proposer, final_report="All done.",
            legacy_statement="A hall that lasts.",
        )  # fmt: skip
        amendment = amendment_propose(
            allocation_id=pk, actor=proposer, kind=AllocationAmendment.Kind.CLOSE,
            reason="Close-out", underspend_returned=underspend_returned, returned_on=returned_on,
            bank_reference=bank_reference,
        )  # fmt: skip
        return amendment_approve(amendment_id=amendment.pk, actor=approver)
