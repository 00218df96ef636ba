"""Money is Decimal GBP with exactly two decimal places; never float."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import DomainError

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")
MONEY_FIELD = {"max_digits": 14, "decimal_places": 2}


def money(
    value, *, field: str = "amount", allow_zero: bool = False, allow_negative: bool = False
) -> Decimal:
    """A validated amount: refuses floats, sub-penny values, and (by default) zero or less."""
    if isinstance(value, float):
        raise DomainError("Amounts must be given as exact decimals, not floats.", field=field)
    try:
        amount = Decimal(str(value).replace(",", "").replace("£", "").strip())
    except (InvalidOperation, ValueError):
        raise DomainError(f"'{value}' is not an amount of money.", field=field) from None
    if not amount.is_finite():
        raise DomainError(f"'{value}' is not an amount of money.", field=field)
    if amount != amount.quantize(PENNY):
        raise DomainError(f"£{amount} has fractions of a penny.", field=field)
    if amount == 0 and not allow_zero:
        raise DomainError("The amount must be more than £0.00.", field=field)
    if amount < 0 and not allow_negative:
        raise DomainError("The amount cannot be negative.", field=field)
    if abs(amount) >= Decimal("1e12"):
        raise DomainError("The amount is too large.", field=field)
    return amount.quantize(PENNY)


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
    amount = Decimal(amount).quantize(PENNY, rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"
