"""A change of LTO while a funding agreement is in force: an amendment of kind "lto_change",
proposed by one officer and approved by another (amendments.py), like every change to what the
fund owes and to whom.

While it awaits approval nothing of the allocation is released or paid (disbursement and
payments check `lto_change_pending`). Approving it, `lto_change_apply`:

1. ends the old LTO's link to the partnership and starts the new one (partnerships' `lto_link`,
   which refuses any other change of LTO while an agreement binds the old one: `lto_link_guard`);
2. novates the funding agreement: the unreleased schedule is now owed to the new LTO, and every
   later release names it (the payee of a release is the agreement's LTO);
3. cancels released tranches not yet paid (their releases reversed in the ledger) and schedules
   a replacement for each on the same due date, which the next release run releases to the new
   LTO: nothing is paid to the old LTO silently;
4. records the old LTO's handover of the money it holds: the part transferred to the new LTO is
   posted paid:<old LTO> -> paid:<new LTO>, with its bank reference and date; the rest is
   explained in the handover note (returned: record it as money returned; spent: in the log)."""

from __future__ import annotations

from django.utils import timezone

from cwf.core.dates import display_date
from cwf.core.errors import DomainError
from cwf.core.money import ZERO, format_gbp
from partnerships.models import Lto, PartnershipLto

from ..models import Account, Allocation, AllocationAmendment, Transaction
from . import ledger
from .disbursement import releases_cancel_unpaid
from .tranches import tranches_create

ACCOUNT = Account.Kind
CHANGEABLE = (Allocation.Status.ACTIVE, Allocation.Status.CLOSING)


def lto_link_guard(partnership) -> str | None:
    """For partnerships.services.ltos.lto_link: a partnership whose funding agreement is in
    force changes its LTO only through the four-eyes change of LTO."""
    allocation = Allocation.objects.filter(
        partnership=partnership, status__in=CHANGEABLE, funding_agreement__isnull=False
    ).first()
    if allocation is None:
        return None
    return (
        f"The funding agreement {allocation.funding_agreement.reference} binds the current LTO. "
        f"Change the LTO from the allocation's page (Change the LTO): a second officer approves "
        f"it, and the agreement, the payments and the money the old LTO holds move with it."
    )


def held_by_old_lto(allocation: Allocation):
    from ..selectors.money import partnership_money

    return partnership_money(partnership_id=allocation.partnership_id).returnable


def lto_change_check(amendment: AllocationAmendment, allocation: Allocation) -> None:
    if allocation.status not in CHANGEABLE or not hasattr(allocation, "funding_agreement"):
        raise DomainError(
            "The LTO changes here once a funding agreement is in force. Before that, choose "
            "the partnership's LTO on the partnership's page."
        )
    agreement = allocation.funding_agreement
    new = amendment.new_lto
    if new is None:
        raise DomainError("Choose the new LTO.", field="new_lto")
    if new.pk == agreement.lto_id:
        raise DomainError(f"{new} is already party to the funding agreement.", field="new_lto")
    if new.due_diligence_status != Lto.DueDiligence.PASSED:
        raise DomainError(
            f"{new} has not passed due diligence "
            f"({new.get_due_diligence_status_display().lower()}): the fund's money can only go "
            f"to an LTO that has.",
            field="new_lto",
        )
    current = PartnershipLto.objects.filter(
        partnership_id=allocation.partnership_id, ends_on__isnull=True
    ).first()
    starts_on = amendment.new_lto_starts_on
    if starts_on is None:
        raise DomainError("Enter the day the new LTO takes over.", field="new_lto_starts_on")
    if current is not None and starts_on <= current.starts_on:
        raise DomainError(
            f"The new LTO must start after {current.lto} started "
            f"({display_date(current.starts_on)}).",
            field="new_lto_starts_on",
        )
    transferred = amendment.handover_transferred or ZERO
    held = held_by_old_lto(allocation)
    if transferred > held:
        raise DomainError(
            f"{agreement.lto} holds {format_gbp(held)} of {allocation.partnership}'s money: "
            f"{format_gbp(transferred)} cannot be handed over.",
            field="handover_transferred",
        )
    if transferred > ZERO and amendment.handover_on is None:
        raise DomainError("Enter the date the money was transferred.", field="handover_on")
    if transferred > ZERO and not amendment.bank_reference.strip():
        raise DomainError(
            "Enter the bank reference of the transfer to the new LTO.", field="handover_reference"
        )
    if transferred < held and not amendment.handover_note.strip():
        raise DomainError(
            f"{agreement.lto} holds {format_gbp(held)} and {format_gbp(transferred)} is "
            f"transferred: say what happened to the other {format_gbp(held - transferred)} "
            f"(returned to the fund, or spent and logged), with the evidence.",
            field="handover_note",
        )


def lto_change_apply(amendment: AllocationAmendment, allocation: Allocation, actor) -> None:
    """Approve a change of LTO (see the module docstring). The caller holds the allocation's
    lock and has checked the amendment again."""
    from partnerships.services.ltos import lto_link

    agreement = allocation.funding_agreement
    old, new = agreement.lto, amendment.new_lto
    lto_link(
        actor=actor,
        partnership_id=allocation.partnership_id,
        lto_id=new.pk,
        starts_on=amendment.new_lto_starts_on,
        agreed_change=True,
    )
    cancelled = releases_cancel_unpaid(
        allocation=allocation, actor=actor, why=f"The LTO changed from {old} to {new}."
    )
    for tranche in cancelled:
        tranches_create(
            allocation=allocation,
            dates=[tranche.due_on],
            amount=tranche.amount,
            contribution=tranche.management_contribution,
        )
    agreement.lto = new
    agreement.save(update_fields=["lto"])
    transferred = amendment.handover_transferred or ZERO
    if transferred > ZERO:
        ledger.ledger_post(
            lines=[
                ledger.Line(ledger.account_for(ACCOUNT.PAID, lto=new), transferred),
                ledger.Line(ledger.account_for(ACCOUNT.PAID, lto=old), -transferred),
            ],
            memo=(
                f"{old} handed {format_gbp(transferred)} of {allocation.partnership}'s money to "
                f"{new}, bank reference {amendment.bank_reference.strip()}"
            ),
            kind=Transaction.Kind.HANDOVER,
            actor=actor,
            effective_on=amendment.handover_on or timezone.localdate(),
            allocation=allocation,
            idempotency_key=f"amendment:{amendment.pk}:handover",
        )
