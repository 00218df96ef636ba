"""Payment schedule arithmetic: pure functions, no database. Deterministic by construction: the
same allocation always gives the same dates, the same instalments and the same pence."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from cwf.core.dates import add_months, display_date
from cwf.core.errors import DomainError
from cwf.core.money import PENNY, ZERO, format_gbp, pence, split_evenly

from ..models import MONTHS_BETWEEN, Frequency


def contribution_on(amount: Decimal, rate: Decimal) -> Decimal:
    """The LTO management contribution on `amount`, to the nearest penny (halves round up)."""
    return pence(amount * rate)


def schedule_dates(
    *,
    frequency: str,
    starts_on: date,
    ends_on: date,
    first_due_on: date | None = None,
    custom_dates: Sequence[date] = (),
) -> list[date]:
    """The payment dates of a schedule: every 3, 6 or 12 months from the first payment until the
    term ends, or the custom dates given. Every date falls within the term."""
    if frequency == Frequency.CUSTOM:
        dates = sorted(set(custom_dates))
        if not dates:
            raise DomainError("Enter at least one payment date.", field="custom_dates")
        if len(dates) != len(custom_dates):
            raise DomainError("Each payment date can appear only once.", field="custom_dates")
    elif frequency in MONTHS_BETWEEN:
        first = first_due_on or starts_on
        step = MONTHS_BETWEEN[frequency]
        dates = []
        while (next_date := add_months(first, step * len(dates))) < ends_on:
            dates.append(next_date)
    else:
        raise DomainError("Choose how often the LTO is paid.", field="frequency")
    outside = [d for d in dates if not starts_on <= d < ends_on]
    if outside or not dates:
        first_outside = outside[0] if outside else first_due_on
        raise DomainError(
            f"Payment dates must fall within the term, from {display_date(starts_on)} to before "
            f"{display_date(ends_on)}: {display_date(first_outside)} does not.",
            field="custom_dates" if frequency == Frequency.CUSTOM else "first_due_on",
        )
    return dates


def instalments(total: Decimal, count: int) -> list[Decimal]:
    """`count` equal instalments adding up to exactly `total`; the pence left over go one each
    to the earliest instalments. Refused when an instalment would be less than a penny."""
    if count < 1:
        raise DomainError("There must be at least one payment.")
    if total < PENNY * count:
        raise DomainError(
            f"{format_gbp(total)} cannot be split into {count} payments of at least a penny."
        )
    return split_evenly(total, count)


def spread_proportionally(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Split `total` across `weights` in proportion, in whole pence, adding up to exactly
    `total`. Each share is the rounded running total minus the previous rounded running total,
    so the rounding never accumulates and the last share absorbs nothing unusual."""
    whole = sum(weights, ZERO)
    if not weights:
        return []
    if whole == ZERO:
        return [ZERO for _ in weights]
    shares, running, placed = [], ZERO, ZERO
    for weight in weights:
        running += weight
        reached = pence(total * running / whole)
        shares.append(reached - placed)
        placed = reached
    return shares
