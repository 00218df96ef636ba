from decimal import Decimal

from django import template

from ..chart_data import variance_text

register = template.Library()


@register.filter
def percent(fraction) -> str:
    """{{ 0.035|percent }} -> 3.5%"""
    if fraction in (None, ""):
        return "–"
    value = (Decimal(fraction) * 100).quantize(Decimal("0.01")).normalize()
    return f"{value:f}%"


@register.filter
def variance(amount) -> str:
    """{{ row.variance|variance }}, planned minus actual in words: "£1,200.00 under", "£300.00
    over" or "None"."""
    return variance_text(amount)
