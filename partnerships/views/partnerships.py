"""Partnership pages: the list, creating and editing, the overview, endorsement and the other
moves through the lifecycle."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cwf.accounts import permissions
from cwf.core.errors import DomainError, ScopeError
from cwf.core.form_pages import done
from cwf.core.forms import add_domain_error
from cwf.core.pagination import paginate

from ..composition import composition_from_annotations
from ..forms.partnerships import EndorseForm, PartnershipForm, TransitionForm
from ..models import Neighbourhood, Partnership
from ..selectors import (
    composition_review_list,
    lto_link_list,
    partnership_overview_list,
    status_change_list,
)
from ..selectors_register import may_see_register
from ..services import members as member_services
from ..services import partnerships as services
from .access import get_partnership
from .form_pages import form_page

SEARCH_LIMIT = 20


@login_required
def partnership_list(request):
    qs = partnership_overview_list(viewer=request.user).order_by("name")
    query = request.GET.get("q", "").strip()
    if query:
        qs = qs.filter(
            Q(name__icontains=query)
            | Q(neighbourhoods__name__icontains=query)
            | Q(neighbourhoods__code__iexact=query)
            | Q(neighbourhoods__local_authority_name__icontains=query)
        ).distinct()
    status = request.GET.get("status", "")
    if status in Partnership.Status.values:
        qs = qs.filter(status=status)
    page = paginate(request, qs)
    for partnership in page["page"].object_list:
        partnership.composition = composition_from_annotations(partnership)
    context = {
        "q": query,
        "status": status,
        "statuses": Partnership.Status.choices,
        "is_officer": permissions.is_officer(request.user),
        **page,
    }
    return render(request, "partnerships/partnership_list.html", context)


def _search_register(term: str):
    term = term.strip()
    if not term:
        return []
    return list(
        Neighbourhood.objects.filter(
            Q(code__iexact=term) | Q(name__icontains=term) | Q(local_authority_name__icontains=term)
        ).order_by("name")[:SEARCH_LIMIT]
    )


def _partnership_form_page(request, *, partnership: Partnership | None):
    """Create and edit share one page. The register search is a second submit button, so it
    works without JavaScript and keeps what has been typed."""
    initial = {}
    if partnership is not None:
        initial = {
            "name": partnership.name,
            "neighbourhood_codes": " ".join(n.code for n in partnership.neighbourhoods.all()),
            "lead_officer": partnership.lead_officer_id,
        }
    form = PartnershipForm(request.POST or None, initial=initial)
    searching = request.method == "POST" and request.POST.get("action") == "search"
    results = _search_register(request.POST.get("search", "")) if searching else []
    context = {
        "partnership": partnership,
        "results": results,
        "searched": searching,
        "search": request.POST.get("search", ""),
        "picked": request.POST.getlist("pick"),
    }
    if request.method == "POST" and not searching and form.is_valid():
        data = form.cleaned_data
        lead = data["lead_officer"].pk if data["lead_officer"] else None
        codes = form.codes(request.POST.getlist("pick"))
        try:
            if partnership is None:
                partnership = services.partnership_create(
                    actor=request.user,
                    name=data["name"],
                    neighbourhood_codes=codes,
                    lead_officer_id=lead,
                )
                message = f"{partnership.name} was created. Next, add its members and LTO."
            else:
                services.partnership_update(
                    actor=request.user,
                    partnership_id=partnership.pk,
                    name=data["name"],
                    neighbourhood_codes=codes,
                    lead_officer_id=lead,
                )
                message = "The partnership's details were saved."
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return done(request, message, "partnerships:partnership_detail", partnership.pk)
    if searching:
        form.errors.clear()
    return render(request, "partnerships/partnership_form.html", {"form": form, **context})


@login_required
def partnership_create(request):
    permissions.require_officer(request.user, to="do this")
    return _partnership_form_page(request, partnership=None)


@login_required
def partnership_edit(request, partnership_pk: int):
    partnership = get_partnership(request, partnership_pk)
    permissions.require_officer(request.user, to="do this")
    return _partnership_form_page(request, partnership=partnership)


@login_required
def partnership_detail(request, partnership_pk: int):
    partnership = get_partnership(request, partnership_pk)
    viewer = request.user
    is_officer = permissions.is_officer(viewer)
    context = {
        "partnership": partnership,
        "composition": partnership.composition,
        "lto_link": partnership.active_lto_link(),
        "lto_links": lto_link_list(viewer=viewer, partnership_id=partnership.pk),
        "status_changes": status_change_list(viewer=viewer, partnership_id=partnership.pk),
        "reviews": composition_review_list(viewer=viewer, partnership_id=partnership.pk)[:3],
        "is_officer": is_officer,
        "sees_people": permissions.sees_people(viewer, partnership.pk),
        "sees_register": may_see_register(viewer),
        "can_run": permissions.can_run_partnership(viewer, partnership.pk),
        "moves": sorted(services.ALLOWED_MOVES[partnership.status]),
        "may_publish": permissions.may_publish_partnership(viewer, partnership.pk),
        # The viewer's own place on the partnership, for the choice to be named in public.
        "me": partnership.members.filter(user=viewer, left_on__isnull=True).first(),
        "endorsement_problems": (
            services.endorsement_problems(partnership)
            if partnership.status == Partnership.Status.FORMING
            else []
        ),
    }
    return render(request, "partnerships/partnership_detail.html", context)


@login_required
@require_POST
def partnership_publication(request, partnership_pk: int):
    """Publish the partnership's public page, or take it down (docs/open-data.md)."""
    partnership = get_partnership(request, partnership_pk)
    if request.POST.get("publish") == "yes":
        services.partnership_publish(partnership_id=partnership.pk, actor=request.user)
        messages.success(request, "The public page is published: anyone can read it.")
    else:
        services.partnership_unpublish(partnership_id=partnership.pk, actor=request.user)
        messages.success(request, "The public page is taken down.")
    return redirect("partnerships:partnership_detail", partnership.pk)


