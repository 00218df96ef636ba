"""The members page: who is on the partnership, the composition rules, inviting members to sign
in (through the kernel's invitations) and the yearly composition review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cwf.accounts import invitations, permissions
from cwf.accounts.models import Invitation
from cwf.accounts.selectors import invitation_list
from cwf.core.dates import display_date
from cwf.core.errors import DomainError
from cwf.core.form_pages import done

from ..forms.fields import yes_no_initial
from ..forms.members import MemberForm, MemberLeaveForm
from ..selectors import composition_review_list, member_list
from ..services import members as services
from ..services.reviews import composition_review_complete
from .access import get_partnership, require_people, require_runner
from .form_pages import form_page, warn_rules


@login_required
def member_list_page(request, partnership_pk: int):
    partnership = get_partnership(request, partnership_pk)
    require_people(request, partnership)
    members = list(member_list(viewer=request.user, partnership_id=partnership.pk))
    can_run = permissions.can_run_partnership(request.user, partnership.pk)
    pending = []
    if can_run:
        pending = list(
            invitation_list(viewer=request.user).filter(
                partnership_id=partnership.pk, status=Invitation.Status.PENDING
            )
        )
    invited = {invitation.email for invitation in pending}
    for member in members:
        member.invited = member.email in invited
    context = {
        "partnership": partnership,
        "composition": partnership.composition,
        "current": [m for m in members if m.left_on is None],
        "past": [m for m in members if m.left_on is not None],
        "pending": pending,
        "now": timezone.now(),
        "can_run": can_run and not partnership.is_closed,
        "is_officer": permissions.is_officer(request.user),
        "review": composition_review_list(viewer=request.user, partnership_id=partnership.pk)
        .filter(completed_at__isnull=True, sent_at__isnull=False)
        .first(),
    }
    return render(request, "partnerships/member_list.html", context)


def _member(request, partnership, member_pk: int):
    return get_object_or_404(
        member_list(viewer=request.user, partnership_id=partnership.pk), pk=member_pk
    )


def _after_change(request, change, message: str, partnership):
    warn_rules(request, change.warnings)
    return done(request, message, "partnerships:member_list", partnership.pk)


@login_required
def member_create(request, partnership_pk: int):
    partnership = get_partnership(request, partnership_pk)
    require_runner(request, partnership)
    form = MemberForm(request.POST or None, initial={"joined_on": timezone.localdate()})

    def add():
        change = services.member_add(
            actor=request.user, partnership_id=partnership.pk, **form.cleaned_data
        )
        return _after_change(request, change, f"{change.member.full_name} was added.", partnership)

    return form_page(
        request,
        form,
        add,
        context={
            "title": "Add a member",
            "partnership": partnership,
            "composition": partnership.composition,
            "button": "Add member",
            "cancel": reverse("partnerships:member_list", args=[partnership.pk]),
        },
    )


@login_required
def member_edit(request, partnership_pk: int, member_pk: int):
    partnership = get_partnership(request, partnership_pk)
    member = _member(request, partnership, member_pk)
    require_runner(request, partnership)
    initial = {
        "full_name": member.full_name,
        "email": member.email,
        "is_resident": yes_no_initial(member.is_resident),
        "role": member.role,
        "has_vote": yes_no_initial(member.has_vote),
        "joined_on": member.joined_on,
    }
    form = MemberForm(request.POST or None, initial=initial)

    def save():
        change = services.member_update(
            actor=request.user, member_id=member.pk, **form.cleaned_data
        )
        return _after_change(
            request, change, f"{member.full_name}'s details were saved.", partnership
        )

    return form_page(
        request,
        form,
        save,
        context={
            "title": f"Change {member.full_name}'s details",
            "partnership": partnership,
            "composition": partnership.composition,
            "history_of": member,
            "button": "Save",
            "cancel": reverse("partnerships:member_list", args=[partnership.pk]),
        },
    )


@login_required
def member_leave(request, partnership_pk: int, member_pk: int):
    partnership = get_partnership(request, partnership_pk)
    member = _member(request, partnership, member_pk)
    require_runner(request, partnership)
    form = MemberLeaveForm(request.POST or None, initial={"left_on": timezone.localdate()})

    def leave():
        change = services.member_leave(
            actor=request.user, member_id=member.pk, left_on=form.cleaned_data["left_on"]
        )
        return _after_change(
            request, change, f"{member.full_name} has left the partnership.", partnership
        )

    return form_page(
        request,
        form,
        leave,
        context={
            "title": f"{member.full_name} is leaving the partnership?",
            "partnership": partnership,
            "warning": "They stay in the records of past meetings. If they can sign in, they "
            "lose access to this partnership.",
            "composition": partnership.composition,
            "button": "Record that they left",
            "button_class": "govuk-button--warning",
            "cancel": reverse("partnerships:member_list", args=[partnership.pk]),
        },
    )


@login_required
@require_POST
def member_invite(request, partnership_pk: int, member_pk: int):
    partnership = get_partnership(request, partnership_pk)
    member = _member(request, partnership, member_pk)
    require_runner(request, partnership)
    try:
        invitation = services.member_invite(actor=request.user, member_id=member.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"Invitation sent to {invitation.email}. The link works until "
            f"{display_date(timezone.localtime(invitation.expires_at))}.",
        )
    return redirect("partnerships:member_list", partnership.pk)


def _invitation(request, partnership, invitation_pk: int) -> Invitation:
    return get_object_or_404(
        invitation_list(viewer=request.user).filter(partnership_id=partnership.pk),
        pk=invitation_pk,
    )


@login_required
@require_POST
def partnership_invitation_resend(request, partnership_pk: int, invitation_pk: int):
    partnership = get_partnership(request, partnership_pk)
    require_runner(request, partnership)
    invitation = _invitation(request, partnership, invitation_pk)
    try:
        invitations.invitation_resend(actor=request.user, invitation_id=invitation.pk)
    except (invitations.InvitationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, f"A new link was sent to {invitation.email}.")
    return redirect("partnerships:member_list", partnership.pk)


@login_required
def partnership_invitation_revoke(request, partnership_pk: int, invitation_pk: int):
    partnership = get_partnership(request, partnership_pk)
    require_runner(request, partnership)
    invitation = _invitation(request, partnership, invitation_pk)
    if request.method == "POST":
        try:
            invitations.invitation_revoke(actor=request.user, invitation_id=invitation.pk)
        except (invitations.InvitationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, f"The invitation to {invitation.email} was withdrawn.")
        return redirect("partnerships:member_list", partnership.pk)
    return render(
        request,
        "partnerships/confirm.html",
        {
            "title": f"Withdraw the invitation to {invitation.email}?",
            "partnership": partnership,
            "warning": "The link they were sent will stop working. You can invite them again.",
            "button": "Withdraw invitation",
            "cancel": reverse("partnerships:member_list", args=[partnership.pk]),
        },
    )


@login_required
@require_POST
def composition_review_done(request, partnership_pk: int, review_pk: int):
    partnership = get_partnership(request, partnership_pk)
    require_runner(request, partnership)
    review = get_object_or_404(
        composition_review_list(viewer=request.user, partnership_id=partnership.pk), pk=review_pk
    )
    try:
        composition_review_complete(actor=request.user, review_id=review.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"The {review.year} composition review is marked as done.")
    return redirect("partnerships:member_list", partnership.pk)
