"""The spending log: the list, logging a spend (with a receipt), a spend and its reversal,
receipts as downloads, and the bulk CSV import with its preview."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from cwf.accounts import permissions
from cwf.accounts.roles import Role
from cwf.core.errors import DomainError
from cwf.core.filters import whole_number
from cwf.core.form_pages import done, form_page
from cwf.core.forms import add_domain_error
from cwf.core.money import ZERO, money
from cwf.core.pagination import paginate
from partnerships.selectors import chair_names, decision_list, meeting_list, member_list
from partnerships.services.decisions import decision_record_in_one_step

from ..forms_plans import (
    ImportForm,
    ReverseForm,
    SpendDecisionForm,
    SpendForm,
    WithholdForm,
    spend_threshold,
)
from ..models import ActionLine, Spend, SpendingPlan, SpendWithholding
from ..selectors.plans import theme_list
from ..selectors.spending import spend_import_list, spend_list
from ..services.receipts import receipt_held, receipt_hold, receipt_release
from ..services.spend_import import ImportRefused, spend_import_confirm, spend_import_upload
from ..services.spending import SpendInput, spend_log, spend_reverse, spend_withhold
from .plans import partnership_for


def _entries_allowed(request, partnership_id: int) -> None:
    """Spend entries (payees, receipts) are for officers and the partnership's own people."""
    if not (
        permissions.is_officer(request.user)
        or partnership_id in permissions.partnership_ids(request.user)
    ):
        raise PermissionDenied("Trustees see spending in aggregate, on the money page.")


@login_required
def spend_list_view(request, partnership_pk: int):
    partnership = partnership_for(request, partnership_pk)
    _entries_allowed(request, partnership.pk)
    qs = spend_list(viewer=request.user, partnership_id=partnership.pk)
    themes = list(theme_list())
    theme = request.GET.get("theme", "")
    if (theme_id := whole_number(theme)) is not None:
        qs = qs.filter(theme_id=theme_id)
    query = request.GET.get("q", "").strip()
    if query:
        qs = qs.filter(payee__icontains=query) | qs.filter(description__icontains=query)
    receipt = request.GET.get("receipt", "")
    if receipt == "missing":
        # A reversal, or a spend reversed, needs no receipt (grants.home counts the same).
        qs = qs.filter(receipt="", reverses__isnull=True, reversed_by__isnull=True)
    context = {
        **paginate(request, qs.order_by("-spent_on", "-pk"), per_page=50),
        "partnership": partnership,
        "themes": themes,
        "theme": theme,
        "q": query,
        "receipt": receipt,
        "may_log": permissions.may_log_spend(request.user, partnership.pk),
        "may_import": partnership.pk
        in permissions.partnership_ids(request.user, [Role.LTO_FINANCE]),
    }
    return render(request, "grants/spending/list.html", context)


def _spend_form(request, partnership, initial=None):
    action_lines = ActionLine.objects.filter(
        plan__partnership=partnership, plan__status=SpendingPlan.Status.ENDORSED
    ).order_by("year", "pk")
    decisions = decision_list(viewer=request.user, partnership_id=partnership.pk).filter(
        outcome="agreed", amount__isnull=False
    )
    form = SpendForm(
        request.POST or None, request.FILES or None, themes=theme_list(),
        action_lines=action_lines, decisions=decisions, initial=initial,
    )  # fmt: skip
    if partnership.pk not in permissions.partnership_ids(request.user, [Role.LTO_FINANCE]):
        # Only the LTO's finance contact can confirm the LTO is fronting money.
        del form.fields["fronted_by_lto"]
    return form


# The service's transaction is the request's only one, so a receipt file is removed whatever
# rolls it back (grants.services.receipts).
@transaction.non_atomic_requests
@login_required
def spend_log_view(request, partnership_pk: int):
    partnership = partnership_for(request, partnership_pk)
    if not permissions.may_log_spend(request.user, partnership.pk):
        raise PermissionDenied("Only this partnership's members and LTO finance log its spending.")
    may_record = permissions.may_record_decision(request.user, partnership.pk)
    if request.method == "POST" and "record_decision" in request.POST and may_record:
        return _to_the_decision(request, partnership)
    draft = request.session.get(_draft_key(partnership)) if "resume" in request.GET else None
    form = _spend_form(request, partnership, initial=_draft_initial(draft))
    held = _held_receipt(request, partnership)
    if draft and request.method == "GET":
        held = receipt_held(
            key=draft.get("pending_receipt", ""), actor=request.user,
            partnership_id=partnership.pk, session=request.session,
        )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = SpendInput(
            spent_on=d["spent_on"], amount=d["amount"], payee=d["payee"],
            description=d["description"], theme_id=int(d["theme"]),
            action_line_id=int(d["action_line"]) if d["action_line"] else None,
            decision_id=int(d["decision"]) if d["decision"] else None,
            fronted_by_lto=d.get("fronted_by_lto", False),
            payee_is_organisation=d.get("payee_is_organisation", False),
        )  # fmt: skip
        try:
            spend = spend_log(
                partnership_id=partnership.pk, actor=request.user, data=data,
                receipt=d["receipt"] or (held.file if held else None),
            )  # fmt: skip
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            if held:
                receipt_release(held=held, session=request.session)
            request.session.pop(_draft_key(partnership), None)
            messages.success(request, f"Spend of £{spend.amount:,.2f} to {spend.payee} logged.")
            return redirect("plans:spend_detail", spend.pk)
    if request.method == "POST":
        held = _hold_new_receipt(request, partnership, form, held)
    context = {
        "partnership": partnership, "form": form, "held": held, "may_record": may_record,
        "chairs": [] if may_record else chair_names(
            viewer=request.user, partnership_id=partnership.pk
        ),
        "threshold": settings.SPEND_DECISION_THRESHOLD,
    }  # fmt: skip
    return render(request, "grants/spending/log.html", context)