@login_required
@require_POST
def member_public_name(request, partnership_pk: int):
    """A member chooses whether the public page names them (docs/open-data.md)."""
    partnership = get_partnership(request, partnership_pk)
    named = request.POST.get("named") == "yes"
    try:
        member_services.member_public_name_set(
            actor=request.user, partnership_id=partnership.pk, named=named
        )
    except ScopeError as exc:
        raise PermissionDenied(exc.message) from None
    messages.success(
        request,
        "The public page names you now." if named else "The public page no longer names you.",
    )
    return redirect(reverse("partnerships:partnership_detail", args=[partnership.pk]) + "#me")


@login_required
def partnership_endorse(request, partnership_pk: int):
    partnership = get_partnership(request, partnership_pk)
    permissions.require_officer(request.user, to="do this")
    form = EndorseForm(request.POST or None)

    def endorse():
        services.partnership_endorse(
            actor=request.user,
            partnership_id=partnership.pk,
            mou_signed_on=form.cleaned_data["mou_signed_on"],
            note=form.cleaned_data["note"],
        )
        return done(
            request,
            f"{partnership.name} is endorsed.",
            "partnerships:partnership_detail",
            partnership.pk,
        )

    return form_page(
        request,
        form,
        endorse,
        context={
            "title": f"Endorse {partnership.name}",
            "partnership": partnership,
            "problems": services.endorsement_problems(partnership),
            "button": "Endorse partnership",
            "cancel": reverse("partnerships:partnership_detail", args=[partnership.pk]),
        },
        template="partnerships/partnership_endorse.html",
    )


@login_required
def partnership_transition(request, partnership_pk: int):
    """Confirm, then make, one of the other moves (?to=delivering, closing or closed)."""
    partnership = get_partnership(request, partnership_pk)
    permissions.require_officer(request.user, to="do this")
    target = request.POST.get("to") or request.GET.get("to", "")
    if target not in Partnership.Status.values or target == Partnership.Status.ENDORSED:
        target = next(iter(sorted(services.ALLOWED_MOVES[partnership.status])), "")
    form = TransitionForm(request.POST or None)

    def move():
        services.partnership_transition(
            actor=request.user,
            partnership_id=partnership.pk,
            target=target,
            note=form.cleaned_data["note"],
        )
        label = Partnership.Status(target).label.lower()
        return done(
            request,
            f"{partnership.name} is now {label}.",
            "partnerships:partnership_detail",
            partnership.pk,
        )

    label = Partnership.Status(target).label.lower() if target else ""
    return form_page(
        request,
        form,
        move,
        context={
            "title": f"Mark {partnership.name} as {label}?" if target else "No moves left",
            "partnership": partnership,
            "target": target,
            "button": f"Mark as {label}",
            "cancel": reverse("partnerships:partnership_detail", args=[partnership.pk]),
        },
        template="partnerships/partnership_transition.html",
    )
