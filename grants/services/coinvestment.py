"""Co-investment (issue 18): co-funders, pledges (recorded by one officer, accepted by a second)
and receipts of restricted money against them. Releasing that money to a partnership is
`restricted_money.py`; money a partnership raises itself is `local_income.py`.
grants/models/coinvestment.py says what each record is; the ledger's docstring how restricted
money moves through its own accounts.

Locking: a pledge row first (receipts, amendments, releases against it), then restricted
release rows in ascending pk, then ledger accounts (in `ledger_post`), like the rest of grants/."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from cwf.accounts import permissions
from cwf.accounts.permissions import require_officer
from cwf.core.errors import DomainError
from cwf.core.money import format_gbp, money, pence
from cwf.core.transitions import check_transition
from partnerships.models import Partnership

from ..models import (
    Account,
    CoFunder,
    CoFunderContact,
    LocalIncome,
    Pledge,
    PledgeAmendment,
    PledgeReceipt,
    Theme,
    Transaction,
)
from ..selectors.coinvestment import (
    co_funder_partnerships,
    partnerships_matching,
)
from ..signals import pledge_event
from . import ledger

logger = logging.getLogger(__name__)
ACCOUNT = Account.Kind
CURRENCY = "GBP"


# --- Status moves: one function per model ------------------------------------------------------
def pledge_transition(pledge: Pledge, target: str) -> None:
    check_transition(
        current=pledge.status, target=target, allowed=Pledge.TRANSITIONS, what="pledge"
    )
    pledge.status = target


# --- Co-funders ----------------------------------------------------------------------------------
def _co_funder_fields(
    *, name, charity_number, company_number, other_org_id, funds, region, theme_id
) -> dict:
    name = (name or "").strip()
    if not name:
        raise DomainError("Enter the co-funder's name.", field="name")
    if funds not in CoFunder.Funds.values:
        raise DomainError("Choose what the co-funder funds.", field="funds")
    region = (region or "").strip()
    if funds == CoFunder.Funds.REGION and not region:
        raise DomainError("Enter the region the co-funder funds.", field="region")
    theme = None
    if funds == CoFunder.Funds.THEME:
        theme = Theme.objects.filter(pk=theme_id).first() if theme_id else None
        if theme is None:
            raise DomainError("Choose the theme the co-funder funds.", field="theme")
    return {
        "name": name,
        "charity_number": (charity_number or "").strip().upper(),
        "company_number": (company_number or "").strip().upper(),
        "other_org_id": (other_org_id or "").strip(),
        "funds": funds,
        "region": region if funds == CoFunder.Funds.REGION else "",
        "theme": theme,
    }


def _validate_co_funder(co_funder: CoFunder) -> None:
    """The LTO register's validators for charity and company numbers; the first problem, named."""
    try:
        co_funder.full_clean(exclude=["created_by", "theme"], validate_unique=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(messages[0], field=field) from None
    for field in ("charity_number", "company_number"):
        value = getattr(co_funder, field)
        if value and CoFunder.objects.filter(**{field: value}).exclude(pk=co_funder.pk).exists():
            raise DomainError(
                f"Another co-funder has the {field.replace('_', ' ')} {value}.", field=field
            )
    if co_funder.name and (
        CoFunder.objects.filter(name__iexact=co_funder.name).exclude(pk=co_funder.pk).exists()
    ):
        raise DomainError(f"A co-funder called {co_funder.name} exists already.", field="name")


def co_funder_save(
    *,
    actor,
    co_funder_id: int | None = None,
    name: str,
    charity_number: str = "",
    company_number: str = "",
    other_org_id: str = "",
    is_individual: bool = False,
    funds: str = CoFunder.Funds.ANY,
    region: str = "",
    theme_id: int | None = None,
    partnership_ids: Iterable[int] = (),
    contacts: Iterable[dict] | None = None,
) -> CoFunder:
    """Add a co-funder, or change one. `contacts` (a list of name, role, email, phone), when
    given, replaces the co-funder's contacts. `is_individual`: a private person (a
    philanthropist), never named publicly (`CoFunder.public_name`)."""
    require_officer(actor, to="record a co-funder")
    values = _co_funder_fields(
        name=name,
        charity_number=charity_number,
        company_number=company_number,
        other_org_id=other_org_id,
        funds=funds,
        region=region,
        theme_id=theme_id,
    )
    partnership_ids = sorted(set(partnership_ids))
    if funds == CoFunder.Funds.PARTNERSHIPS:
        if not partnership_ids:
            raise DomainError("Choose the partnerships the co-funder funds.", field="partnerships")
        if Partnership.objects.filter(pk__in=partnership_ids).count() != len(partnership_ids):
            raise DomainError("Some of the chosen partnerships do not exist.", field="partnerships")
    values["is_individual"] = bool(is_individual)
    with transaction.atomic():
        if co_funder_id is None:
            co_funder = CoFunder(created_by=actor, **values)
        else:
            co_funder = CoFunder.objects.select_for_update().get(pk=co_funder_id)
            for key, value in values.items():
                setattr(co_funder, key, value)
        _validate_co_funder(co_funder)
        try:
            with transaction.atomic():
                co_funder.save()
        except IntegrityError as exc:
            raise DomainError("Another co-funder has this name or number.", field="name") from exc
        co_funder.partnerships.set(partnership_ids if funds == CoFunder.Funds.PARTNERSHIPS else [])
        if contacts is not None:
            co_funder.contacts.all().delete()
            for contact in contacts:
                _contact_add(co_funder, contact)
    return co_funder


def _contact_add(co_funder: CoFunder, contact: dict) -> CoFunderContact:
    row = CoFunderContact(
        co_funder=co_funder,
        name=(contact.get("name") or "").strip(),
        role=(contact.get("role") or "").strip(),
        email=(contact.get("email") or "").strip(),
        phone=(contact.get("phone") or "").strip(),
    )
    if not row.name:
        raise DomainError("Enter the contact's name.", field="contact_name")
    try:
        row.full_clean(exclude=["co_funder"])
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(messages[0], field=f"contact_{field}") from None
    row.save()
    return row


# --- Pledges -------------------------------------------------------------------------------------
def _match_rule(match_ratio, match_cap) -> tuple[Decimal | None, Decimal | None]:
    if match_ratio in (None, "") and match_cap in (None, ""):
        return None, None
    try:
        ratio = Decimal(str(match_ratio).strip())
    except Exception:  # any unparseable ratio is the same refusal
        ratio = None
    if ratio is None or not ratio.is_finite() or ratio <= 0 or ratio > 100:
        raise DomainError(
            "The match ratio must be a number of pounds per pound raised, like 1 or 0.5.",
            field="match_ratio",
        )
    cap = money(match_cap, field="match_cap", label="most the match will give")
    return ratio.quantize(Decimal("0.01")), cap


def pledge_record(
    *,
    actor,
    co_funder_id: int,
    amount,
    currency: str = CURRENCY,
    starts_on: date,
    ends_on: date,
    restriction: str,
    partnership_id: int | None = None,
    theme_id: int | None = None,
    region: str = "",
    conditions: str = "",
    match_ratio=None,
    match_cap=None,
) -> Pledge:
    """An officer records a co-funder's pledge. A second officer accepts it (`pledge_accept`).
    Refused, naming the field: a currency other than GBP, a restriction that names no
    partnership or none the co-funder funds, a period that ends before it starts."""
    require_officer(actor, to="record a pledge")
    if (currency or "").strip().upper() != CURRENCY:
        raise DomainError(
            f"Pledges are in pounds sterling (GBP): '{currency}' is not accepted. Convert the "
            f"amount at the rate the co-funder confirms and record it in GBP.",
            field="currency",
        )
    amount = money(amount, field="amount", label="amount pledged")
    if starts_on is None:
        raise DomainError("Enter the day the pledge starts.", field="starts_on")
    if ends_on is None or ends_on < starts_on:
        raise DomainError(
            "Enter the day the money is due by: on or after the day the pledge starts.",
            field="ends_on",
        )
    co_funder = CoFunder.objects.filter(pk=co_funder_id).first()
    if co_funder is None:
        raise DomainError("Choose a co-funder.", field="co_funder")
    region = (region or "").strip()
    if restriction not in Pledge.Restriction.values:
        raise DomainError("Choose what the pledge is restricted to.", field="restriction")
    fields = {
        Pledge.Restriction.PARTNERSHIP: ("partnership", partnership_id),
        Pledge.Restriction.THEME: ("theme", theme_id),
        Pledge.Restriction.REGION: ("region", region),
    }
    field, value = fields[restriction]
    if not value:
        raise DomainError(f"Choose the {field} the pledge is restricted to.", field=field)
    if restriction == Pledge.Restriction.THEME and not Theme.objects.filter(pk=theme_id).exists():
        raise DomainError("Choose a theme.", field="theme")
    named = partnerships_matching(
        restriction=restriction, partnership_id=partnership_id, theme_id=theme_id, region=region
    )
    if not named.exists():
        raise DomainError(
            f"This restriction matches no partnership: no partnership is in this {field}.",
            field=field,
        )
    funded = co_funder_partnerships(co_funder)
    if funded is not None and not named.filter(pk__in=funded.values("pk")).exists():
        raise DomainError(
            f"{co_funder} funds {co_funder.funds_label.lower()}: this restriction names none of "
            f"them.",
            field=field,
        )
    ratio, cap = _match_rule(match_ratio, match_cap)
    with transaction.atomic():
        return Pledge.objects.create(
            co_funder=co_funder,
            amount=amount,
            currency=CURRENCY,
            starts_on=starts_on,
            ends_on=ends_on,
            restriction=restriction,
            partnership_id=partnership_id if field == "partnership" else None,
            theme_id=theme_id if field == "theme" else None,
            region=region if field == "region" else "",
            conditions=(conditions or "").strip(),
            match_ratio=ratio,
            match_cap=cap,
            recorded_by=actor,
        )


def pledge_locked(pledge_id: int) -> Pledge:
    # Locking: the pledge row first, for anything that changes what it has received or paid.
    pledge = (
        Pledge.objects.select_for_update(of=("self",))
        .select_related("co_funder")
        .filter(pk=pledge_id)
        .first()
    )
    if pledge is None:
        raise DomainError("Choose a pledge.", field="pledge")
    return pledge


def pledge_accept(*, pledge_id: int, actor) -> Pledge:
    """The second pair of eyes: a different officer from the one who recorded it."""
    require_officer(actor, to="accept a pledge")
    with transaction.atomic():
        pledge = pledge_locked(pledge_id)
        refusal = permissions.four_eyes_refusal(
            actor, first=pledge.recorded_by, did="recorded this pledge", to="accept it"
        )
        if refusal:
            raise DomainError(refusal)
        pledge_transition(pledge, Pledge.Status.ACCEPTED)
        pledge.accepted_by, pledge.accepted_at = actor, timezone.now()
        pledge.save(update_fields=["status", "accepted_by", "accepted_at", "updated_at"])
    return pledge


def pledge_lapse(*, pledge_id: int, actor, reason: str) -> Pledge:
    """The co-funder will not pay (the rest of) it. What was received stays received."""
    require_officer(actor, to="mark a pledge lapsed")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Say why the pledge has lapsed.", field="reason")
    with transaction.atomic():
        pledge = pledge_locked(pledge_id)
        pledge_transition(pledge, Pledge.Status.LAPSED)
        pledge.lapsed_reason = reason
        pledge.save(update_fields=["status", "lapsed_reason", "updated_at"])
    return pledge


def pledge_received(pledge: Pledge) -> Decimal:
    return pence(pledge.receipts.aggregate(total=Sum("amount"))["total"])


def _status_for(pledge: Pledge, received: Decimal) -> str:
    if received >= pledge.amount:
        return Pledge.Status.FULFILLED
    return Pledge.Status.PARTLY_RECEIVED if received > 0 else Pledge.Status.ACCEPTED


def pledge_amend(*, pledge_id: int, actor, amount, ends_on: date | None = None) -> Pledge:
    """One officer corrects a pledge not yet accepted: the officer who accepts it is the second
    pair of eyes on what it then says. Once accepted, its amount caps receipts and counts in
    leverage, so a change is proposed and a second officer approves it
    (`pledge_amendment_propose`)."""
    require_officer(actor, to="amend a pledge")
    amount = money(amount, field="amount", label="amount pledged")
    with transaction.atomic():
        pledge = pledge_locked(pledge_id)
        if pledge.status != Pledge.Status.PLEDGED:
            raise DomainError(
                f"This pledge is {pledge.get_status_display().lower()}: propose the change with "
                f"a reason, and a different officer approves it.",
                field="amount",
            )
        if ends_on is not None:
            _check_ends_on(pledge, ends_on)
            pledge.ends_on = ends_on
        pledge.amount = amount
        pledge.save(update_fields=["amount", "ends_on", "updated_at"])
    return pledge


def _check_ends_on(pledge: Pledge, ends_on: date | None) -> None:
    if ends_on is None or ends_on < pledge.starts_on:
        raise DomainError(
            "The day the money is due by cannot be before the pledge starts.", field="ends_on"
        )


# --- Amendments to an accepted pledge (four eyes) --------------------------------------------
def pledge_amendment_transition(amendment: PledgeAmendment, target: str) -> None:
    check_transition(
        current=amendment.status,
        target=target,
        allowed=PledgeAmendment.TRANSITIONS,
        what="pledge amendment",
    )
    amendment.status = target


def _check_amendment(pledge: Pledge, amendment: PledgeAmendment) -> Decimal:
    """What must hold for the change to apply, when proposed and again when approved (money may
    have arrived in between). Returns what has been received."""
    if pledge.status not in (*Pledge.RECEIVABLE, Pledge.Status.FULFILLED):
        raise DomainError(
            f"This pledge is {pledge.get_status_display().lower()}: only an accepted pledge is "
            f"amended this way.",
            field="pledge",
        )
    received = pledge_received(pledge)
    if amendment.new_amount < received:
        raise DomainError(
            f"{format_gbp(received)} has been received against this pledge: the amount cannot "
            f"be less than that.",
            field="amount",
        )
    _check_ends_on(pledge, amendment.new_ends_on)
    return received


def pledge_amendment_propose(
    *,
    pledge_id: int,
    actor,
    reason: str,
    amount,
    ends_on: date | None = None,
    match_ratio=None,
    match_cap=None,
) -> PledgeAmendment:
    """An officer proposes new terms for an accepted pledge (the amount, the day its money is
    due by, the match rule: blank ratio and cap remove it), with a reason. Nothing changes until
    a different officer approves it. One proposal awaits approval per pledge."""
    require_officer(actor, to="propose a change to a pledge")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Say why the pledge changes.", field="reason")
    amount = money(amount, field="amount", label="amount pledged")
    ratio, cap = _match_rule(match_ratio, match_cap)
    with transaction.atomic():
        pledge = pledge_locked(pledge_id)
        amendment = PledgeAmendment(
            pledge=pledge,
            reason=reason,
            new_amount=amount,
            new_ends_on=ends_on or pledge.ends_on,
            new_match_ratio=ratio,
            new_match_cap=cap,
            amount_before=pledge.amount,
            ends_on_before=pledge.ends_on,
            match_ratio_before=pledge.match_ratio,
            match_cap_before=pledge.match_cap,
            proposed_by=actor,
        )
        _check_amendment(pledge, amendment)
        if (
            amendment.new_amount,
            amendment.new_ends_on,
            ratio,
            cap,
        ) == (pledge.amount, pledge.ends_on, pledge.match_ratio, pledge.match_cap):
            raise DomainError("This changes nothing in the pledge.", field="amount")
        try:
            with transaction.atomic():
                amendment.save()
        except IntegrityError as exc:
            raise DomainError(
                "This pledge already has a change awaiting approval: a different officer "
                "decides it first.",
                field="pledge",
            ) from exc
        pledge_event.send(
            sender=PledgeAmendment, amendment=amendment, event="proposed", actor=actor
        )
    return amendment


def _amendment_locked(amendment_id: int) -> tuple[Pledge, PledgeAmendment]:
    # Locking: the pledge row first, then its amendment (the file's order).
    pledge_id = (
        PledgeAmendment.objects.filter(pk=amendment_id).values_list("pledge_id", flat=True).first()
    )
    if pledge_id is None:
        raise DomainError("Choose a pledge amendment.", field="amendment")
    pledge = pledge_locked(pledge_id)
    amendment = PledgeAmendment.objects.select_for_update().get(pk=amendment_id)
    return pledge, amendment


def _refuse_own_amendment(amendment: PledgeAmendment, actor, *, to: str) -> None:
    refusal = permissions.four_eyes_refusal(
        actor, first=amendment.proposed_by, did="proposed this change", to=to
    )
    if refusal:
        raise DomainError(refusal)


def pledge_amendment_approve(*, amendment_id: int, actor) -> PledgeAmendment:
    """A different officer approves the change, and it applies: the pledge's amount, due date
    and match rule, and its status (fulfilled or partly received) for the new amount. Approving
    an approved change again changes nothing."""
    require_officer(actor, to="approve a change to a pledge")
    with transaction.atomic():
        pledge, amendment = _amendment_locked(amendment_id)
        _refuse_own_amendment(amendment, actor, to="approve it")
        if amendment.status == PledgeAmendment.Status.APPROVED:
            return amendment  # approved already: running twice applies it once
        pledge_amendment_transition(amendment, PledgeAmendment.Status.APPROVED)
        received = _check_amendment(pledge, amendment)
        pledge.amount = amendment.new_amount
        pledge.ends_on = amendment.new_ends_on
        pledge.match_ratio = amendment.new_match_ratio
        pledge.match_cap = amendment.new_match_cap
        target = _status_for(pledge, received)
        if target != pledge.status:
            pledge_transition(pledge, target)
        pledge.save(
            update_fields=["amount", "ends_on", "match_ratio", "match_cap", "status", "updated_at"]
        )
        amendment.decided_by, amendment.decided_at = actor, timezone.now()
        amendment.save(update_fields=["status", "decided_by", "decided_at"])
        pledge_event.send(
            sender=PledgeAmendment, amendment=amendment, event="approved", actor=actor
        )
    return amendment


def pledge_amendment_reject(*, amendment_id: int, actor, note: str) -> PledgeAmendment:
    """A different officer rejects the change, saying why: the pledge stays as it was."""
    require_officer(actor, to="reject a change to a pledge")
    note = (note or "").strip()
    if not note:
        raise DomainError("Say why the change is rejected.", field="note")
    with transaction.atomic():
        _, amendment = _amendment_locked(amendment_id)
        _refuse_own_amendment(amendment, actor, to="decide it")
        pledge_amendment_transition(amendment, PledgeAmendment.Status.REJECTED)
        amendment.decided_by, amendment.decided_at = actor, timezone.now()
        amendment.decision_note = note
        amendment.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        pledge_event.send(
            sender=PledgeAmendment, amendment=amendment, event="rejected", actor=actor
        )
    return amendment


def pledge_receipt_record(
    *, pledge_id: int, actor, amount, received_on: date, bank_reference: str
) -> PledgeReceipt:
    """Money from a co-funder arrived: restricted money, posted restricted_income ->
    restricted_held for the pledge. Refused over what was pledged (an officer amends the pledge
    first), against a pledge not yet accepted or lapsed, twice with one bank reference."""
    require_officer(actor, to="record money received from a co-funder")
    amount = money(amount, field="amount", label="amount received")
    bank_reference = (bank_reference or "").strip()
    if not bank_reference:
        raise DomainError("Enter the bank reference of the payment.", field="bank_reference")
    if len(bank_reference) > PledgeReceipt._meta.get_field("bank_reference").max_length:
        raise DomainError(
            "The bank reference is too long: at most 100 characters.", field="bank_reference"
        )
    if received_on is None:
        raise DomainError("Enter the date the money arrived.", field="received_on")
    if received_on > timezone.localdate():
        raise DomainError(
            "The date the money arrived cannot be in the future.", field="received_on"
        )
    with transaction.atomic():
        pledge = pledge_locked(pledge_id)
        if pledge.status not in Pledge.RECEIVABLE:
            raise DomainError(
                f"This pledge is {pledge.get_status_display().lower()}: money is recorded against "
                f"an accepted pledge."
                + (" A second officer accepts it first." if pledge.status == "pledged" else ""),
                field="pledge",
            )
        if pledge.receipts.filter(bank_reference__iexact=bank_reference).exists():
            raise DomainError(
                f"A receipt with bank reference {bank_reference} is recorded already.",
                field="bank_reference",
            )
        received = pledge_received(pledge)
        if received + amount > pledge.amount:
            raise DomainError(
                f"{format_gbp(pledge.amount)} was pledged and {format_gbp(received)} received: "
                f"{format_gbp(amount)} more would be over the pledge. An officer amends the "
                f"pledge first if the co-funder has given more.",
                field="amount",
            )
        _check_match_rule(pledge, received=received, amount=amount)
        txn = ledger.ledger_post(
            lines=ledger.lines(
                (ledger.account_for(ACCOUNT.RESTRICTED_HELD, pledge=pledge), amount),
                (ledger.account_for(ACCOUNT.RESTRICTED_INCOME, pledge=pledge), -amount),
            ),
            memo=f"Received from {pledge.co_funder} for {pledge.restriction_label}, bank "
            f"reference {bank_reference}",
            kind=Transaction.Kind.RESTRICTED_RECEIPT,
            actor=actor,
            effective_on=received_on,
        )
        receipt = PledgeReceipt.objects.create(
            pledge=pledge,
            amount=amount,
            received_on=received_on,
            bank_reference=bank_reference,
            transaction=txn,
            recorded_by=actor,
        )
        target = _status_for(pledge, received + amount)
        if target != pledge.status:
            pledge_transition(pledge, target)
            pledge.save(update_fields=["status", "updated_at"])
    return receipt


def match_rule_label(pledge: Pledge) -> str:
    """The rule as the pledge page states it, for refusals that quote it."""
    cap = f", up to {format_gbp(pledge.match_cap)}" if pledge.match_cap is not None else ""
    return (
        f"{format_gbp(pledge.match_ratio)} for each £1 of the partnership's verified local "
        f"income{cap}"
    )


def _check_match_rule(pledge: Pledge, *, received: Decimal, amount: Decimal) -> None:
    """A match rule limits what may be received to what it has made due so far: money beyond
    it would be co-investment the partnership has not yet earned by raising its own."""
    allowed = pledge_match_due(pledge)
    if allowed is None or received + amount <= allowed:
        return
    still = max(allowed - received, Decimal("0.00"))
    raise DomainError(
        f"The match rule ({match_rule_label(pledge)}) allows {format_gbp(allowed)} so far and "
        f"{format_gbp(received)} has been received: it still allows {format_gbp(still)}, not "
        f"{format_gbp(amount)}. More can be recorded once an officer verifies more of the "
        f"partnership's own income.",
        field="amount",
    )


def pledge_match_due(pledge: Pledge) -> Decimal | None:
    """What a match rule makes due so far: the ratio times the partnership's verified local
    income, up to the cap and the pledge. None without a match rule."""
    if not pledge.has_match_rule or pledge.partnership_id is None:
        return None
    raised = pence(
        LocalIncome.objects.filter(
            partnership_id=pledge.partnership_id, status=LocalIncome.Status.VERIFIED
        ).aggregate(total=Sum("amount"))["total"]
    )
    due = (raised * pledge.match_ratio).quantize(Decimal("0.01"))
    return min(due, pledge.match_cap or pledge.amount, pledge.amount)