def _draft_key(partnership) -> str:
    return f"spend_draft:{partnership.pk}"


def _draft_initial(draft: dict | None) -> dict | None:
    """The spend form as it was left to record its decision, ready to fill the form again."""
    if not draft:
        return None
    initial = {k: v for k, v in draft.items() if k in SpendForm.base_fields}
    initial["spent_on"] = draft.get("spent_on") or [
        draft.get(f"spent_on_{part}", "") for part in ("day", "month", "year")
    ]
    return initial


def _to_the_decision(request, partnership):
    """Keep the spend form as typed (and its receipt, held) in the session, then go and record
    the decision; the decision page comes back here with it chosen."""
    held = _held_receipt(request, partnership)
    upload = request.FILES.get("receipt")
    if upload:
        try:
            new = receipt_hold(
                upload=upload, actor=request.user, partnership_id=partnership.pk,
                session=request.session,
            )  # fmt: skip
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            if held:
                receipt_release(held=held, session=request.session)
            held = new
    skip = {"csrfmiddlewaretoken", "record_decision", "receipt", "remove_receipt"}
    draft = {k: request.POST.get(k, "") for k in request.POST if k not in skip}
    draft["pending_receipt"] = held.key if held else ""
    request.session[_draft_key(partnership)] = draft
    return redirect("plans:spend_decision", partnership.pk)


