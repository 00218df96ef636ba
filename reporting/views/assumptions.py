"""The assumptions behind the forecast and the social value estimate: everyone fund-wide reads
them with their sources; officers record new values."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from cwf.accounts import permissions
from cwf.core.form_pages import done, form_page

from ..assumptions import DEFINITIONS
from ..forms import AssumptionForm
from ..selectors.assumptions import assumption_history, assumptions_in_force
from ..services.assumptions import assumption_set
from .access import require_officer, require_portfolio


@login_required
def assumption_list(request):
    require_portfolio(request)
    in_force = assumptions_in_force()
    today = timezone.localdate()
    upcoming = assumption_history(viewer=request.user, key=None).filter(effective_on__gt=today)
    context = {
        "groups": [
            ("Coverage forecast", in_force.group("forecast")),
            ("Social value estimate", in_force.group("social_value")),
        ],
        "upcoming": upcoming.order_by("effective_on", "pk"),
        "is_officer": permissions.is_officer(request.user),
    }
    return render(request, "reporting/assumption_list.html", context)


@login_required
def assumption_change(request, assumption_key: str):
    require_portfolio(request)
    definition = DEFINITIONS.get(assumption_key)
    if definition is None:
        raise Http404
    require_officer(request)
    current = assumptions_in_force()[definition.key]
    initial = {
        "value": f"{current.value.normalize():f}",
        "source": current.source,
        "effective_on": timezone.localdate(),
    }
    form = AssumptionForm(
        request.POST if request.method == "POST" else None, initial=initial, definition=definition
    )

    def record():
        assumption_set(actor=request.user, key=definition.key, **form.cleaned_data)
        recorded = f"The new {definition.label.lower()} was recorded."
        return done(request, recorded, "reporting:assumption_list")

    def context():
        history = assumption_history(viewer=request.user, key=definition.key)[:50]
        return {"definition": definition, "current": current, "history": history}

    return form_page(
        request, form, record, template="reporting/assumption_change.html", context=context
    )
