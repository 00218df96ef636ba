"""Co-investment scenario data, built through the real services (issue 18)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from grants.models import CoFunder, Pledge
from grants.services.coinvestment import (
    co_funder_save,
    pledge_accept,
    pledge_receipt_record,
    pledge_record,
)

D = Decimal
START = date(2024, 4, 1)


def co_funder(officer, *, name="Northern Trust", **kwargs) -> CoFunder:
    return co_funder_save(
        actor=officer,
        name=name,
        charity_number=kwargs.pop("charity_number", ""),
        contacts=kwargs.pop("contacts", [{"name": "Ada Grants", "email": "ada@trust.example"}]),
        **kwargs,
    )


def pledge(officer, *, funder=None, partnership=None, amount="50000.00", **kwargs) -> Pledge:
    funder = funder or co_funder(officer)
    kwargs.setdefault("restriction", Pledge.Restriction.PARTNERSHIP)
    if kwargs["restriction"] == Pledge.Restriction.PARTNERSHIP:
        kwargs.setdefault("partnership_id", partnership.pk)
    return pledge_record(
        actor=officer,
        co_funder_id=funder.pk,
        amount=amount,
        starts_on=kwargs.pop("starts_on", START),
        ends_on=kwargs.pop("ends_on", date(2025, 3, 31)),
        **kwargs,
    )


def accepted(officer, approver, **kwargs) -> Pledge:
    return pledge_accept(pledge_id=pledge(officer, **kwargs).pk, actor=approver)


def received(officer, approver, *, receive="50000.00", on=START, **kwargs) -> Pledge:
    accepted_pledge = accepted(officer, approver, **kwargs)
    pledge_receipt_record(
        pledge_id=accepted_pledge.pk,
        actor=officer,
        amount=receive,
        received_on=on,
        bank_reference=f"CF-{accepted_pledge.pk}",
    )
    accepted_pledge.refresh_from_db()
    return accepted_pledge
