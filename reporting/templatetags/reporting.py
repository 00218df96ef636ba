from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def percent(fraction) -> str:
    """{{ 0.035|percent }} -> 3.5%"""
    if fraction in (None, ""):
        return "–"
    value = (Decimal(fraction) * 100).quantize(Decimal("0.01")).normalize()
    return f"{value:f}%"
