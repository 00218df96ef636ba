"""Amendments to an approved allocation: its amount, term or payment schedule, its withdrawal,
or its close. Four eyes, like approval: one officer proposes with a reason, a different officer
approves or rejects, and neither may be the one who brought the other in
(cwf.accounts.permissions.four_eyes_refusal). The amendment is kept as a record of what
changed, and why, and who agreed.

What approval does:
- amount: moves the difference between uncommitted funds and the commitment (with its LTO
  management contribution) and spreads the new unreleased total over the open tranches as equal
  instalments. Refused when uncommitted funds cannot cover an increase, or when the new amount
  is below what has been released already.
- term: changes the start and length; every tranche must still fall within the new term.
- schedule: replaces the scheduled tranches with a new schedule (how often, from when, or custom
  dates) for what is still unreleased. Refused while a tranche is on hold.
- withdrawal: stops the allocation; what is committed and unreleased goes back to uncommitted
  funds (allocations.withdrawal_apply).
- close: records the underspend the LTO returned and closes a closing allocation
  (closeout.close_apply).
- lto_change: a new LTO takes over the funding agreement (lto_change.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from cwf.accounts import permissions
from cwf.accounts.permissions import require_officer
from cwf.core.dates import display_date
from cwf.core.errors import DomainError
from cwf.core.money import format_gbp, money
from cwf.core.transitions import check_transition
from partnerships.models import Lto

from ..models import Allocation, AllocationAmendment, Frequency, Tranche, Transaction
from ..signals import allocation_event
from .allocations import (
    check_bounds,
    check_uncommitted_covers,
    commitment_post,
    withdrawal_apply,
)
from .closeout import close_apply, close_check
from .lto_change import lto_change_apply, lto_change_check
from .schedule import contribution_on, schedule_dates
from .tranches import (
    open_tranches_locked,
    released_totals,
    tranches_cancel_open,
    tranches_create,
    tranches_respread,
)

KIND = AllocationAmendment.Kind
ENDINGS = (KIND.WITHDRAWAL, KIND.CLOSE)
AMENDABLE = Allocation.COMMITTED_STATUSES


def amendment_transition(amendment: AllocationAmendment, target: str) -> None:
    check_transition(
        current=amendment.status,
        target=target,
        allowed=AllocationAmendment.TRANSITIONS,
        what="amendment",
    )
    amendment.status = target


def amendment_propose(
    *,
    allocation_id: int,
    actor,
    kind: str,
    reason: str,
    new_amount=None,
    new_starts_on: date | None = None,
    new_term_years: int | None = None,
    new_frequency: str = "",
    new_first_due_on: date | None = None,
    new_custom_dates: Sequence[date] = (),
    underspend_returned=None,
    returned_on: date | None = None,
    bank_reference: str = "",
    new_lto_id: int | None = None,
    new_lto_starts_on: date | None = None,
    handover_transferred=None,
    handover_on: date | None = None,
    handover_note: str = "",
) -> AllocationAmendment:
    require_officer(actor, to="propose an amendment")
    if not reason.strip():
        raise DomainError("Say why the allocation is being amended.", field="reason")
    with transaction.atomic():
        allocation = Allocation.objects.select_for_update().get(pk=allocation_id)
        amendment = AllocationAmendment(
            allocation=allocation,
            kind=kind,
            reason=reason.strip(),
            amount_before=allocation.amount,
            starts_on_before=allocation.starts_on,
            term_years_before=allocation.term_years,
            proposed_by=actor,
        )
        if kind == KIND.AMOUNT:
            amendment.new_amount = money(new_amount, field="new_amount", label="new amount")
        elif kind == KIND.TERM:
            amendment.new_starts_on = new_starts_on or allocation.starts_on
            amendment.new_term_years = new_term_years
        elif kind == KIND.SCHEDULE:
            amendment.new_frequency = new_frequency
            amendment.new_first_due_on = new_first_due_on
            amendment.new_custom_dates = [d.isoformat() for d in sorted(new_custom_dates)]
        elif kind == KIND.CLOSE:
            amendment.underspend_returned = money(
                underspend_returned if underspend_returned not in (None, "") else "0",
                allow_zero=True,
                field="underspend_returned",
            )
            amendment.returned_on = returned_on or timezone.localdate()
            amendment.bank_reference = bank_reference.strip()
        elif kind == KIND.LTO_CHANGE:
            amendment.new_lto = Lto.objects.filter(pk=new_lto_id).first()
            amendment.old_lto = getattr(getattr(allocation, "funding_agreement", None), "lto", None)
            amendment.new_lto_starts_on = new_lto_starts_on
            amendment.handover_transferred = money(
                handover_transferred if handover_transferred not in (None, "") else "0",
                allow_zero=True,
                field="handover_transferred",
                label="money transferred to the new LTO",
            )
            amendment.handover_on = handover_on
            amendment.bank_reference = bank_reference.strip()
            amendment.handover_note = handover_note.strip()
        elif kind != KIND.WITHDRAWAL:
            raise DomainError("Choose what the amendment changes.", field="kind")
        _check(amendment, allocation)
        try:
            with transaction.atomic():
                amendment.save()
        except IntegrityError as exc:
            raise DomainError(
                "This allocation already has an amendment awaiting approval."
            ) from exc
        allocation_event.send(
            sender=AllocationAmendment,
            allocation=allocation,
            # Ending an allocation is announced as such, to the partnership too (issue 24).
            event="ending_proposed" if kind in ENDINGS else "amendment_proposed",
            actor=actor,
            amendment=amendment,
        )
    return amendment


def _check(amendment: AllocationAmendment, allocation: Allocation) -> None:
    """Everything that must hold for the amendment to be applied, checked when it is proposed
    and again when it is approved (the allocation may have moved on in between)."""
    if allocation.status not in AMENDABLE:
        raise DomainError(
            f"This allocation is {allocation.get_status_display().lower()}: only an approved, "
            f"active or closing allocation can be amended."
        )
    if amendment.kind == KIND.AMOUNT:
        check_bounds(amount=amendment.new_amount, term_years=allocation.term_years)
        released, _ = released_totals(allocation)
        if amendment.new_amount < released:
            raise DomainError(
                f"{format_gbp(released)} has been released already: the amount cannot go below "
                f"that.",
                field="new_amount",
            )
        if amendment.new_amount == allocation.amount:
            raise DomainError("The new amount is the same as the current one.", field="new_amount")
    elif amendment.kind == KIND.WITHDRAWAL:
        pass  # any approved, active or closing allocation can be withdrawn
    elif amendment.kind == KIND.CLOSE:
        close_check(allocation=allocation, underspend=amendment.underspend_returned)
        if amendment.underspend_returned > 0 and not amendment.bank_reference:
            raise DomainError(
                "Enter the bank reference of the LTO's repayment.", field="bank_reference"
            )
    elif amendment.kind == KIND.LTO_CHANGE:
        lto_change_check(amendment, allocation)
    elif amendment.kind == KIND.TERM:
        if amendment.new_term_years is None:
            raise DomainError("Enter the new term in years.", field="new_term_years")
        check_bounds(amount=allocation.amount, term_years=amendment.new_term_years)
        _check_tranches_within(amendment, allocation)
    else:
        if not hasattr(allocation, "funding_agreement"):
            raise DomainError("There is no payment schedule yet: issue the funding agreement.")
        _new_schedule_dates(amendment, allocation)
        _refuse_while_held(allocation)


def _check_tranches_within(amendment: AllocationAmendment, allocation: Allocation) -> None:
    start = amendment.new_starts_on
    probe = Allocation(starts_on=start, term_years=amendment.new_term_years)
    outside = (
        allocation.tranches.exclude(status=Tranche.Status.CANCELLED)
        .exclude(due_on__gte=start, due_on__lt=probe.ends_on)
        .order_by("due_on")
        .first()
    )
    if outside is not None:
        raise DomainError(
            f"Tranche {outside.number} is due on {display_date(outside.due_on)}, outside the new "
            f"term ({display_date(start)} to {display_date(probe.last_day)}). Change the "
            f"schedule first.",
            field="new_term_years",
        )


def _refuse_while_held(allocation: Allocation) -> None:
    """A new schedule replaces the open tranches, and a hold is an officer's decision about one
    of them: refused when proposed (not only at approval), so it blocks nothing meanwhile."""
    held = allocation.tranches.filter(status=Tranche.Status.HELD).order_by("due_on").first()
    if held is not None:
        raise DomainError(
            f"Tranche {held.number} is on hold: lift the hold before changing the schedule."
        )


# A schedule amendment may follow the endorsed plan instead of a frequency: each action-plan
# year's budget when that year starts, the rest by the costed vision (plans.endorsement), as
# endorsing the plan would schedule it. Offered after an amount or term change (issue 24).
FOLLOW_PLAN = "plan"


def _plan_payments(allocation: Allocation) -> dict[date, Decimal]:
    from ..models import SpendingPlan
    from .plans.endorsement import action_schedule

    plan = SpendingPlan.objects.filter(
        partnership_id=allocation.partnership_id, status=SpendingPlan.Status.ENDORSED
    ).first()
    if plan is None:
        raise DomainError(
            "There is no endorsed plan to follow: choose how often to pay instead.",
            field="new_frequency",
        )
    plan.allocation = allocation
    released, _ = released_totals(allocation)
    return action_schedule(plan, remaining=allocation.amount - released, today=timezone.localdate())


def _new_schedule_dates(amendment: AllocationAmendment, allocation: Allocation) -> list[date]:
    if amendment.new_frequency == FOLLOW_PLAN:
        return list(_plan_payments(allocation))
    return schedule_dates(
        frequency=amendment.new_frequency,
        starts_on=allocation.starts_on,
        ends_on=allocation.ends_on,
        first_due_on=amendment.new_first_due_on,
        custom_dates=[date.fromisoformat(d) for d in amendment.new_custom_dates],
    )


def amendment_approve(*, amendment_id: int, actor) -> AllocationAmendment:
    require_officer(actor, to="approve an amendment")
    with transaction.atomic():
        amendment = AllocationAmendment.objects.get(pk=amendment_id)
        # Locking policy, step 1: the allocation, before anything it owns.
        allocation = Allocation.objects.select_for_update().get(pk=amendment.allocation_id)
        amendment = AllocationAmendment.objects.select_for_update().get(pk=amendment_id)
        _refuse_unless_second_pair_of_eyes(amendment, actor, to="approve it")
        amendment_transition(amendment, AllocationAmendment.Status.APPROVED)
        _check(amendment, allocation)
        APPLY[amendment.kind](amendment, allocation, actor)
        amendment.decided_by, amendment.decided_at = actor, timezone.now()
        amendment.save(update_fields=["status", "decided_by", "decided_at"])
        allocation_event.send(
            sender=AllocationAmendment,
            allocation=allocation,
            event="amendment_approved",
            actor=actor,
            amendment=amendment,
        )
    return amendment


def amendment_reject(*, amendment_id: int, actor, note: str) -> AllocationAmendment:
    require_officer(actor, to="reject an amendment")
    if not note.strip():
        raise DomainError("Say why the amendment is rejected.", field="note")
    with transaction.atomic():
        amendment = AllocationAmendment.objects.select_for_update().get(pk=amendment_id)
        _refuse_unless_second_pair_of_eyes(amendment, actor, to="decide it")
        amendment_transition(amendment, AllocationAmendment.Status.REJECTED)
        amendment.decided_by, amendment.decided_at = actor, timezone.now()
        amendment.decision_note = note.strip()
        amendment.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        allocation_event.send(
            sender=AllocationAmendment,
            allocation=amendment.allocation,
            event="amendment_rejected",
            actor=actor,
            amendment=amendment,
        )
    return amendment


def _refuse_unless_second_pair_of_eyes(amendment, actor, *, to: str) -> None:
    refusal = permissions.four_eyes_refusal(
        actor, first=amendment.proposed_by, did="proposed this amendment", to=to
    )
    if refusal:
        raise DomainError(refusal)


def _apply_amount(amendment, allocation: Allocation, actor) -> None:
    new_amount = amendment.new_amount
    released, released_contribution = released_totals(allocation)
    # A contribution never falls below what has been paid out on it already.
    new_contribution = max(
        contribution_on(new_amount, allocation.management_contribution_rate),
        released_contribution,
    )
    extra = new_amount - allocation.amount
    extra_contribution = new_contribution - allocation.management_contribution
    tranches = open_tranches_locked(allocation) if hasattr(allocation, "funding_agreement") else []
    if extra + extra_contribution > 0:
        check_uncommitted_covers(
            needed=extra + extra_contribution,
            what=(
                f"raising the allocation by {format_gbp(extra)} plus "
                f"{format_gbp(extra_contribution)} LTO management contribution"
            ),
        )
    if tranches or hasattr(allocation, "funding_agreement"):
        tranches_respread(
            tranches=tranches,
            amount=new_amount - released,
            contribution=new_contribution - released_contribution,
        )
    commitment_post(
        allocation=allocation,
        amount=extra,
        contribution=extra_contribution,
        actor=actor,
        memo=f"Amount changed from {format_gbp(allocation.amount)} to {format_gbp(new_amount)}: "
        f"{amendment.reason}",
        kind=Transaction.Kind.AMENDMENT,
        key=f"amendment:{amendment.pk}",
    )
    allocation.amount, allocation.management_contribution = new_amount, new_contribution
    allocation.save(update_fields=["amount", "management_contribution"])


def _apply_term(amendment, allocation: Allocation, actor) -> None:
    allocation.starts_on = amendment.new_starts_on
    allocation.term_years = amendment.new_term_years
    allocation.save(update_fields=["starts_on", "term_years"])


def _apply_schedule(amendment, allocation: Allocation, actor) -> None:
    dates = _new_schedule_dates(amendment, allocation)
    tranches = open_tranches_locked(allocation)
    held = [t for t in tranches if t.status == Tranche.Status.HELD]
    if held:
        raise DomainError(
            f"Tranche {held[0].number} is on hold: lift the hold before changing the schedule."
        )
    released, released_contribution = released_totals(allocation)
    remaining = allocation.amount - released
    remaining_contribution = allocation.management_contribution - released_contribution
    tranches_cancel_open(allocation=allocation, actor=actor, why="Schedule replaced")
    if remaining > 0:
        created = tranches_create(
            allocation=allocation,
            dates=dates,
            amount=remaining,
            contribution=remaining_contribution,
        )
        if amendment.new_frequency == FOLLOW_PLAN:
            payments = _plan_payments(allocation)
            for tranche in created:
                tranche.amount = payments[tranche.due_on]
            tranches_respread(
                tranches=created,
                amount=remaining,
                contribution=remaining_contribution,
                equal=False,
            )
    agreement = allocation.funding_agreement
    agreement.frequency = (
        Frequency.CUSTOM
        if amendment.new_frequency in ("", FOLLOW_PLAN)
        else amendment.new_frequency
    )
    agreement.first_due_on = dates[0]
    agreement.save(update_fields=["frequency", "first_due_on"])


def _apply_withdrawal(amendment, allocation: Allocation, actor) -> None:
    withdrawal_apply(allocation=allocation, actor=actor, reason=amendment.reason)


def _apply_close(amendment, allocation: Allocation, actor) -> None:
    close_apply(
        allocation=allocation,
        actor=actor,
        underspend_returned=amendment.underspend_returned,
        returned_on=amendment.returned_on,
        bank_reference=amendment.bank_reference,
    )


APPLY = {
    KIND.AMOUNT: _apply_amount,
    KIND.TERM: _apply_term,
    KIND.SCHEDULE: _apply_schedule,
    KIND.WITHDRAWAL: _apply_withdrawal,
    KIND.CLOSE: _apply_close,
    KIND.LTO_CHANGE: lto_change_apply,
}
