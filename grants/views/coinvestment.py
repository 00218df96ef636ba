"""Co-investment pages (issue 18): co-funders, pledges and their receipts, restricted money's
release and payment, and local income. Thin: a selector fetches (scoped to the viewer, so an
object out of scope is a 404), a service decides, its refusal is shown on the form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cwf.accounts import permissions
from cwf.core.errors import DomainError
from cwf.core.form_pages import approve_or_reject, done, form_page
from cwf.core.forms import add_domain_error
from cwf.core.pagination import paginate
from partnerships.selectors import partnership_list

from ..forms import RejectForm
from ..forms_coinvestment import (
    AmendForm,
    AmendmentProposeForm,
    CoFunderForm,
    LapseForm,
    LocalIncomeForm,
    MarkPaidForm,
    PledgeForm,
    ReceiptForm,
    ScheduleForm,
    VerifyForm,
)
from ..models import CoFunder, LocalIncome, Pledge, RestrictedRelease, Theme, Tranche
from ..selectors.coinvestment import (
    co_funder_contact_list,
    co_funder_list,
    local_income_list,
    pledge_amendment_list,
    pledge_list,
    pledge_partnerships,
    restricted_release_list,
)
from ..services.coinvestment import (
    co_funder_save,
    match_rule_label,
    pledge_accept,
    pledge_amend,
    pledge_amendment_approve,
    pledge_amendment_propose,
    pledge_amendment_reject,
    pledge_lapse,
    pledge_match_due,
    pledge_receipt_record,
    pledge_record,
)
from ..services.local_income import local_income_decide, local_income_record
from ..services.restricted_money import (
    pledge_unscheduled,
    restricted_release_cancel,
    restricted_release_schedule,
    restricted_releases_mark_paid,
)
from .plans import partnership_for
from .refusals import officer_only


def _co_funder(request, co_funder_pk: int) -> CoFunder:
    return get_object_or_404(co_funder_list(viewer=request.user), pk=co_funder_pk)


def _pledge(request, pledge_pk: int) -> Pledge:
    return get_object_or_404(pledge_list(viewer=request.user), pk=pledge_pk)


def _themes():
    return Theme.objects.filter(is_active=True)


# --- Co-funders -----------------------------------------------------------------------------------
@login_required
def co_funder_list_view(request):
    if not permissions.sees_portfolio(request.user):
        raise Http404("Fund-wide roles only")
    qs = co_funder_list(viewer=request.user)
    query = request.GET.get("q", "").strip()
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(charity_number__iexact=query))
    funds = request.GET.get("funds", "")
    if funds in CoFunder.Funds.values:
        qs = qs.filter(funds=funds)
    context = {
        **paginate(request, qs.select_related("theme").order_by("name")),
        "q": query,
        "funds": funds,
        "funds_choices": CoFunder.Funds.choices,
        "is_officer": permissions.can_write_fund(request.user),
    }
    return render(request, "grants/coinvestment/co_funder_list.html", context)


def _co_funder_form_view(request, co_funder: CoFunder | None):
    officer_only(request)
    initial = {}
    if co_funder is not None:
        contact = co_funder.contacts.first()
        initial = {
            "name": co_funder.name,
            "charity_number": co_funder.charity_number,
            "company_number": co_funder.company_number,
            "other_org_id": co_funder.other_org_id,
            "is_individual": co_funder.is_individual,
            "funds": co_funder.funds,
            "region": co_funder.region,
            "theme": co_funder.theme_id,
            "partnerships": list(co_funder.partnerships.values_list("pk", flat=True)),
            **(
                {
                    "contact_name": contact.name,
                    "contact_role": contact.role,
                    "contact_email": contact.email,
                    "contact_phone": contact.phone,
                }
                if contact
                else {}
            ),
        }
    form = CoFunderForm(
        request.POST or None,
        initial=initial,
        themes=_themes(),
        partnerships=partnership_list(viewer=request.user).order_by("name"),
    )

    def save():
        data = form.cleaned_data
        contacts = None
        if data["contact_name"] or co_funder is None:
            contacts = (
                [
                    {
                        "name": data["contact_name"],
                        "role": data["contact_role"],
                        "email": data["contact_email"],
                        "phone": data["contact_phone"],
                    }
                ]
                if data["contact_name"]
                else []
            )
        try:
            saved = co_funder_save(
                actor=request.user,
                co_funder_id=co_funder.pk if co_funder else None,
                name=data["name"],
                charity_number=data["charity_number"],
                company_number=data["company_number"],
                other_org_id=data["other_org_id"],
                is_individual=data["is_individual"],
                funds=data["funds"],
                region=data["region"],
                theme_id=data["theme"].pk if data["theme"] else None,
                partnership_ids=[p.pk for p in data["partnerships"]],
                contacts=contacts,
            )
        except DomainError as exc:
            # A refused contact is shown on the one contact field the form has for it.
            if exc.field and exc.field.startswith("contact_"):
                exc.field = exc.field if exc.field in form.fields else "contact_name"
            raise
        return done(request, f"{saved} is saved.", "grants:co_funder_detail", saved.pk)

    return form_page(
        request,
        form,
        save,
        template="grants/coinvestment/co_funder_form.html",
        context={"co_funder": co_funder},
    )


@login_required
def co_funder_new_view(request):
    return _co_funder_form_view(request, None)


@login_required
def co_funder_edit_view(request, co_funder_pk: int):
    return _co_funder_form_view(request, _co_funder(request, co_funder_pk))


@login_required
def co_funder_detail_view(request, co_funder_pk: int):
    co_funder = _co_funder(request, co_funder_pk)
    context = {
        "co_funder": co_funder,
        "contacts": list(co_funder_contact_list(viewer=request.user, co_funder_id=co_funder.pk)),
        "sees_contacts": permissions.sees_co_funder_contacts(request.user),
        "named": list(co_funder.partnerships.order_by("name")),
        "pledges": list(pledge_list(viewer=request.user).filter(co_funder=co_funder)),
        "is_officer": permissions.can_write_fund(request.user),
    }
    return render(request, "grants/coinvestment/co_funder_detail.html", context)


# --- Pledges --------------------------------------------------------------------------------------
@login_required
def pledge_list_view(request):
    if not permissions.sees_portfolio(request.user):
        raise Http404("Fund-wide roles only")
    qs = pledge_list(viewer=request.user)
    query = request.GET.get("q", "").strip()
    if query:
        qs = qs.filter(
            Q(co_funder__name__icontains=query)
            | Q(partnership__name__icontains=query)
            | Q(region__icontains=query)
            | Q(theme__name__icontains=query)
        )
    status = request.GET.get("status", "")
    if status in Pledge.Status.values:
        qs = qs.filter(status=status)
    context = {
        **paginate(request, qs.order_by("ends_on", "pk")),
        "q": query,
        "status": status,
        "statuses": Pledge.Status.choices,
        "is_officer": permissions.can_write_fund(request.user),
    }
    return render(request, "grants/coinvestment/pledge_list.html", context)


@login_required
def pledge_new_view(request):
    officer_only(request)
    form = PledgeForm(
        request.POST or None,
        initial={"currency": "GBP", "co_funder": request.GET.get("co_funder")},
        co_funders=co_funder_list(viewer=request.user),
        partnerships=partnership_list(viewer=request.user).order_by("name"),
        themes=_themes(),
    )

    def record():
        data = form.cleaned_data
        pledge = pledge_record(
            actor=request.user,
            co_funder_id=data["co_funder"].pk,
            amount=data["amount"],
            currency=data["currency"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            restriction=data["restriction"],
            partnership_id=data["partnership"].pk if data["partnership"] else None,
            theme_id=data["theme"].pk if data["theme"] else None,
            region=data["region"],
            conditions=data["conditions"],
            match_ratio=data["match_ratio"] or None,
            match_cap=data["match_cap"],
        )
        recorded = "The pledge is recorded. A different officer accepts it."
        return done(request, recorded, "grants:pledge_detail", pledge.pk)

    return form_page(request, form, record, template="grants/coinvestment/pledge_new.html")


@login_required
def pledge_detail_view(request, pledge_pk: int):
    pledge = _pledge(request, pledge_pk)
    is_officer = permissions.can_write_fund(request.user)
    context = {
        "pledge": pledge,
        "received": pledge.received_total,
        "outstanding": pledge.amount - pledge.received_total,
        "unscheduled": pledge_unscheduled(pledge),
        "match_due": pledge_match_due(pledge),
        "receipts": list(pledge.receipts.select_related("recorded_by")),
        "releases": list(
            restricted_release_list(viewer=request.user)
            .filter(pledge=pledge)
            .select_related("tranche")
        ),
        "named": list(pledge_partnerships(pledge).order_by("name")[:50]),
        "is_officer": is_officer,
        "may_accept": pledge.status == Pledge.Status.PLEDGED
        and permissions.may_second(request.user, first_id=pledge.recorded_by_id),
        "receivable": pledge.status in Pledge.RECEIVABLE,
        "amendments": list(pledge_amendment_list(viewer=request.user).filter(pledge=pledge)),
    }
    return render(request, "grants/coinvestment/pledge_detail.html", context)


@login_required
@require_POST
def pledge_accept_view(request, pledge_pk: int):
    pledge = _pledge(request, pledge_pk)
    officer_only(request)
    try:
        pledge_accept(pledge_id=pledge.pk, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "The pledge is accepted: money can be recorded against it.")
    return redirect("grants:pledge_detail", pledge.pk)


def _pledge_form_view(request, pledge_pk: int, form_class, template: str, act, message: str):
    pledge = _pledge(request, pledge_pk)
    officer_only(request)
    form = form_class(request.POST or None)

    def act_and_say():
        act(pledge, form.cleaned_data)
        return done(request, message, "grants:pledge_detail", pledge.pk)

    def context():
        if pledge.has_match_rule:
            return {"pledge": pledge, "match_rule": match_rule_label(pledge)}
        return {"pledge": pledge}

    return form_page(request, form, act_and_say, template=template, context=context)


@login_required
def pledge_receipt_view(request, pledge_pk: int):
    def act(pledge, data):
        pledge_receipt_record(pledge_id=pledge.pk, actor=request.user, **data)

    return _pledge_form_view(
        request,
        pledge_pk,
        ReceiptForm,
        "grants/coinvestment/pledge_receipt.html",
        act,
        "The money received is recorded as restricted money.",
    )


@login_required
def pledge_amend_view(request, pledge_pk: int):
    """A pledge not yet accepted: one officer corrects it. An accepted one: an officer proposes
    the change with a reason, and a different officer decides it (pledge_amendment_decide)."""
    pledge = _pledge(request, pledge_pk)
    if pledge.status == Pledge.Status.PLEDGED:

        def act(pledge, data):
            pledge_amend(pledge_id=pledge.pk, actor=request.user, **data)

        return _pledge_form_view(
            request,
            pledge_pk,
            AmendForm,
            "grants/coinvestment/pledge_amend.html",
            act,
            "The pledge is amended.",
        )
    officer_only(request)
    form = AmendmentProposeForm(
        request.POST or None,
        initial={
            "amount": pledge.amount,
            "ends_on": pledge.ends_on,
            "match_ratio": pledge.match_ratio if pledge.match_ratio is not None else "",
            "match_cap": pledge.match_cap,
        },
    )

    def propose():
        data = form.cleaned_data
        pledge_amendment_propose(
            pledge_id=pledge.pk,
            actor=request.user,
            reason=data["reason"],
            amount=data["amount"],
            ends_on=data["ends_on"],
            match_ratio=data["match_ratio"] or None,
            match_cap=data["match_cap"],
        )
        proposed = "The change is proposed. A different officer must approve it."
        return done(request, proposed, "grants:pledge_detail", pledge.pk)

    return form_page(
        request,
        form,
        propose,
        template="grants/coinvestment/pledge_amendment_propose.html",
        context={"pledge": pledge},
    )


@login_required
def pledge_amendment_decide_view(request, pledge_amendment_pk: int):
    """The second officer reads the change (before and after) and approves or rejects it."""
    amendment = get_object_or_404(
        pledge_amendment_list(viewer=request.user), pk=pledge_amendment_pk
    )
    pledge = amendment.pledge
    officer_only(request)
    response, form = approve_or_reject(
        request,
        RejectForm,
        approve=lambda: pledge_amendment_approve(amendment_id=amendment.pk, actor=request.user),
        reject=lambda note: pledge_amendment_reject(
            amendment_id=amendment.pk, actor=request.user, note=note
        ),
        approved="The change is approved: the pledge now says it.",
        rejected="The change is rejected: the pledge is unchanged.",
        done=("grants:pledge_detail", pledge.pk),
    )
    if response:
        return response
    context = {
        "amendment": amendment,
        "pledge": pledge,
        "form": form,
        "refusal": permissions.four_eyes_refusal(
            request.user, first=amendment.proposed_by, did="proposed this change", to="decide it"
        ),
    }
    return render(request, "grants/coinvestment/pledge_amendment_decide.html", context)


@login_required
def pledge_lapse_view(request, pledge_pk: int):
    """A confirmation page: marking a pledge lapsed cannot be undone."""

    def act(pledge, data):
        pledge_lapse(pledge_id=pledge.pk, actor=request.user, reason=data["reason"])

    return _pledge_form_view(
        request,
        pledge_pk,
        LapseForm,
        "grants/coinvestment/pledge_lapse.html",
        act,
        "The pledge is marked lapsed.",
    )


@login_required
def restricted_release_new_view(request, pledge_pk: int):
    pledge = _pledge(request, pledge_pk)
    officer_only(request)
    named = pledge_partnerships(pledge)
    form = ScheduleForm(
        request.POST or None,
        partnerships=partnership_list(viewer=request.user)
        .filter(pk__in=named.values("pk"))
        .order_by("name"),
        tranches=Tranche.objects.filter(
            allocation__partnership__in=named.values("pk"), status=Tranche.Status.SCHEDULED
        )
        .select_related("allocation__partnership")
        .order_by("allocation__partnership__name", "due_on"),
    )

    def schedule():
        data = form.cleaned_data
        restricted_release_schedule(
            pledge_id=pledge.pk,
            actor=request.user,
            partnership_id=data["partnership"].pk,
            amount=data["amount"],
            due_on=data["due_on"],
            tranche_id=data["tranche"].pk if data["tranche"] else None,
        )
        scheduled = "The restricted money is scheduled for release."
        return done(request, scheduled, "grants:pledge_detail", pledge.pk)

    return form_page(
        request,
        form,
        schedule,
        template="grants/coinvestment/restricted_release_new.html",
        context=lambda: {"pledge": pledge, "unscheduled": pledge_unscheduled(pledge)},
    )


@login_required
def restricted_release_cancel_view(request, release_pk: int):
    """A confirmation page before a scheduled release is cancelled."""
    release = get_object_or_404(restricted_release_list(viewer=request.user), pk=release_pk)
    officer_only(request)
    if request.method == "POST":
        try:
            restricted_release_cancel(release_id=release.pk, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "The release is cancelled; the money stays restricted.")
        return redirect("grants:pledge_detail", release.pledge_id)
    return render(
        request, "grants/coinvestment/restricted_release_cancel.html", {"release": release}
    )


@login_required
def restricted_payments_view(request):
    """Restricted money released and awaiting payment: mark a payment's releases paid."""
    if not permissions.sees_portfolio(request.user):
        raise Http404("Fund-wide roles only")
    waiting = restricted_release_list(viewer=request.user).filter(
        status=RestrictedRelease.Status.RELEASED
    )
    partnership = request.GET.get("q", "").strip()
    if partnership:
        waiting = waiting.filter(partnership__name__icontains=partnership)
    waiting = waiting.order_by("released_on", "pk")
    form = MarkPaidForm(request.POST or None, releases=waiting)
    if request.method == "POST":
        officer_only(request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                restricted_releases_mark_paid(
                    release_ids=[r.pk for r in data["releases"]],
                    actor=request.user,
                    bank_reference=data["bank_reference"],
                    paid_on=data["paid_on"],
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, "The restricted money is marked paid.")
                return redirect("grants:restricted_payments")
    context = {
        **paginate(request, waiting),
        "form": form,
        "q": partnership,
        "is_officer": permissions.can_write_fund(request.user),
    }
    return render(request, "grants/coinvestment/restricted_payments.html", context)


# --- Local income ---------------------------------------------------------------------------------
# The service's transaction is the request's only one, so an evidence file is removed whatever
# rolls it back (cwf.core.files).
@transaction.non_atomic_requests
@login_required
def local_income_view(request, partnership_pk: int):
    """A partnership's own income: its list, and (LTO finance, officers) the form to add one."""
    partnership = partnership_for(request, partnership_pk)
    may_record = permissions.may_record_local_income(request.user, partnership.pk)
    form = LocalIncomeForm(request.POST or None, request.FILES or None) if may_record else None
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied("Only LTO finance staff or officers record income.")
        if form.is_valid():
            data = form.cleaned_data
            try:
                local_income_record(
                    actor=request.user,
                    partnership_id=partnership.pk,
                    kind=data["kind"],
                    source=data["source"],
                    description=data["description"],
                    amount=data["amount"],
                    received_on=data["received_on"],
                    evidence=data["evidence"],
                    evidence_reference=data["evidence_reference"],
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, "The income is recorded. An officer will verify it.")
                return redirect("plans:local_income", partnership.pk)
    qs = local_income_list(viewer=request.user).filter(partnership=partnership)
    status = request.GET.get("status", "")
    if status in LocalIncome.Status.values:
        qs = qs.filter(status=status)
    context = {
        **paginate(request, qs),
        "partnership": partnership,
        "form": form,
        "status": status,
        "statuses": LocalIncome.Status.choices,
        "may_verify": permissions.may_verify_local_income(request.user),
    }
    return render(request, "grants/coinvestment/local_income.html", context)


@login_required
def local_income_queue_view(request):
    """Officers' queue: income waiting to be verified, across partnerships."""
    if not permissions.sees_portfolio(request.user):
        raise Http404("Fund-wide roles only")
    qs = local_income_list(viewer=request.user)
    status = request.GET.get("status", LocalIncome.Status.RECORDED)
    if status in LocalIncome.Status.values:
        qs = qs.filter(status=status)
    query = request.GET.get("q", "").strip()
    if query:
        qs = qs.filter(Q(partnership__name__icontains=query) | Q(source__icontains=query))
    context = {
        **paginate(request, qs.order_by("received_on", "pk")),
        "status": status,
        "statuses": LocalIncome.Status.choices,
        "q": query,
    }
    return render(request, "grants/coinvestment/local_income_queue.html", context)


@login_required
def local_income_verify_view(request, income_pk: int):
    income = get_object_or_404(local_income_list(viewer=request.user), pk=income_pk)
    officer_only(request)
    form = VerifyForm(request.POST or None)

    def decide():
        local_income_decide(
            income_id=income.pk,
            actor=request.user,
            verified=form.cleaned_data["verified"],
            note=form.cleaned_data["note"],
        )
        recorded = "The decision on the income is recorded."
        return done(request, recorded, "grants:local_income_queue")

    return form_page(
        request,
        form,
        decide,
        template="grants/coinvestment/local_income_verify.html",
        context={"income": income},
    )


@login_required
def local_income_evidence_view(request, income_pk: int):
    """The evidence file, for the people who may see the partnership's income."""
    income = get_object_or_404(local_income_list(viewer=request.user), pk=income_pk)
    if not income.evidence:
        raise Http404("No file")
    response = FileResponse(income.evidence.open("rb"), as_attachment=True)
    response["X-Content-Type-Options"] = "nosniff"
    return response
