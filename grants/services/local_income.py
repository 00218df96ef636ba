"""Local income (issue 18): money a partnership raised for itself (other grants, earned income,
donations, in kind at a stated value). LTO finance records it with evidence, an officer
verifies it. It is the partnership's, never the fund's: nothing here touches the ledger."""

from __future__ import annotations

import logging
from datetime import date

from django.db import transaction
from django.utils import timezone

from cwf.accounts import permissions
from cwf.core.errors import DomainError
from cwf.core.files import files_removed_on_failure
from cwf.core.money import money
from cwf.core.transitions import check_transition
from partnerships.models import Partnership

from ..models import Account, LocalIncome
from .receipts import receipt_check

logger = logging.getLogger(__name__)
ACCOUNT = Account.Kind


def local_income_transition(income: LocalIncome, target: str) -> None:
    check_transition(
        current=income.status, target=target, allowed=LocalIncome.TRANSITIONS, what="income"
    )
    income.status = target


# --- Local income ---------------------------------------------------------------------------------
def local_income_record(
    *,
    actor,
    partnership_id: int,
    kind: str,
    source: str,
    amount,
    received_on: date,
    description: str = "",
    evidence=None,
    evidence_reference: str = "",
) -> LocalIncome:
    """LTO finance (or an officer) records money the partnership raised for itself, with
    evidence: a file or a reference. It never enters the fund's ledger."""
    permissions.require(
        permissions.may_record_local_income(actor, partnership_id),
        "Only the partnership's LTO finance staff or a fund officer can record its income.",
    )
    if kind not in LocalIncome.Kind.values:
        raise DomainError("Choose what kind of income it is.", field="kind")
    source = (source or "").strip()
    if not source:
        raise DomainError("Enter who gave or paid the money.", field="source")
    amount = money(amount, field="amount", label="amount (or stated value)")
    if received_on is None:
        raise DomainError("Enter the date it was received.", field="received_on")
    if received_on > timezone.localdate():
        raise DomainError("The date it was received cannot be in the future.", field="received_on")
    evidence_reference = (evidence_reference or "").strip()
    if not evidence and not evidence_reference:
        raise DomainError(
            "Give the evidence: attach a file (a letter, a bank statement) or enter a reference.",
            field="evidence",
        )
    if evidence:  # an officer opens it to verify: the receipt rules, type by its first bytes
        receipt_check(evidence, field="evidence", what="evidence")
    if not Partnership.objects.filter(pk=partnership_id).exists():
        raise DomainError("Choose a partnership.", field="partnership")
    evidence_field = LocalIncome._meta.get_field("evidence")
    with files_removed_on_failure(evidence_field) as written, transaction.atomic():
        income = LocalIncome(
            partnership_id=partnership_id,
            kind=kind,
            source=source[:200],
            description=(description or "").strip(),
            amount=amount,
            received_on=received_on,
            evidence_reference=evidence_reference[:200],
            recorded_by=actor,
        )
        if evidence:
            # Written before the row, so a saved row always has its file; a failure after it
            # removes the file again (cwf.core.files).
            income.evidence.save(evidence.name.rsplit("/", 1)[-1], evidence, save=False)
            written.append(income.evidence.name)
        income.save()
    return income


def local_income_decide(*, income_id: int, actor, verified: bool, note: str = "") -> LocalIncome:
    """An officer verifies recorded local income against its evidence (or says why not). Not the
    person who recorded it."""
    permissions.require(
        permissions.may_verify_local_income(actor), "Only a fund officer can verify income."
    )
    note = (note or "").strip()
    if not verified and not note:
        raise DomainError("Say why the income cannot be verified.", field="note")
    with transaction.atomic():
        income = LocalIncome.objects.select_for_update().filter(pk=income_id).first()
        if income is None:
            raise DomainError("Choose the income.", field="income")
        refusal = permissions.four_eyes_refusal(
            actor, first=income.recorded_by, did="recorded this income", to="verify it"
        )
        if refusal:
            raise DomainError(refusal)
        local_income_transition(
            income, LocalIncome.Status.VERIFIED if verified else LocalIncome.Status.REJECTED
        )
        income.verified_by, income.verified_at, income.decision_note = actor, timezone.now(), note
        income.save(
            update_fields=["status", "verified_by", "verified_at", "decision_note", "updated_at"]
        )
    return income
