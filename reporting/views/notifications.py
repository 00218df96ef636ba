"""The notifications list (with unread counts in the navigation) and e-mail preferences."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cwf.core.pagination import paginate

from ..forms_reports import PreferenceForm
from ..models import NotificationPreference
from ..selectors.reports import notification_list, unread_count
from ..services.preferences import notifications_mark_read, preference_set


@login_required
def notification_index(request):
    qs = notification_list(viewer=request.user)
    unread = unread_count(viewer=request.user, fresh=True)
    return render(
        request,
        "reporting/reports/notification_list.html",
        {**paginate(request, qs, per_page=25), "unread": unread},
    )


@login_required
@require_POST
def notification_read_all(request):
    count = notifications_mark_read(user=request.user)
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
    return redirect("reports:notification_index")


@login_required
def notification_settings(request):
    current = NotificationPreference.objects.filter(user=request.user).first()
    initial = {
        "delivery": current.delivery if current else NotificationPreference.Delivery.IMMEDIATE
    }
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        preference_set(user=request.user, delivery=form.cleaned_data["delivery"])
        messages.success(request, "Your email preference has been saved.")
        return redirect("reports:notification_settings")
    return render(request, "reporting/reports/notification_settings.html", {"form": form})
