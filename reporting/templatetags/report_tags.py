from django import template

register = template.Library()


@register.filter
def days_late(report, today) -> int:
    """{{ report|days_late:today }}: days past the (extended) deadline, at submission or today."""
    return report.days_late(today)
