"""The spending log. Who may log (decided for issue 6): any of the partnership's own people
with a role (resident members, the chair, LTO finance), because residents log spend on their
phones; bulk CSV import is for LTO finance only. Officers read the log and never write to it.

Rules: a positive amount, a date not in the future, a theme, and above
settings.SPEND_DECISION_THRESHOLD a decision from this partnership's decision log; the spends
against one decision (less their reversals) never add up to more than its amount. A spend that
takes spending past what the LTO has received from the fund ("spent ahead of payments",
docs/money.md) follows settings.SPEND_AHEAD_OF_PAYMENTS: refused, or ("confirm") logged by the
LTO's finance contact confirming that the LTO is fronting the money, which the spend records.
Entries are never edited or deleted: `spend_reverse` adds a reversing entry with a reason.

Locking: the partnership row (spending ahead is judged against its totals), then the decision
row."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from cwf.accounts import permissions
from cwf.accounts.roles import Role
from cwf.core.errors import DomainError, ScopeError
from cwf.core.money import ZERO, format_gbp, money, pence
from partnerships.models import Decision, Partnership
from partnerships.selectors import decision_list

from ..models import ActionLine, Spend, SpendingPlan, SpendWithholding, Theme
from ..selectors.money import partnership_money
from .receipts import receipt_check, receipts_removed_on_failure
from .spend_totals import spend_totals_add

LOGGING_ROLES = permissions.PARTNERSHIP_PEOPLE  # who may log a spend


@dataclass
class SpendInput:
    spent_on: date | None
    amount: Decimal | str
    payee: str
    description: str
    theme_id: int | None
    action_line_id: int | None = None
    decision_id: int | None = None
    # The LTO's finance contact confirms the LTO fronts the money if this spend goes beyond
    # what the LTO has received.
    fronted_by_lto: bool = False
    payee_is_organisation: bool = False


def _ahead_of_payments(
    *, partnership_id: int, actor, amount: Decimal, fronted: bool, pending: dict
) -> bool:
    """Whether this spend goes beyond what the LTO has received (and so is fronted by the LTO);
    refuses it when settings.SPEND_AHEAD_OF_PAYMENTS does not allow it. `pending["spent"]`
    carries the amounts of earlier rows of the same import."""
    # Lock the partnership row: two spends at once are judged one after the other.
    Partnership.objects.select_for_update().filter(pk=partnership_id).first()
    figures = partnership_money(partnership_id=partnership_id)
    spent = figures.spent + pending.get("spent", ZERO)
    pending["spent"] = pending.get("spent", ZERO) + amount
    available = figures.received - figures.returned - spent
    if amount <= available:
        return False
    situation = (
        f"The LTO has received {format_gbp(figures.received)} from the fund and "
        f"{format_gbp(spent)} has been spent, so this spend of {format_gbp(amount)} would be "
        f"{format_gbp(amount - max(available, ZERO))} ahead of the payments."
    )
    if settings.SPEND_AHEAD_OF_PAYMENTS == "refuse":
        raise DomainError(
            f"{situation} Log it once the next payment has reached the LTO.", field="amount"
        )
    if partnership_id not in permissions.partnership_ids(actor, [Role.LTO_FINANCE]):
        raise DomainError(
            f"{situation} Only the LTO's finance contact can log spending ahead of payments, "
            "confirming that the LTO is fronting the money.",
            field="amount",
        )
    if not fronted:
        raise DomainError(
            f"{situation} To log it, confirm that the LTO is fronting the money.",
            field="fronted_by_lto",
        )
    return True


def spend_check(
    *, partnership_id: int, actor, data: SpendInput, today: date, pending: dict
) -> dict:
    """Check one spend; returns the fields to write. `pending` carries amounts already claimed
    against each decision earlier in the same import."""
    amount = money(data.amount, field="amount")
    if data.spent_on is None:
        raise DomainError("Enter the date of the spend.", field="spent_on")
    if data.spent_on > today:
        raise DomainError("The date of a spend cannot be in the future.", field="spent_on")
    if not data.payee.strip():
        raise DomainError("Enter who was paid.", field="payee")
    if not data.description.strip():
        raise DomainError("Say what the money was spent on.", field="description")
    for name, label, text in (
        ("payee", "who was paid", data.payee), ("description", "what it was for", data.description)
    ):  # fmt: skip
        limit = Spend._meta.get_field(name).max_length
        if len(text.strip()) > limit:
            raise DomainError(
                f"Shorten {label}: it has {len(text.strip())} characters, at most {limit}.",
                field=name,
            )
        if "\x00" in text:
            raise DomainError(f"Remove the NUL character from {label}.", field=name)
    theme = Theme.objects.filter(pk=data.theme_id, is_active=True).first()
    if theme is None:
        raise DomainError("Choose a theme.", field="theme")
    action_line = None
    if data.action_line_id:
        action_line = ActionLine.objects.filter(
            pk=data.action_line_id,
            plan__partnership_id=partnership_id,
            plan__status=SpendingPlan.Status.ENDORSED,
        ).first()
        if action_line is None:
            raise DomainError("Choose an activity from the plan in force.", field="action_line")
    fronted = _ahead_of_payments(
        partnership_id=partnership_id, actor=actor, amount=amount, fronted=data.fronted_by_lto,
        pending=pending,
    )  # fmt: skip
    decision = None
    if data.decision_id:
        decision = (
            decision_list(viewer=actor, partnership_id=partnership_id)
            .filter(pk=data.decision_id)
            .first()
        )
        if decision is None:
            raise DomainError(
                "Choose a decision from this partnership's decision log.", field="decision"
            )
        # Lock the decision row: two spends against one decision are checked one at a time.
        Decision.objects.select_for_update().filter(pk=decision.pk).first()
        if decision.outcome != Decision.Outcome.AGREED:
            raise DomainError(f"'{decision.title}' was not agreed.", field="decision")
        if decision.amount is None:
            raise DomainError(
                f"'{decision.title}' records no amount, so it cannot approve a spend.",
                field="decision",
            )
        used = pence(Spend.objects.filter(decision=decision).aggregate(s=Sum("amount"))["s"])
        used += pending.get(decision.pk, Decimal(0))
        if used + amount > decision.amount:
            raise DomainError(
                f"'{decision.title}' approved {format_gbp(decision.amount)}; "
                f"{format_gbp(used)} has been spent against it, so at most "
                f"{format_gbp(max(decision.amount - used, Decimal(0)))} more can be.",
                field="amount",
            )
        pending[decision.pk] = pending.get(decision.pk, Decimal(0)) + amount
    elif amount > settings.SPEND_DECISION_THRESHOLD:
        raise DomainError(
            f"A spend over {format_gbp(settings.SPEND_DECISION_THRESHOLD)} needs the decision "
            f"that approved it. Choose it from the decision log.",
            field="decision",
        )
    return {
        "partnership_id": partnership_id,
        "fronted_by_lto": fronted,
        "spent_on": data.spent_on,
        "amount": amount,
        "payee": data.payee.strip(),
        "payee_is_organisation": bool(data.payee_is_organisation),
        "description": data.description.strip(),
        "theme": theme,
        "action_line": action_line,
        "decision": decision,
    }


def spend_log(
    *, partnership_id: int, actor, data: SpendInput, receipt=None, today: date | None = None
) -> Spend:
    if not permissions.may_log_spend(actor, partnership_id):
        raise ScopeError("Only this partnership's members and LTO finance can log its spending.")
    today = today or timezone.localdate()
    kind = receipt_check(receipt) if receipt else None
    with receipts_removed_on_failure() as written, transaction.atomic():
        fields = spend_check(
            partnership_id=partnership_id, actor=actor, data=data, today=today, pending={}
        )
        spend = Spend(**fields, logged_by=actor)
        if kind:
            spend.receipt_key, spend.receipt_ext = uuid.uuid4().hex, kind.ext
            spend.receipt_content_type = kind.content_type
            # Written before the row: a committed spend always has its file.
            spend.receipt.save(f"receipt.{kind.ext}", receipt, save=False)
            written.append(spend.receipt.name)
        spend.save()
        spend_totals_add([spend])
    return spend


def spend_reverse(*, spend_id: int, actor, reason: str, today: date | None = None) -> Spend:
    today = today or timezone.localdate()
    if not reason.strip():
        raise DomainError("Say why this spend is being reversed.", field="reason")
    with transaction.atomic():
        spend = Spend.objects.select_for_update().get(pk=spend_id)
        if not permissions.may_log_spend(actor, spend.partnership_id):
            raise ScopeError("Only this partnership's members and LTO finance can reverse a spend.")
        if spend.is_reversal:
            raise DomainError("This entry is itself a reversal: it cannot be reversed.")
        if Spend.objects.filter(reverses=spend).exists():
            raise DomainError("This spend has already been reversed.")
        reversal = Spend.objects.create(
            partnership_id=spend.partnership_id,
            spent_on=today,
            amount=-spend.amount,
            payee=spend.payee,
            payee_is_organisation=spend.payee_is_organisation,
            description=f"Reversal: {spend.description}"[:300],
            theme_id=spend.theme_id,
            action_line_id=spend.action_line_id,
            decision_id=spend.decision_id,
            reverses=spend,
            reason=reason.strip(),
            logged_by=actor,
        )
        spend_totals_add([reversal])
        return reversal


def spend_withhold(*, spend_id: int, actor, reason: str) -> SpendWithholding:
    """Mark a spend "not for publication" (for safeguarding): it and its reversal leave every
    public page, file and endpoint; the figures still count them. Once is enough: running twice
    keeps the first reason."""
    if not reason.strip():
        raise DomainError("Say why this spend must not be published.", field="reason")
    spend = Spend.objects.get(pk=spend_id)
    permissions.require(
        permissions.may_withhold_spend(actor, spend.partnership_id),
        "Only the LTO's finance contact or a fund officer can keep a spend off the public page.",
    )
    original = spend.reverses or spend  # a reversal is withheld with the spend it reverses
    with transaction.atomic():
        withholding, _ = SpendWithholding.objects.get_or_create(
            spend=original, defaults={"reason": reason.strip(), "withheld_by": actor}
        )
    return withholding
