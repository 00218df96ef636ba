"""The LTO register (a fund-wide record, under /ltos/) and a partnership's LTO link."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from cwf.accounts import permissions
from cwf.core.form_pages import done
from cwf.core.pagination import paginate

from ..forms.fields import confirm_form
from ..forms.ltos import LtoContactForm, LtoForm, LtoLinkEndForm, LtoLinkForm
from ..models import Lto
from ..selectors import lto_contact_list, lto_link_list, lto_list
from ..services import ltos as services
from .access import get_partnership
from .form_pages import form_page


@login_required
def lto_list_page(request):
    qs = lto_list(viewer=request.user).prefetch_related("partnership_links__partnership")
    query = request.GET.get("q", "").strip()
    if query:
        bare = query.upper().replace(" ", "").split("-")[-1]
        qs = qs.filter(
            Q(name__icontains=query)
            | Q(charity_number=bare)
            | Q(company_number=bare)
            | Q(supplier_reference__iexact=query)
        )
    status = request.GET.get("due_diligence", "")
    if status in Lto.DueDiligence.values:
        qs = qs.filter(due_diligence_status=status)
    context = {
        "q": query,
        "due_diligence": status,
        "statuses": Lto.DueDiligence.choices,
        "is_officer": permissions.is_officer(request.user),
        **paginate(request, qs),
    }
    return render(request, "partnerships/lto_list.html", context)


def get_lto(request, lto_pk: int) -> Lto:
    return get_object_or_404(lto_list(viewer=request.user), pk=lto_pk)


@login_required
def lto_detail(request, lto_pk: int):
    lto = get_lto(request, lto_pk)
    links = lto_link_list(viewer=request.user).filter(lto=lto)
    context = {
        "lto": lto,
        "contacts": lto_contact_list(viewer=request.user, lto_id=lto.pk),
        "sees_contacts": not (
            permissions.is_trustee(request.user) and not permissions.is_officer(request.user)
        ),
        "links": links,
        "is_officer": permissions.is_officer(request.user),
    }
    return render(request, "partnerships/lto_detail.html", context)


def _lto_initial(lto: Lto | None) -> dict:
    if lto is None:
        return {}
    fields = ("name", "charity_number", "company_number", "address", "supplier_reference",
              "due_diligence_status", "due_diligence_date")  # fmt: skip
    return {f: getattr(lto, f) for f in fields}


def _lto_form_page(request, lto: Lto | None):
    form = LtoForm(request.POST or None, initial=_lto_initial(lto))

    def save():
        saved = services.lto_save(
            actor=request.user, lto_id=lto.pk if lto else None, **form.cleaned_data
        )
        return done(request, f"{saved.name} was saved.", "ltos:lto_detail", saved.pk)

    return form_page(
        request,
        form,
        save,
        context={
            "title": f"Change {lto.name}" if lto else "Add an LTO to the register",
            "history_of": lto,
            "button": "Save",
            "cancel": reverse("ltos:lto_detail", args=[lto.pk])
            if lto
            else reverse("ltos:lto_list"),
        },
    )


@login_required
def lto_create(request):
    permissions.require_officer(request.user, to="do this")
    return _lto_form_page(request, None)


@login_required
def lto_edit(request, lto_pk: int):
    lto = get_lto(request, lto_pk)
    permissions.require_officer(request.user, to="do this")
    return _lto_form_page(request, lto)


def _contact_page(request, lto, contact=None):
    initial = (
        {f: getattr(contact, f) for f in ("name", "role", "email", "phone")} if contact else {}
    )
    form = LtoContactForm(request.POST or None, initial=initial)

    def save():
        services.lto_contact_save(
            actor=request.user,
            lto_id=lto.pk,
            contact_id=contact.pk if contact else None,
            **form.cleaned_data,
        )
        return done(request, "The contact was saved.", "ltos:lto_detail", lto.pk)

    return form_page(
        request,
        form,
        save,
        context={
            "title": f"Change {contact.name}" if contact else f"Add a contact at {lto.name}",
            "button": "Save contact",
            "cancel": reverse("ltos:lto_detail", args=[lto.pk]),
        },
    )


@login_required
def lto_contact_create(request, lto_pk: int):
    lto = get_lto(request, lto_pk)
    permissions.require_officer(request.user, to="do this")
    return _contact_page(request, lto)


def _contact(request, lto, contact_pk: int):
    return get_object_or_404(lto_contact_list(viewer=request.user, lto_id=lto.pk), pk=contact_pk)


@login_required
def lto_contact_edit(request, lto_pk: int, contact_pk: int):
    lto = get_lto(request, lto_pk)
    contact = _contact(request, lto, contact_pk)
    permissions.require_officer(request.user, to="do this")
    return _contact_page(request, lto, contact)


@login_required
def lto_contact_remove(request, lto_pk: int, contact_pk: int):
    lto = get_lto(request, lto_pk)
    contact = _contact(request, lto, contact_pk)
    permissions.require_officer(request.user, to="do this")

    def remove():
        services.lto_contact_remove(actor=request.user, contact_id=contact.pk)
        return done(request, f"{contact.name} was removed.", "ltos:lto_detail", lto.pk)

    return form_page(
        request,
        confirm_form(request),
        remove,
        context={
            "title": f"Remove {contact.name} from {lto.name}'s contacts?",
            "button": "Remove contact",
            "button_class": "govuk-button--warning",
            "cancel": reverse("ltos:lto_detail", args=[lto.pk]),
        },
    )


@login_required
def partnership_lto_link(request, partnership_pk: int):
    partnership = get_partnership(request, partnership_pk)
    permissions.require_officer(request.user, to="do this")
    form = LtoLinkForm(request.POST or None, initial={"starts_on": timezone.localdate()})

    def link():
        made = services.lto_link(
            actor=request.user,
            partnership_id=partnership.pk,
            lto_id=form.cleaned_data["lto"].pk,
            starts_on=form.cleaned_data["starts_on"],
        )
        return done(
            request,
            f"{made.lto.name} is now {partnership.name}'s LTO.",
            "partnerships:partnership_detail",
            partnership.pk,
        )

    current = partnership.active_lto_link()
    return form_page(
        request,
        form,
        link,
        context={
            "title": f"Choose {partnership.name}'s LTO",
            "partnership": partnership,
            "intro": (
                f"{current.lto.name} is the LTO now. Its link ends the day before the new one "
                "starts, and stays in the history."
                if current
                else "The LTO receives, holds and accounts for the partnership's money."
            ),
            "button": "Save LTO",
            "cancel": reverse("partnerships:partnership_detail", args=[partnership.pk]),
        },
    )


@login_required
def partnership_lto_end(request, partnership_pk: int, link_pk: int):
    partnership = get_partnership(request, partnership_pk)
    link = get_object_or_404(
        lto_link_list(viewer=request.user, partnership_id=partnership.pk), pk=link_pk
    )
    permissions.require_officer(request.user, to="do this")
    form = LtoLinkEndForm(request.POST or None, initial={"ends_on": timezone.localdate()})

    def end():
        services.lto_link_end(
            actor=request.user, link_id=link.pk, ends_on=form.cleaned_data["ends_on"]
        )
        return done(
            request,
            f"{link.lto.name} is no longer {partnership.name}'s LTO.",
            "partnerships:partnership_detail",
            partnership.pk,
        )

    return form_page(
        request,
        form,
        end,
        context={
            "title": f"End {link.lto.name}'s link with {partnership.name}?",
            "partnership": partnership,
            "warning": "The partnership will have no accountable LTO until you choose another.",
            "button": "End link",
            "button_class": "govuk-button--warning",
            "cancel": reverse("partnerships:partnership_detail", args=[partnership.pk]),
        },
    )
