"""Recording what the endowment's investments are worth. The ledger keeps book value (money in
at what it cost, less money out); a valuation records the market value on a day, with its
source, so the forecast can start from what the fund could really draw on. Valuations are never
edited: a correction is a new one for the same day."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from cwf.accounts.permissions import require_officer
from cwf.core.dates import display_date
from cwf.core.errors import DomainError
from cwf.core.money import format_gbp, money

from ..models import EndowmentValuation
from ..selectors.endowment import book_value_on


def endowment_valuation_record(
    *, actor, valued_on: date, market_value, source: str, note: str = ""
) -> EndowmentValuation:
    """Record the market value on `valued_on`, keeping the ledger's book value of that day
    beside it. The same valuation sent twice (a double click) is saved once."""
    require_officer(actor, to="record a market value")
    value = money(market_value, field="market_value", allow_zero=True)
    source, note = (source or "").strip(), (note or "").strip()
    if not source:
        raise DomainError(
            "Say where the value comes from: the custodian's or investment manager's statement "
            "and its date.",
            field="source",
        )
    if valued_on > timezone.localdate():
        raise DomainError("The valuation date cannot be in the future.", field="valued_on")
    with transaction.atomic():
        book = book_value_on(valued_on)
        if book <= 0:
            raise DomainError(
                f"The ledger held no money on {display_date(valued_on)}: value the endowment on a "
                "day after its first contribution.",
                field="valued_on",
            )
        latest = EndowmentValuation.objects.filter(valued_on=valued_on).order_by("-pk").first()
        if latest and (latest.market_value, latest.source) == (value, source):
            return latest
        return EndowmentValuation.objects.create(
            valued_on=valued_on,
            market_value=value,
            book_value=book,
            source=source,
            note=note,
            recorded_by=actor,
        )


def valuation_message(valuation: EndowmentValuation) -> str:
    return (
        f"Market value of {format_gbp(valuation.market_value)} on "
        f"{display_date(valuation.valued_on)} recorded."
    )
