"""Allocation pages: the list, proposing, the allocation itself, and its decisions (approve,
withdraw, funding agreement, close-out). Views are thin: a selector fetches, a service decides."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render

from cwf.accounts import permissions
from cwf.core.errors import DomainError, ScopeError
from cwf.core.form_pages import done, form_page
from cwf.core.money import ZERO, format_gbp
from cwf.core.pagination import paginate
from partnerships.selectors import partnership_list

from ..forms import (
    AllocationProposeForm,
    CloseForm,
    CloseoutStatementForm,
    FundingAgreementForm,
    LtoChangeForm,
    MoneyReturnForm,
    ReasonForm,
)
from ..models import Allocation, AllocationAmendment, Tranche
from ..selectors.allocations import allocation_figures, allocation_list, amendment_list
from ..selectors.money import partnership_money
from ..services.agreements import funding_agreement_issue
from ..services.allocations import allocation_approve, allocation_propose, allocation_withdraw
from ..services.amendments import amendment_propose
from ..services.closeout import allocation_close_out_start, closeout_statement_save
from ..services.returns import money_return_record
from .refusals import officer_only, refuse


def _allocation(request, allocation_pk: int) -> Allocation:
    return get_object_or_404(allocation_list(viewer=request.user), pk=allocation_pk)


@login_required
def allocation_list_view(request):
    qs = allocation_list(viewer=request.user).order_by("partnership__name", "-pk")
    status = request.GET.get("status", "")
    if status in Allocation.Status.values:
        qs = qs.filter(status=status)
    query = request.GET.get("q", "").strip()
    if query:
        qs = qs.filter(Q(partnership__name__icontains=query))
    page = paginate(request, qs)
    rows = [(a, allocation_figures(a)) for a in page["page"].object_list]
    context = {
        **page,
        "rows": rows,
        "status": status,
        "q": query,
        "statuses": Allocation.Status.choices,
        "is_officer": permissions.is_officer(request.user),
    }
    return render(request, "grants/allocation_list.html", context)


@login_required
def allocation_propose_view(request):
    officer_only(request)
    form = AllocationProposeForm(
        request.POST or None, partnerships=partnership_list(viewer=request.user)
    )

    def propose():
        allocation = allocation_propose(
            actor=request.user,
            partnership_id=form.cleaned_data["partnership"].pk,
            amount=form.cleaned_data["amount"],
            starts_on=form.cleaned_data["starts_on"],
            term_years=form.cleaned_data["term_years"],
            purpose=form.cleaned_data["purpose"],
        )
        proposed = (
            f"Allocation of {format_gbp(allocation.amount)} proposed. A different officer "
            f"must now approve it."
        )
        return done(request, proposed, "grants:allocation_detail", allocation.pk)

    return form_page(request, form, propose, template="grants/allocation_propose.html")


def _schedule(allocation) -> dict:
    """The live schedule (numbered from 1) with its totals, and the cancelled tranches apart,
    as history."""
    tranches = list(allocation.tranches.select_related("release").order_by("number", "sequence"))
    live = [t for t in tranches if t.status != Tranche.Status.CANCELLED]
    return {
        "tranches": live,
        "cancelled_tranches": [t for t in tranches if t.status == Tranche.Status.CANCELLED],
        "schedule_totals": {
            "amount": sum((t.amount for t in live), ZERO),
            "contribution": sum((t.management_contribution for t in live), ZERO),
            "total": sum((t.total for t in live), ZERO),
        },
    }


@login_required
def allocation_detail(request, allocation_pk: int):
    allocation = _allocation(request, allocation_pk)
    user = request.user
    officer = permissions.is_officer(user)
    amendments = amendment_list(viewer=user).filter(allocation=allocation)
    context = {
        "allocation": allocation,
        "figures": allocation_figures(allocation),
        "agreement": getattr(allocation, "funding_agreement", None),
        **_schedule(allocation),
        "amendments": amendments,
        "money_returns": list(allocation.money_returns.all()),
        "pending_amendment": next(
            (a for a in amendments if a.status == AllocationAmendment.Status.PROPOSED), None
        ),
        "is_officer": officer,
        "sees_names": permissions.sees_portfolio(user),
        "approve_refusal": officer
        and permissions.four_eyes_refusal(
            user, first=allocation.proposed_by, did="proposed this allocation", to="approve it"
        ),
        "writes_closeout": allocation.status == Allocation.Status.CLOSING
        and (officer or permissions.is_chair_of(user, allocation.partnership_id)),
        "is_lto_finance": allocation.partnership_id
        in permissions.partnership_ids(user, [permissions.Role.LTO_FINANCE]),
    }
    return render(request, "grants/allocation_detail.html", context)


@login_required
def allocation_approve_view(request, allocation_pk: int):
    allocation = _allocation(request, allocation_pk)
    officer_only(request)
    if request.method == "POST":
        try:
            allocation_approve(allocation_id=allocation.pk, actor=request.user)
        except DomainError as exc:
            return refuse(request, exc, "grants:allocation_detail", allocation.pk)
        messages.success(
            request,
            f"Allocation approved: {format_gbp(allocation.total_commitment)} is now committed.",
        )
        return redirect("grants:allocation_detail", allocation.pk)
    context = {
        "allocation": allocation,
        "refusal": permissions.four_eyes_refusal(
            request.user,
            first=allocation.proposed_by,
            did="proposed this allocation",
            to="approve it",
        ),
    }
    return render(request, "grants/allocation_approve.html", context)


@login_required
def allocation_withdraw_view(request, allocation_pk: int):
    """A proposal is withdrawn at once (nothing is committed). A committed allocation's
    withdrawal is proposed here and approved by a different officer."""
    allocation = _allocation(request, allocation_pk)
    officer_only(request)
    committed = allocation.status in Allocation.COMMITTED_STATUSES
    form = ReasonForm(request.POST or None)

    def withdraw():
        reason = form.cleaned_data["reason"]
        if committed:
            amendment_propose(
                allocation_id=allocation.pk,
                actor=request.user,
                kind=AllocationAmendment.Kind.WITHDRAWAL,
                reason=reason,
            )
            message = "Withdrawal proposed. A different officer must approve it."
        else:
            allocation_withdraw(allocation_id=allocation.pk, actor=request.user, reason=reason)
            message = "Allocation withdrawn."
        return done(request, message, "grants:allocation_detail", allocation.pk)

    context = {"allocation": allocation, "committed": committed}
    return form_page(
        request, form, withdraw, template="grants/allocation_withdraw.html", context=context
    )


@login_required
def funding_agreement_issue_view(request, allocation_pk: int):
    allocation = _allocation(request, allocation_pk)
    officer_only(request)
    form = FundingAgreementForm(request.POST or None)

    def issue():
        agreement = funding_agreement_issue(
            allocation_id=allocation.pk,
            actor=request.user,
            frequency=form.cleaned_data["frequency"],
            first_due_on=form.cleaned_data["first_due_on"],
            custom_dates=form.cleaned_data["custom_dates"],
            terms=form.cleaned_data["terms"],
        )
        issued = (
            f"Funding agreement {agreement.reference} issued to {agreement.lto}, with "
            f"{allocation.tranches.count()} scheduled payments."
        )
        return done(request, issued, "grants:allocation_detail", allocation.pk)

    return form_page(
        request,
        form,
        issue,
        template="grants/funding_agreement_issue.html",
        context={"allocation": allocation},
    )


@login_required
def allocation_close_out_start_view(request, allocation_pk: int):
    allocation = _allocation(request, allocation_pk)
    officer_only(request)
    if request.method == "POST":
        try:
            allocation_close_out_start(allocation_id=allocation.pk, actor=request.user)
        except DomainError as exc:
            return refuse(request, exc, "grants:allocation_detail", allocation.pk)
        messages.success(request, "Close-out started.")
        return redirect("grants:allocation_detail", allocation.pk)
    context = {"allocation": allocation, "figures": allocation_figures(allocation)}
    return render(request, "grants/allocation_close_out_start.html", context)


@login_required
def allocation_close_view(request, allocation_pk: int):
    allocation = _allocation(request, allocation_pk)
    officer_only(request)
    form = CloseForm(request.POST or None, initial={"underspend_returned": "0.00"})

    def propose():
        data = form.cleaned_data
        amendment_propose(
            allocation_id=allocation.pk,
            actor=request.user,
            kind=AllocationAmendment.Kind.CLOSE,
            reason=data["note"].strip() or "Close-out with the underspend returned.",
            underspend_returned=data["underspend_returned"],
            returned_on=data["returned_on"],
            bank_reference=data["bank_reference"],
        )
        proposed = "Close proposed. A different officer must approve it."
        return done(request, proposed, "grants:allocation_detail", allocation.pk)

    return form_page(
        request,
        form,
        propose,
        template="grants/allocation_close.html",
        context=lambda: {"allocation": allocation, "figures": allocation_figures(allocation)},
    )


@login_required
def lto_change_view(request, allocation_pk: int):
    """Propose a change of LTO under the funding agreement; a different officer approves it on
    the amendment's page (grants.services.lto_change)."""
    allocation = _allocation(request, allocation_pk)
    officer_only(request)
    agreement = getattr(allocation, "funding_agreement", None)
    form = LtoChangeForm(request.POST or None, initial={"handover_transferred": "0.00"})

    def propose():
        data = form.cleaned_data
        amendment_propose(
            allocation_id=allocation.pk,
            actor=request.user,
            kind=AllocationAmendment.Kind.LTO_CHANGE,
            reason=data["reason"],
            new_lto_id=data["new_lto"].pk,
            new_lto_starts_on=data["new_lto_starts_on"],
            handover_transferred=data["handover_transferred"],
            handover_on=data["handover_on"],
            bank_reference=data["bank_reference"],
            handover_note=data["handover_note"],
        )
        proposed = (
            "Change of LTO proposed. Nothing is released or paid for this allocation until "
            "a different officer decides it."
        )
        return done(request, proposed, "grants:allocation_detail", allocation.pk)

    def context():
        held = partnership_money(partnership_id=allocation.partnership_id).held
        return {"allocation": allocation, "agreement": agreement, "held": held}

    return form_page(request, form, propose, template="grants/lto_change.html", context=context)


