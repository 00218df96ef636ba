"""The privacy page (generated from the register), and subject access and erasure requests."""

from __future__ import annotations

from itertools import groupby

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cwf.accounts import permissions
from cwf.accounts.models import User
from cwf.core.errors import DomainError
from cwf.core.forms import add_domain_error
from partnerships.models import Member

from . import register
from .models import PrivacyRequest
from .selectors import requests_for
from .services import erasure, export


def privacy_page(request):
    """What the fund holds, why and for how long, from privacy/register.py."""
    rows = sorted(register.PERSONAL.items())
    groups = [
        (apps.get_model(model)._meta.verbose_name.capitalize(), [held for _, held in items])
        for model, items in groupby(rows, key=lambda item: item[0].rsplit(".", 1)[0])
    ]
    return render(
        request,
        "privacy/privacy.html",
        {
            "groups": groups,
            "contact_name": settings.PRIVACY_CONTACT_NAME,
            "contact_email": settings.PRIVACY_CONTACT_EMAIL,
            "retention": _retention(),
        },
    )


def _retention() -> list[tuple[str, int]]:
    return list(settings.PRIVACY_RETENTION.items())


class PersonForm(forms.Form):
    email = forms.EmailField(label="The account's e-mail address", required=False)
    member = forms.IntegerField(
        label="Or the member's number (for a member without an account)", required=False
    )
    reason = forms.CharField(
        label="Why (for an erasure)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def person(self) -> tuple[User | None, Member | None]:
        data = self.cleaned_data
        user = User.objects.filter(email__iexact=data.get("email") or "").first()
        member = Member.objects.filter(pk=data.get("member") or 0).first()
        if user is None and member is None:
            raise DomainError("Enter the e-mail address of an account or a member's number.")
        return user, member


@login_required
def request_index(request):
    officer = permissions.is_officer(request.user)
    form = PersonForm(request.POST or None) if officer else None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "mine":
                made = export.export_request(actor=request.user, user=request.user)
                return redirect("privacy_request", made.pk)
            if form is not None and form.is_valid():
                user, member = form.person()
                if action == "export":
                    made = export.export_request(actor=request.user, user=user, member=member)
                else:
                    made = erasure.erasure_propose(
                        actor=request.user,
                        user=user,
                        member=member,
                        reason=form.cleaned_data["reason"],
                    )
                return redirect("privacy_request", made.pk)
        except DomainError as exc:
            if form is None:
                raise
            add_domain_error(form, exc)
    context = {"form": form, "requests": requests_for(viewer=request.user)[:50]}
    return render(request, "privacy/requests.html", context)


@login_required
def request_detail(request, request_pk: int):
    made = get_object_or_404(requests_for(viewer=request.user), pk=request_pk)
    may_approve = (
        made.status == PrivacyRequest.Status.PROPOSED
        and permissions.may_erase_personal_data(request.user)
        and made.requested_by_id != request.user.pk
    )
    return render(request, "privacy/request.html", {"made": made, "may_approve": may_approve})


@login_required
@require_POST
def request_download(request, request_pk: int):
    made = get_object_or_404(requests_for(viewer=request.user), pk=request_pk)
    try:
        content = export.export_download(actor=request.user, request_id=made.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("privacy_request", made.pk)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="personal-data-{made.pk}.zip"'
    return response


@login_required
@require_POST
def request_approve(request, request_pk: int):
    made = get_object_or_404(requests_for(viewer=request.user), pk=request_pk)
    try:
        erasure.erasure_approve(actor=request.user, request_id=made.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "The person's data was erased.")
    return redirect("privacy_request", made.pk)
