"""The endowment page, recording money in and out, and the ledger itself."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from cwf.accounts import permissions
from cwf.core.form_pages import done, form_page
from cwf.core.money import format_gbp
from cwf.core.pagination import paginate

from ..charts import burn_down_svg
from ..forms import EndowmentMovementForm, EndowmentValuationForm, ReasonForm
from ..models import Account, Entry, Transaction
from ..selectors.endowment import (
    endowment_burn_down,
    endowment_movement_list,
    endowment_summary,
    endowment_valuation_list,
)
from ..services.endowment import endowment_movement_record, endowment_movement_reverse
from ..services.valuations import endowment_valuation_record, valuation_message
from .refusals import officer_only

VALUATIONS_SHOWN = 8


def _portfolio_only(request) -> None:
    if not permissions.sees_portfolio(request.user):
        raise Http404


@login_required
def endowment(request):
    _portfolio_only(request)
    points = endowment_burn_down(viewer=request.user)
    context = {
        "summary": endowment_summary(viewer=request.user),
        # The one in use first; a correction for the same day is listed above what it corrects.
        "valuations": list(endowment_valuation_list(viewer=request.user)[:VALUATIONS_SHOWN]),
        "burn_down": points,
        "burn_down_svg": burn_down_svg(points),
        "is_officer": permissions.is_officer(request.user),
        **paginate(request, endowment_movement_list(viewer=request.user), per_page=20),
    }
    return render(request, "grants/endowment.html", context)


@login_required
def endowment_record(request):
    _portfolio_only(request)
    officer_only(request)
    form = EndowmentMovementForm(request.POST or None, initial={"kind": request.GET.get("kind")})

    def record():
        movement = endowment_movement_record(actor=request.user, **form.cleaned_data)
        what = f"{movement.get_kind_display()} of {format_gbp(movement.amount)} recorded."
        return done(request, what, "grants:endowment")

    return form_page(request, form, record, template="grants/endowment_record.html")


@login_required
def endowment_valuation_new(request):
    """An officer records the market value on a day, from the custodian's statement."""
    _portfolio_only(request)
    officer_only(request)
    form = EndowmentValuationForm(request.POST or None)

    def record():
        valuation = endowment_valuation_record(actor=request.user, **form.cleaned_data)
        return done(request, valuation_message(valuation), "grants:endowment")

    return form_page(request, form, record, template="grants/endowment_valuation.html")


@login_required
def endowment_movement_reverse_view(request, movement_pk: int):
    movement = get_object_or_404(endowment_movement_list(viewer=request.user), pk=movement_pk)
    officer_only(request)
    form = ReasonForm(request.POST or None)

    def reverse():
        endowment_movement_reverse(
            movement_id=movement.pk, actor=request.user, reason=form.cleaned_data["reason"]
        )
        return done(request, "Entry reversed in the ledger.", "grants:endowment")

    return form_page(
        request,
        form,
        reverse,
        template="grants/endowment_reverse.html",
        context={"movement": movement},
    )


@login_required
def ledger(request):
    """Every ledger transaction with its entries, newest first, and every account's balance."""
    _portfolio_only(request)
    transactions = Transaction.objects.select_related("actor", "allocation__partnership")
    kind = request.GET.get("kind", "")
    if kind in Transaction.Kind.values:
        transactions = transactions.filter(kind=kind)
    transactions = transactions.prefetch_related(
        Prefetch("entries", queryset=Entry.objects.select_related("account__lto"))
    )
    accounts = Account.objects.exclude(balance=0).select_related("lto", "allocation__partnership")
    context = {
        **paginate(request, transactions, per_page=25),
        "kind": kind,
        "kinds": Transaction.Kind.choices,
        "accounts": accounts,
    }
    return render(request, "grants/ledger.html", context)