@login_required
def money_return_view(request, allocation_pk: int):
    """Record money the LTO paid back after a withdrawal or a close."""
    allocation = _allocation(request, allocation_pk)
    officer_only(request)
    form = MoneyReturnForm(request.POST or None)

    def record():
        data = form.cleaned_data
        returned = money_return_record(
            allocation_id=allocation.pk,
            actor=request.user,
            amount=data["amount"],
            returned_on=data["returned_on"],
            bank_reference=data["bank_reference"],
        )
        recorded = (
            f"{format_gbp(returned.amount)} returned by the LTO recorded, with "
            f"{format_gbp(returned.contribution)} management contribution."
        )
        return done(request, recorded, "grants:allocation_detail", allocation.pk)

    def context():
        money = partnership_money(partnership_id=allocation.partnership_id)
        return {"allocation": allocation, "money": money}

    return form_page(request, form, record, template="grants/money_return.html", context=context)


@login_required
def closeout_statement_view(request, allocation_pk: int):
    """The partnership's final report and legacy statement, while its allocation closes."""
    allocation = _allocation(request, allocation_pk)
    form = CloseoutStatementForm(
        request.POST or None,
        initial={
            "final_report": allocation.final_report,
            "legacy_statement": allocation.legacy_statement,
        },
    )

    def save():
        try:
            closeout_statement_save(
                allocation_id=allocation.pk,
                actor=request.user,
                final_report=form.cleaned_data["final_report"],
                legacy_statement=form.cleaned_data["legacy_statement"],
            )
        except ScopeError:
            raise PermissionDenied from None
        saved = "Final report and legacy statement saved."
        return done(request, saved, "grants:allocation_detail", allocation.pk)

    return form_page(
        request,
        form,
        save,
        template="grants/closeout_statement.html",
        context={"allocation": allocation},
    )
