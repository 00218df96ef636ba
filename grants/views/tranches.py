"""Tranche pages: the list with filters, a tranche, holds, receipt, and editing the schedule."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cwf.accounts import permissions
from cwf.core.errors import DomainError
from cwf.core.form_pages import done, form_page
from cwf.core.forms import date_from_query
from cwf.core.pagination import paginate

from ..forms import ReasonForm, ScheduleEditForm
from ..models import Tranche, TrancheHold
from ..selectors.allocations import allocation_list
from ..selectors.tranches import tranche_detail, tranche_list
from ..services.agreements import schedule_edit
from ..services.payments import tranche_confirm_receipt
from ..services.tranches import tranche_hold, tranche_release_hold
from .refusals import officer_only, refuse


def _filters(request, qs):
    """Status, a due-date range and a partnership search, from the query string."""
    status = request.GET.get("status", "")
    if status in Tranche.Status.values:
        qs = qs.filter(status=status)
    due = {}
    for bound, lookup in (("due_from", "due_on__gte"), ("due_to", "due_on__lte")):
        value = date_from_query(request.GET, bound)
        if value:
            qs = qs.filter(**{lookup: value})
        due[bound] = value
    query = request.GET.get("q", "").strip()
    if query:
        qs = qs.filter(allocation__partnership__name__icontains=query)
    return qs, {"status": status, "q": query, **due}


@login_required
def tranche_list_view(request):
    qs, filters = _filters(request, tranche_list(viewer=request.user).order_by("due_on", "pk"))
    context = {
        **paginate(request, qs, per_page=50),
        **filters,
        "statuses": Tranche.Status.choices,
        "sees_portfolio": permissions.sees_portfolio(request.user),
    }
    return render(request, "grants/tranche_list.html", context)


def _tranche(request, tranche_pk: int) -> Tranche:
    return get_object_or_404(tranche_detail(viewer=request.user), pk=tranche_pk)


@login_required
def tranche_detail_view(request, tranche_pk: int):
    tranche = _tranche(request, tranche_pk)
    user = request.user
    finance_of = permissions.partnership_ids(user, [permissions.Role.LTO_FINANCE])
    holds = list(tranche.holds.all())
    context = {
        "tranche": tranche,
        "allocation": tranche.allocation,
        "release": getattr(tranche, "release", None),
        "holds": holds,
        "holds_in_force": [h for h in holds if h.in_force],
        "manual_hold": any(h.in_force and h.kind == TrancheHold.Kind.MANUAL for h in holds),
        "is_officer": permissions.is_officer(user),
        "sees_names": permissions.sees_portfolio(user),
        "may_confirm_receipt": tranche.allocation.partnership_id in finance_of
        and tranche.status == Tranche.Status.PAID
        and not tranche.receipt_confirmed_at,
    }
    return render(request, "grants/tranche_detail.html", context)


def _hold_form_view(request, tranche_pk: int, *, lifting: bool):
    tranche = _tranche(request, tranche_pk)
    officer_only(request)
    form = ReasonForm(request.POST or None)

    def hold_or_lift():
        service = tranche_release_hold if lifting else tranche_hold
        service(
            tranche_id=tranche.pk,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            # Lifting takes every hold in force, automatic ones too (issue 24).
            kind=None if lifting else TrancheHold.Kind.MANUAL,
        )
        message = "Hold lifted." if lifting else "Tranche held."
        return done(request, message, "grants:tranche_detail", tranche.pk)

    context = {"tranche": tranche, "lifting": lifting, "today": timezone.localdate()}
    return form_page(
        request, form, hold_or_lift, template="grants/tranche_hold.html", context=context
    )


@login_required
def tranche_hold_view(request, tranche_pk: int):
    return _hold_form_view(request, tranche_pk, lifting=False)


@login_required
def tranche_lift_hold_view(request, tranche_pk: int):
    return _hold_form_view(request, tranche_pk, lifting=True)


@login_required
@require_POST
def tranche_confirm_receipt_view(request, tranche_pk: int):
    tranche = _tranche(request, tranche_pk)
    finance_of = permissions.partnership_ids(request.user, [permissions.Role.LTO_FINANCE])
    if tranche.allocation.partnership_id not in finance_of:
        raise PermissionDenied("Only the LTO's finance contact can confirm receipt.")
    try:
        tranche_confirm_receipt(tranche_id=tranche.pk, actor=request.user)
    except DomainError as exc:
        return refuse(request, exc, "grants:tranche_detail", tranche.pk)
    messages.success(request, "Thank you: receipt confirmed.")
    return redirect("grants:tranche_detail", tranche.pk)


@login_required
def schedule_edit_view(request, allocation_pk: int):
    allocation = get_object_or_404(allocation_list(viewer=request.user), pk=allocation_pk)
    officer_only(request)
    scheduled = allocation.tranches.filter(status=Tranche.Status.SCHEDULED).order_by("sequence")
    form = ScheduleEditForm(request.POST or None, tranches=scheduled)

    def edit():
        schedule_edit(allocation_id=allocation.pk, actor=request.user, changes=form.changes())
        return done(request, "Payment schedule updated.", "grants:allocation_detail", allocation.pk)

    return form_page(
        request,
        form,
        edit,
        template="grants/schedule_edit.html",
        context={"allocation": allocation},
    )
