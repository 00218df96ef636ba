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


class _ReflowNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context) -> str:
        from django.utils.safestring import mark_safe

        from cwf.core.tables import reflow_table

        # The markup is the template's own, already escaped where it holds data.
        return mark_safe(reflow_table(self.nodelist.render(context)))  # noqa: S308


@register.tag
def reflow(parser, token):
    """{% reflow %}<table>...</table>{% endreflow %}: the table's rows become cards on a phone,
    each value beside its column's header (cwf.core.tables)."""
    nodelist = parser.parse(("endreflow",))
    parser.delete_first_token()
    return _ReflowNode(nodelist)


@register.filter
def page_numbers(page) -> list[int | None]:
    """The page numbers GOV.UK pagination shows: the first, the last, the current one and those
    next to it, with None where an ellipsis stands for the pages left out."""
    last, current = page.paginator.num_pages, page.number
    shown = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


@register.filter
def in_sentence(label: str) -> str:
    """A label inside a sentence: "Partnership chair" -> "partnership chair"; an acronym keeps
    its capitals ("LTO finance")."""
    label = str(label)
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


@register.simple_tag(takes_context=True)
def signup_invitation(context):
    """The invitation whose link brought this person to sign up (its token is in the session):
    the sign-up page names the partnership and the role."""
    from cwf.accounts.invitations import invitation_in_session

    request = context.get("request")
    return invitation_in_session(request) if request is not None else None
