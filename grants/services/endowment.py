"""Money into and out of the endowment other than grants: capital contributions by source,
investment income, fees and costs. A mistake is corrected by reversing the movement."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from cwf.accounts.permissions import require_officer
from cwf.core.errors import DomainError
from cwf.core.money import format_gbp, money

from ..models import Account, CapitalSource, EndowmentMovement
from . import ledger

KIND = EndowmentMovement.Kind
ACCOUNT = Account.Kind


def _lines(movement: EndowmentMovement) -> list[ledger.Line]:
    uncommitted = ledger.account_for(ACCOUNT.UNCOMMITTED)
    amount = movement.amount
    if movement.kind == KIND.CAPITAL_CONTRIBUTION:
        source = ledger.account_for(ACCOUNT.CAPITAL, source=movement.source)
        return [ledger.Line(uncommitted, amount), ledger.Line(source, -amount)]
    if movement.kind == KIND.INVESTMENT_INCOME:
        income = ledger.account_for(ACCOUNT.INVESTMENT_INCOME)
        return [ledger.Line(uncommitted, amount), ledger.Line(income, -amount)]
    fees = ledger.account_for(ACCOUNT.FEES)
    return [ledger.Line(fees, amount), ledger.Line(uncommitted, -amount)]


def endowment_movement_record(
    *,
    actor,
    kind: str,
    amount,
    received_on: date,
    description: str,
    source: str = "",
) -> EndowmentMovement:
    """Record a capital contribution (by source), investment income, or a fee or cost, and post
    it. A fee is paid from uncommitted funds, so it is refused when they cannot cover it."""
    require_officer(actor, to="record money in the endowment")
    amount = money(amount, field="amount")
    if kind not in KIND.values:
        raise DomainError("Choose what kind of money this is.", field="kind")
    if kind == KIND.CAPITAL_CONTRIBUTION and source not in CapitalSource.values:
        raise DomainError("Choose where the capital came from.", field="source")
    if kind != KIND.CAPITAL_CONTRIBUTION:
        source = ""
    if received_on > timezone.localdate():
        raise DomainError("The date cannot be in the future.", field="received_on")
    if not description.strip():
        raise DomainError("Describe it, for the ledger.", field="description")
    with transaction.atomic():
        movement = EndowmentMovement.objects.create(
            kind=kind,
            source=source,
            amount=amount,
            received_on=received_on,
            description=description.strip(),
            recorded_by=actor,
        )
        if kind == KIND.FEE:
            available = ledger.account_for(ACCOUNT.UNCOMMITTED).balance
            if amount > available:
                raise DomainError(
                    f"Fees are paid from uncommitted funds, which are {format_gbp(available)}: "
                    f"they cannot cover {format_gbp(amount)}.",
                    field="amount",
                )
        ledger.ledger_post(
            lines=_lines(movement),
            memo=f"{movement.get_kind_display()}: {movement.description}",
            kind=kind,
            actor=actor,
            effective_on=received_on,
            endowment_movement=movement,
            idempotency_key=f"endowment:{movement.pk}",
        )
    return movement


def endowment_movement_reverse(*, movement_id: int, actor, reason: str) -> EndowmentMovement:
    """Correct a mistaken movement by reversing its ledger posting. Refused if the money has
    been committed since (reversing would take uncommitted funds below zero)."""
    require_officer(actor, to="reverse an endowment entry")
    if not reason.strip():
        raise DomainError("Say why this entry is being reversed.", field="reason")
    with transaction.atomic():
        movement = EndowmentMovement.objects.select_for_update().get(pk=movement_id)
        if movement.is_reversed:
            raise DomainError("This entry has been reversed already.")
        original = movement.ledger_transactions.get(reverses__isnull=True, kind=movement.kind)
        ledger.ledger_reverse(
            transaction_id=original.pk, actor=actor, memo=f"Reversed: {reason.strip()}"
        )
        movement.reversed_by, movement.reversed_at = actor, timezone.now()
        movement.reversal_reason = reason.strip()
        movement.save(update_fields=["reversed_by", "reversed_at", "reversal_reason"])
    return movement
