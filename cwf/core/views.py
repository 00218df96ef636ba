from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from cwf.accounts import permissions
from partnerships.selectors import partnership_list

from .health import run_checks
from .home import actions_for, tasks_for
from .navigation import menu_for


@login_required
def home(request):
    """What needs doing now and by when (each app's tasks, cwf.core.home), the everyday
    actions, then the person's partnerships and roles."""
    user = request.user
    today = timezone.localdate()
    assignments = user.role_assignments.select_related("partnership")
    context = {
        "tasks": tasks_for(viewer=user, today=today),
        "actions": actions_for(viewer=user),
        "today": today,
        "assignments": assignments,
        "partnerships": partnership_list(viewer=user)[:50],
        "sees_portfolio": permissions.sees_portfolio(user),
        "is_officer": permissions.is_officer(user),
        "may_invite": permissions.may_manage_invitations(user),
    }
    return render(request, "core/home.html", context)


@login_required
def menu(request):
    """Every page the person may open from the menu: the menu bar's few links and the rest. A
    phone without JavaScript reaches it from the one "Menu" link it shows instead of the bar."""
    return render(request, "core/menu.html", {"links": menu_for(request)})


@never_cache
@transaction.non_atomic_requests
def health(request):
    """For monitoring: JSON for machines (?format=json or Accept: application/json), a page for
    people. Returns 503 when any check fails, so a load balancer can act on the status alone.

    Outside ATOMIC_REQUESTS, which would open a database connection before the view runs and
    turn a database outage into a 500 page; and JSON whenever the database is down, since the
    page's navigation needs the signed-in user from it."""
    checks = run_checks()
    healthy = all(c.ok for c in checks)
    status = 200 if healthy else 503
    wants_json = request.GET.get("format") == "json" or "application/json" in request.headers.get(
        "Accept", ""
    )
    if wants_json or not checks[0].ok:
        return JsonResponse(
            {"status": "ok" if healthy else "failing", "checks": [c.as_json() for c in checks]},
            status=status,
        )
    return render(
        request, "core/health.html", {"checks": checks, "healthy": healthy}, status=status
    )
