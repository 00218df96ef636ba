from decimal import Decimal

from django import template

from cwf.core.money import format_gbp

from ..chart_data import variance_text, whole_pounds
from ..trends import COUNT, MONEY, SHARE

register = template.Library()


@register.filter
def percent(fraction) -> str:
    """{{ 0.035|percent }} -> 3.5%"""
    if fraction in (None, ""):
        return "–"
    value = (Decimal(fraction) * 100).quantize(Decimal("0.01")).normalize()
    return f"{value:f}%"


@register.filter
def pounds(amount, whole=True) -> str:
    """{{ value|pounds:whole }}: to the pound when `whole` (the PDF's wide forecast tables, so
    they fit A4), otherwise to the penny as everywhere else."""
    if amount in (None, ""):
        return "–"
    return whole_pounds(amount) if whole else format_gbp(amount)


@register.filter
def variance(amount) -> str:
    """{{ row.variance|variance }}, planned minus actual in words: "£1,200.00 under", "£300.00
    over" or "None"."""
    return variance_text(amount)


@register.filter
def figure(value, kind: str) -> str:
    """{{ value|figure:row.figure.kind }}: a trend figure as it reads (reporting/trends.py)."""
    if value is None:
        return "–"
    if kind == MONEY:
        return format_gbp(value)
    if kind == SHARE:
        return percent(value)
    return f"{value:,}" if kind == COUNT else f"{value}"


@register.filter
def change(value, kind: str) -> str:
    """{{ change.change|change:kind }}: +£1,050.00, -3, "No change"."""
    if value is None:
        return "–"
    if not value:
        return "No change"
    text = figure(abs(value), kind)
    if kind == SHARE:  # a change in a share is in percentage points
        text = text.removesuffix("%") + " points"
    return ("+" if value > 0 else "-") + text


@register.filter
def measure(value) -> str:
    """{{ Decimal("1200.50")|measure }} -> 1,200.5: an indicator's value, with no exponent and
    no trailing zeros."""
    if value in (None, ""):
        return "–"
    number = Decimal(value).normalize()
    if number == number.to_integral_value():
        return f"{number:,.0f}"
    return f"{number:,f}"
