"""The LTO register and the link between a partnership and its accountable LTO."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cwf.accounts import permissions
from cwf.accounts.models import User
from cwf.core.dates import display_date
from cwf.core.errors import DomainError

from ..models import Lto, LtoContact, Partnership, PartnershipLto
from ..models.lto import charity_number_validator, company_number_validator

DueDiligence = Lto.DueDiligence


def _clean_number(value: str) -> str:
    """People type numbers with spaces, dashes and lower case; the register stores them bare."""
    return re.sub(r"[\s\-]", "", value or "").upper()


def _validate(
    *,
    name: str,
    charity_number: str,
    company_number: str,
    due_diligence_status: str,
    due_diligence_date: datetime.date | None,
) -> None:
    if not name.strip():
        raise DomainError("Enter the organisation's name.", field="name")
    for value, validator, field in (
        (charity_number, charity_number_validator, "charity_number"),
        (company_number, company_number_validator, "company_number"),
    ):
        if value:
            try:
                validator(value)
            except ValidationError as exc:
                raise DomainError(
                    f"'{value}' is not valid. {exc.messages[0]}", field=field
                ) from None
    if due_diligence_status not in DueDiligence.values:
        raise DomainError("Choose a due-diligence status.", field="due_diligence_status")
    decided = {DueDiligence.PASSED, DueDiligence.FAILED}
    if due_diligence_status in decided and due_diligence_date is None:
        raise DomainError(
            "Enter the date due diligence was passed or failed.", field="due_diligence_date"
        )
    if due_diligence_date and due_diligence_date > timezone.localdate():
        raise DomainError(
            "The due-diligence date cannot be in the future.", field="due_diligence_date"
        )


def _clash(lto: Lto) -> DomainError | None:
    others = Lto.objects.exclude(pk=lto.pk)
    for value, field, label in (
        (lto.charity_number, "charity_number", "charity number"),
        (lto.company_number, "company_number", "company number"),
    ):
        other = others.filter(**{field: value}).first() if value else None
        if other is not None:
            return DomainError(
                f"{other.name} is already in the register with {label} {value}.", field=field
            )
    return None


def _save(lto: Lto) -> Lto:
    clash = _clash(lto)
    if clash is not None:
        raise clash
    try:
        with transaction.atomic():
            lto.save()
    except IntegrityError:  # the same number saved at the same moment by someone else
        raise _clash(lto) or DomainError("That number is already in the register.") from None
    return lto


def lto_save(
    *,
    actor: User,
    name: str,
    charity_number: str = "",
    company_number: str = "",
    address: str = "",
    supplier_reference: str = "",
    due_diligence_status: str = DueDiligence.NOT_STARTED,
    due_diligence_date: datetime.date | None = None,
    lto_id: int | None = None,
) -> Lto:
    """Add an organisation to the register (lto_id None) or change one."""
    permissions.require_officer(actor, to="change the LTO register")
    charity_number, company_number = _clean_number(charity_number), _clean_number(company_number)
    _validate(
        name=name,
        charity_number=charity_number,
        company_number=company_number,
        due_diligence_status=due_diligence_status,
        due_diligence_date=due_diligence_date,
    )
    with transaction.atomic():
        # Locked so two officers editing at once save one after the other.
        lto = Lto() if lto_id is None else Lto.objects.select_for_update().get(pk=lto_id)
        lto.name = name.strip()
        lto.charity_number = charity_number
        lto.company_number = company_number
        lto.address = address.strip()
        lto.supplier_reference = supplier_reference.strip()
        lto.due_diligence_status = due_diligence_status
        lto.due_diligence_date = due_diligence_date
        return _save(lto)


def lto_contact_save(
    *,
    actor: User,
    lto_id: int,
    name: str,
    role: str = "",
    email: str = "",
    phone: str = "",
    contact_id: int | None = None,
) -> LtoContact:
    permissions.require_officer(actor, to="change an LTO's contacts")
    if not name.strip():
        raise DomainError("Enter the contact's name.", field="name")
    contact = (
        LtoContact(lto_id=lto_id)
        if contact_id is None
        else LtoContact.objects.get(pk=contact_id, lto_id=lto_id)
    )
    contact.name = name.strip()
    contact.role = role.strip()
    contact.email = email.strip().lower()
    contact.phone = phone.strip()
    contact.save()
    return contact


def lto_contact_remove(*, actor: User, contact_id: int) -> None:
    permissions.require_officer(actor, to="change an LTO's contacts")
    LtoContact.objects.filter(pk=contact_id).delete()


def lto_link(
    *, actor: User, partnership_id: int, lto_id: int, starts_on: datetime.date
) -> PartnershipLto:
    """Make `lto` the partnership's accountable LTO from `starts_on`. The link in force ends the
    day before; it stays as history."""
    permissions.require_officer(actor, to="choose a partnership's LTO")
    with transaction.atomic():
        # Locked so that two officers cannot both end the current link and start a new one.
        partnership = Partnership.objects.select_for_update().get(pk=partnership_id)
        if partnership.is_closed:
            raise DomainError("This partnership is closed and can no longer be changed.")
        lto = Lto.objects.get(pk=lto_id)
        if lto.due_diligence_status == DueDiligence.FAILED:
            raise DomainError(
                f"{lto.name} failed due diligence, so it cannot hold a partnership's money.",
                field="lto",
            )
        current = partnership.lto_links.filter(ends_on__isnull=True).first()
        if current is not None:
            if current.lto_id == lto.pk:
                raise DomainError(f"{lto.name} is already this partnership's LTO.", field="lto")
            if starts_on <= current.starts_on:
                raise DomainError(
                    f"The new LTO must start after the current one, {current.lto.name}, "
                    f"started ({display_date(current.starts_on)}).",
                    field="starts_on",
                )
            current.ends_on = starts_on - datetime.timedelta(days=1)
            current.save(update_fields=["ends_on"])
        return PartnershipLto.objects.create(
            partnership=partnership, lto=lto, starts_on=starts_on, created_by=actor
        )


def lto_link_end(*, actor: User, link_id: int, ends_on: datetime.date) -> PartnershipLto:
    """End the partnership's LTO link without a replacement (for example at close-out)."""
    permissions.require_officer(actor, to="end a partnership's LTO link")
    with transaction.atomic():
        # Locked (the link row only) so it is ended once.
        link = (
            PartnershipLto.objects.select_for_update(of=("self",))
            .select_related("lto")
            .get(pk=link_id)
        )
        if link.ends_on is not None:
            raise DomainError("This LTO link has already ended.")
        if ends_on < link.starts_on:
            raise DomainError(
                f"The link cannot end before it started ({display_date(link.starts_on)}).",
                field="ends_on",
            )
        link.ends_on = ends_on
        link.save(update_fields=["ends_on"])
    return link
