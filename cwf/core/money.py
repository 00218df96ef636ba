"""Money is Decimal GBP with exactly two decimal places; never float.

`money()` is the one parser of amounts typed by people or read from files and API input: every
form (through `cwf.core.forms.MoneyField`), every CSV import and every service that takes an
amount calls it, so every amount is refused or accepted by the same rules, with a message that
names the field: the format (pounds and pence, like 1,250.00 or £1250), no fractions of a
penny, and the bounds the database can hold (MONEY_FIELD: 14 digits, 2 after the point)."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import models

from .errors import DomainError

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")
MONEY_FIELD = {"max_digits": 14, "decimal_places": 2}
# The largest amount a MONEY_FIELD column (and so a ledger balance) can hold.
MONEY_MAX = Decimal("999999999999.99")
# Pounds with optional thousands commas and pence: "1250", "1,250.5", "£1,250.00", "-12.00".
_AMOUNT = re.compile(r"-?£?-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?|-?£?-?\.\d+")


def money_column(**kwargs) -> models.DecimalField:
    """The one money column (MONEY_FIELD), for a model's field or an expression's output."""
    return models.DecimalField(**MONEY_FIELD, **kwargs)


def _label(field: str, label: str | None) -> str:
    return label or field.replace("_", " ")


def money(
    value,
    *,
    field: str = "amount",
    label: str | None = None,
    allow_zero: bool = False,
    allow_negative: bool = False,
) -> Decimal:
    """A validated amount: refuses floats, anything but pounds and pence (no exponents, no
    "NaN"), sub-penny values, amounts beyond MONEY_MAX, and (by default) zero or less. Each
    refusal is a DomainError on `field` whose message names it (`label`, or the field's name)."""
    name = _label(field, label)
    if isinstance(value, float):
        raise DomainError(
            f"The {name} must be given as an exact decimal, not a float.", field=field
        )
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        value = format(value, "f") if Decimal(value).is_finite() else str(value)
    text = str(value).strip() if value is not None else ""
    if not text:
        raise DomainError(f"Enter the {name}.", field=field)
    if not _AMOUNT.fullmatch(text.replace(" ", "")):
        shown = text if len(text) <= 30 else text[:30] + "…"
        raise DomainError(
            f"The {name} must be in pounds and pence, like 1250.00, not '{shown}'.",
            field=field,
        )
    try:
        amount = Decimal(text.replace(" ", "").replace(",", "").replace("£", ""))
    except (InvalidOperation, ValueError):  # pragma: no cover: the pattern allows none
        raise DomainError(f"'{text}' is not an amount of money.", field=field) from None
    if abs(amount) > MONEY_MAX:
        raise DomainError(f"The {name} must be at most {format_gbp(MONEY_MAX)}.", field=field)
    if amount != amount.quantize(PENNY):
        raise DomainError(f"The {name}, £{amount}, has fractions of a penny.", field=field)
    if amount == 0 and not allow_zero:
        raise DomainError(f"The {name} must be more than £0.00.", field=field)
    if amount < 0 and not allow_negative:
        raise DomainError(f"The {name} cannot be negative.", field=field)
    return amount.quantize(PENNY)


def pence(value) -> Decimal:
    """To the nearest penny, halves up; None (the sum of no rows) is £0.00. For amounts worked
    out (a share, a rate of a balance) and for sums of money read back from the database: SQLite
    adds numeric columns in floating point, so a total of pence can come back a hair off
    (210000.019999...), and this rounds it back to the penny it is."""
    return ZERO if value is None else Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


def split_evenly(total: Decimal, parts: int) -> list[Decimal]:
    """`parts` amounts that add up to exactly `total`. The pence left over go one each to the
    first instalments, so the split is deterministic."""
    if parts <= 0:
        raise DomainError("There must be at least one instalment.")
    pence = int((total / PENNY).to_integral_value())
    base, remainder = divmod(pence, parts)
    return [(Decimal(base + (1 if i < remainder else 0)) * PENNY) for i in range(parts)]


def format_gbp(amount: Decimal | None) -> str:
    if amount is None:
        return "–"
    amount = pence(amount)
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"
