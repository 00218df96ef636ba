"""`{% submission_key %}`, a built-in tag (settings.TEMPLATES), like `{% csrf_token %}`."""

from django import template

register = template.Library()


@register.simple_tag
def submission_key():
    """Next to `{% csrf_token %}` in every POST form: the form's one-time key, so sending it
    twice does it once (cwf/core/idempotency.py)."""
    from cwf.core.idempotency import hidden_input

    return hidden_input()