@login_required
def spend_decision_view(request, partnership_pk: int):
    """Record the decision a spend over the threshold needs, without leaving the spend."""
    partnership = partnership_for(request, partnership_pk)
    if not permissions.may_record_decision(request.user, partnership.pk):
        raise PermissionDenied("Only the partnership's chair records its decisions.")
    draft = request.session.get(_draft_key(partnership), {})
    voters = (
        member_list(viewer=request.user, partnership_id=partnership.pk)
        .filter(has_vote=True, left_on__isnull=True)
        .order_by("full_name")
    )
    meetings = (
        meeting_list(viewer=request.user, partnership_id=partnership.pk)
        .filter(minutes_status="draft", held_on__lte=timezone.localdate(), attendee_count__gt=0)
        .order_by("-held_on")[:10]
    )
    form = SpendDecisionForm(
        request.POST or None, voters=voters, meetings=meetings,
        initial={"title": draft.get("description", ""), "amount": draft.get("amount", "")},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            decision = decision_record_in_one_step(
                actor=request.user, partnership_id=partnership.pk, held_on=d["held_on"],
                written=d["how"] == "written", title=d["title"], amount=d["amount"],
                agreed_member_ids=[int(pk) for pk in d["agreed_by"]],
                others_present_ids=[int(pk) for pk in d["others_present"]],
                votes_against=d["votes_against"] or 0,
                meeting_id=int(d["meeting"]) if d["meeting"] else None,
            )  # fmt: skip
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            request.session[_draft_key(partnership)] = {**draft, "decision": str(decision.pk)}
            messages.success(
                request, f"Decision {decision.reference} recorded and chosen for this spend."
            )
            return redirect(reverse("plans:spend_log", args=[partnership.pk]) + "?resume=1")
    context = {
        "partnership": partnership, "form": form, "draft": draft,
        "threshold": settings.SPEND_DECISION_THRESHOLD,
    }  # fmt: skip
    return render(request, "grants/spending/decision.html", context)


def _held_receipt(request, partnership):
    """The receipt kept from this form's last sending, unless the person asked to remove it."""
    if request.method != "POST":
        return None
    held = receipt_held(
        key=request.POST.get("pending_receipt", ""), actor=request.user,
        partnership_id=partnership.pk, session=request.session,
    )  # fmt: skip
    if held and request.POST.get("remove_receipt"):
        receipt_release(held=held, session=request.session)
        return None
    return held


def _hold_new_receipt(request, partnership, form, held):
    """The form came back with an error: keep a newly chosen, acceptable receipt (replacing any
    held one), so it need not be chosen again."""
    upload = request.FILES.get("receipt")
    if not upload or form.has_error("receipt"):
        return held
    try:
        new = receipt_hold(
            upload=upload, actor=request.user, partnership_id=partnership.pk,
            session=request.session,
        )  # fmt: skip
    except DomainError as exc:
        add_domain_error(form, exc)
        return held
    if held:
        receipt_release(held=held, session=request.session)
    return new


def _spend(request, spend_pk: int) -> Spend:
    return get_object_or_404(spend_list(viewer=request.user), pk=spend_pk)


@login_required
def spend_detail(request, spend_pk: int):
    spend = _spend(request, spend_pk)
    reversal = Spend.objects.filter(reverses=spend).select_related("logged_by").first()
    context = {
        "spend": spend,
        "reversal": reversal,
        "threshold": spend_threshold(),
        "may_reverse": permissions.may_log_spend(request.user, spend.partnership_id)
        and not spend.is_reversal
        and reversal is None,
        "withholding": SpendWithholding.objects.filter(
            spend_id=spend.reverses_id or spend.pk
        ).first(),
        "may_withhold": permissions.may_withhold_spend(request.user, spend.partnership_id),
    }
    return render(request, "grants/spending/detail.html", context)


@login_required
def spend_reverse_view(request, spend_pk: int):
    spend = _spend(request, spend_pk)
    if not permissions.may_log_spend(request.user, spend.partnership_id):
        raise PermissionDenied(
            "Only this partnership's members and LTO finance reverse its spends."
        )
    form = ReverseForm(request.POST or None)

    def reverse_spend():
        spend_reverse(spend_id=spend.pk, actor=request.user, reason=form.cleaned_data["reason"])
        reversed_ = "Spend reversed. The reversal and its reason are in the log."
        return done(request, reversed_, "plans:spend_detail", spend.pk)

    return form_page(
        request,
        form,
        reverse_spend,
        template="grants/spending/reverse.html",
        context={"spend": spend},
    )


@login_required
def spend_withhold_view(request, spend_pk: int):
    """Mark a spend "not for publication" (LTO finance or an officer), with a reason."""
    spend = _spend(request, spend_pk)
    permissions.require(
        permissions.may_withhold_spend(request.user, spend.partnership_id),
        "Only the LTO's finance contact or a fund officer can keep a spend off the public page.",
    )
    form = WithholdForm(request.POST or None)

    def withhold():
        spend_withhold(spend_id=spend.pk, actor=request.user, reason=form.cleaned_data["reason"])
        return done(request, "This spend will not be published.", "plans:spend_detail", spend.pk)

    return form_page(
        request, form, withhold, template="grants/spending/withhold.html", context={"spend": spend}
    )


@login_required
def spend_change_refused(request, spend_pk: int):
    """Editing and deleting are refused, whatever the method, with the reversal offered."""
    spend = _spend(request, spend_pk)
    may_reverse = permissions.may_log_spend(request.user, spend.partnership_id)
    return render(
        request, "grants/spending/change_refused.html",
        {"spend": spend, "may_reverse": may_reverse},
        status=409 if request.method == "POST" else 200,
    )  # fmt: skip


@login_required
def spend_receipt(request, spend_pk: int):
    """The receipt, only to those who may see the spend, always as a download."""
    spend = _spend(request, spend_pk)
    if not spend.receipt:
        raise Http404("This spend has no receipt.")
    response = FileResponse(
        spend.receipt.open("rb"),
        as_attachment=True,
        filename=f"receipt-{spend.pk}.{spend.receipt_ext}",
        content_type=spend.receipt_content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def spend_import_view(request, partnership_pk: int):
    partnership = partnership_for(request, partnership_pk)
    if partnership.pk not in permissions.partnership_ids(request.user, [Role.LTO_FINANCE]):
        raise PermissionDenied("Only the partnership's LTO finance users import spends.")
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            batch = spend_import_upload(
                partnership_id=partnership.pk, actor=request.user,
                upload=form.cleaned_data["file"],
                fronted_by_lto=form.cleaned_data["fronted_by_lto"],
            )  # fmt: skip
        except ImportRefused as exc:
            problems = exc.problems
            form.add_error(None, exc.message)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect("plans:import_preview", batch.pk)
    context = {
        "partnership": partnership,
        "form": form,
        "problems": problems,
        "threshold": spend_threshold(),
    }
    return render(request, "grants/spending/import.html", context)


@login_required
def spend_import_preview(request, spend_import_pk: int):
    batch = get_object_or_404(spend_import_list(viewer=request.user), pk=spend_import_pk)
    problems = []
    if request.method == "POST":
        try:
            created = spend_import_confirm(import_id=batch.pk, actor=request.user)
        except ImportRefused as exc:
            problems = exc.problems
            messages.error(request, exc.message)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"{len(created)} spends added to the log.")
            return redirect("plans:spend_list", batch.partnership_id)
    total = sum((money(r["amount"]) for r in batch.rows), ZERO)
    return render(
        request, "grants/spending/import_preview.html",
        {"batch": batch, "problems": problems, "total": total},
    )  # fmt: skip
