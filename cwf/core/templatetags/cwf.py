from django import template

from cwf.accounts import permissions
from cwf.core.money import format_gbp

register = template.Library()


@register.filter
def gbp(value) -> str:
    """{{ amount|gbp }} -> £1,234.56"""
    return format_gbp(value)


@register.inclusion_tag("includes/history.html", takes_context=True)
def history(context, obj, limit: int = 20):
    """The audit history of `obj`, for officers only: who changed what, and when."""
    request = context.get("request")
    viewer = getattr(request, "user", None)
    if obj is None or not permissions.is_officer(viewer):
        return {"entries": None}
    from auditlog.models import LogEntry

    entries = LogEntry.objects.get_for_object(obj).select_related("actor")[:limit]
    return {"entries": list(entries)}
