"""Money the LTO pays back to the fund: the underspend at close-out (closeout.close_apply) and,
after a withdrawal (or late, after a close), what the LTO still held (`money_return_record`).
One writer, `money_return_post`: a `MoneyReturn` row (the grant returned, the management
contribution returned with it in proportion, the bank reference and the day) and its ledger
posting, returned_underspend -> uncommitted. The partnership's "returned" figure is the sum of
these rows' grant amounts (grants.selectors.money, docs/money.md)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from cwf.accounts.permissions import require_officer
from cwf.core.dates import display_date
from cwf.core.errors import DomainError
from cwf.core.money import ZERO, format_gbp, money, pence

from ..models import Account, Allocation, MoneyReturn, Tranche, Transaction
from . import ledger
from .schedule import contribution_on

ACCOUNT = Account.Kind
# After a withdrawal the LTO pays back what it held; after a close, a late return is possible.
RETURNABLE = (Allocation.Status.WITHDRAWN, Allocation.Status.CLOSED)


def contribution_returnable(allocation: Allocation) -> Decimal:
    """The management contribution paid on this allocation and not yet returned."""
    paid = Tranche.objects.filter(allocation=allocation, status=Tranche.Status.PAID).aggregate(
        s=Sum("management_contribution")
    )["s"]
    returned = allocation.money_returns.aggregate(s=Sum("contribution"))["s"]
    return max(pence(paid) - pence(returned), ZERO)


def money_return_post(
    *,
    allocation: Allocation,
    amount: Decimal,
    returned_on: date,
    bank_reference: str,
    actor,
    key: str,
    memo: str,
) -> MoneyReturn:
    """Post a return of `amount` grant money with its proportional contribution. The caller
    holds the allocation's lock and has checked the amount."""
    contribution = min(
        contribution_on(amount, allocation.management_contribution_rate),
        contribution_returnable(allocation),
    )
    txn = ledger.ledger_post(
        lines=ledger.lines(
            (ledger.account_for(ACCOUNT.UNCOMMITTED), amount + contribution),
            (ledger.account_for(ACCOUNT.RETURNED_UNDERSPEND), -(amount + contribution)),
        ),
        memo=(
            f"{memo}: {format_gbp(amount)} returned by the LTO of {allocation.partnership}, "
            f"with {format_gbp(contribution)} management contribution"
            + (f", bank reference {bank_reference}" if bank_reference else "")
        ),
        kind=Transaction.Kind.UNDERSPEND_RETURN,
        actor=actor,
        effective_on=returned_on,
        allocation=allocation,
        idempotency_key=key,
    )
    return MoneyReturn.objects.create(
        allocation=allocation,
        amount=amount,
        contribution=contribution,
        returned_on=returned_on,
        bank_reference=bank_reference,
        transaction=txn,
        recorded_by=actor,
    )


def money_return_record(
    *, allocation_id: int, actor, amount, returned_on: date, bank_reference: str
) -> MoneyReturn:
    """Record money the LTO paid back after a withdrawal (or after a close). Refused when it is
    more than the LTO holds for the partnership (received, less spent, less returned)."""
    from ..selectors.money import partnership_money

    require_officer(actor, to="record money returned")
    amount = money(amount, field="amount", label="amount returned")
    bank_reference = bank_reference.strip()
    if not bank_reference:
        raise DomainError("Enter the bank reference of the repayment.", field="bank_reference")
    if returned_on is None:
        raise DomainError("Enter the date the money arrived.", field="returned_on")
    if returned_on > timezone.localdate():
        raise DomainError(
            "The date the money arrived cannot be in the future.", field="returned_on"
        )
    with transaction.atomic():
        # Locking policy, step 1: one decision on this allocation's money at a time.
        allocation = (
            Allocation.objects.select_for_update(of=("self",))
            .select_related("partnership")
            .get(pk=allocation_id)
        )
        if allocation.status not in RETURNABLE:
            raise DomainError(
                f"This allocation is {allocation.get_status_display().lower()}: money returned "
                f"is recorded here after a withdrawal or a close. To close, record the "
                f"underspend on the close form."
            )
        if allocation.money_returns.filter(bank_reference__iexact=bank_reference).exists():
            raise DomainError(
                f"A repayment with bank reference {bank_reference} is recorded already.",
                field="bank_reference",
            )
        held = partnership_money(partnership_id=allocation.partnership_id).returnable
        if amount > held:
            raise DomainError(
                f"The LTO holds {format_gbp(held)} of {allocation.partnership}'s money "
                f"(received, less spent, less returned): {format_gbp(amount)} is more than that.",
                field="amount",
            )
        return money_return_post(
            allocation=allocation,
            amount=amount,
            returned_on=returned_on,
            bank_reference=bank_reference,
            actor=actor,
            key=f"allocation:{allocation.pk}:return:{bank_reference.lower()}",
            memo=f"Money returned on {display_date(returned_on)}",
        )
