"""Proposing and deciding amendments (four eyes)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from cwf.accounts import permissions
from cwf.core.dates import display_date
from cwf.core.form_pages import approve_or_reject, done, form_page

from ..forms import AmendmentForm, RejectForm
from ..models import Allocation, AllocationAmendment, Tranche
from ..selectors.allocations import allocation_list, amendment_list
from ..services.amendments import amendment_approve, amendment_propose, amendment_reject
from .refusals import officer_only

APPROVED = {
    AllocationAmendment.Kind.WITHDRAWAL: "Withdrawal approved: the allocation is withdrawn and "
    "its unreleased money uncommitted.",
    AllocationAmendment.Kind.CLOSE: "Close approved: the allocation is closed.",
    AllocationAmendment.Kind.LTO_CHANGE: "Change of LTO approved: the funding agreement and "
    "every payment not yet made now go to the new LTO.",
}


def _schedule_note(amendment, allocation) -> str:
    """What an amount or term change does not do to the schedule, said before it is decided."""
    if amendment.status != AllocationAmendment.Status.PROPOSED:
        return ""
    live = allocation.tranches.exclude(status=Tranche.Status.CANCELLED)
    if amendment.kind == AllocationAmendment.Kind.TERM:
        last = live.order_by("-due_on").values_list("due_on", flat=True).first()
        new_end = Allocation(
            starts_on=amendment.new_starts_on, term_years=amendment.new_term_years
        ).last_day
        if last and (new_end - last).days > 366:
            return (
                f"The payment schedule still ends on {display_date(last)}, long before the new "
                f"term ends on {display_date(new_end)}: approving the term does not move any "
                f"payment. Propose a new schedule afterwards (one that follows the plan, say)."
            )
    if amendment.kind == AllocationAmendment.Kind.AMOUNT:
        count = live.filter(status__in=Tranche.OPEN_STATUSES).count()
        return (
            f"The new amount is spread evenly over the {count} payments not yet released, not "
            f"by the endorsed plan's profile. To follow the plan, propose a new schedule "
            f"afterwards that follows the plan."
        )
    return ""


@login_required
def amendment_propose_view(request, allocation_pk: int):
    allocation = get_object_or_404(allocation_list(viewer=request.user), pk=allocation_pk)
    officer_only(request)
    form = AmendmentForm(
        request.POST or None,
        initial={
            "kind": request.GET.get("kind", ""),
            "new_frequency": request.GET.get("new_frequency", ""),
        },
    )

    def propose():
        data = form.cleaned_data
        amendment_propose(
            allocation_id=allocation.pk,
            actor=request.user,
            kind=data["kind"],
            reason=data["reason"],
            new_amount=data["new_amount"] or None,
            new_starts_on=data["new_starts_on"],
            new_term_years=data["new_term_years"],
            new_frequency=data["new_frequency"],
            new_first_due_on=data["new_first_due_on"],
            new_custom_dates=data["new_custom_dates"],
        )
        proposed = "Amendment proposed. A different officer must decide it."
        return done(request, proposed, "grants:allocation_detail", allocation.pk)

    return form_page(
        request,
        form,
        propose,
        template="grants/amendment_propose.html",
        context={"allocation": allocation},
    )


@login_required
def amendment_decide_view(request, amendment_pk: int):
    amendment = get_object_or_404(amendment_list(viewer=request.user), pk=amendment_pk)
    allocation = amendment.allocation
    officer_only(request)
    response, form = approve_or_reject(
        request,
        RejectForm,
        approve=lambda: amendment_approve(amendment_id=amendment.pk, actor=request.user),
        reject=lambda note: amendment_reject(
            amendment_id=amendment.pk, actor=request.user, note=note
        ),
        approved=APPROVED.get(amendment.kind, "Amendment approved and applied."),
        rejected="Amendment rejected.",
        done=("grants:allocation_detail", allocation.pk),
    )
    if response:
        return response
    context = {
        "amendment": amendment,
        "allocation": allocation,
        "schedule_note": _schedule_note(amendment, allocation),
        "form": form,
        "refusal": permissions.four_eyes_refusal(
            request.user, first=amendment.proposed_by, did="proposed this amendment", to="decide it"
        ),
    }
    return render(request, "grants/amendment_decide.html", context)
