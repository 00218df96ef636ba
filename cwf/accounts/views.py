from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cwf.core.errors import DomainError
from cwf.core.pagination import paginate
from partnerships.selectors import partnership_list

from . import emails, invitations, permissions, role_grants
from .forms import InvitationForm
from .models import Invitation, User
from .roles import Role
from .selectors import invitation_list


def _invitation_form(request, data=None) -> InvitationForm:
    if permissions.is_officer(request.user):
        return InvitationForm(data, partnerships=partnership_list(viewer=request.user))
    chaired = permissions.partnership_ids(request.user, [Role.PARTNERSHIP_CHAIR])
    return InvitationForm(
        data,
        partnerships=partnership_list(viewer=request.user).filter(pk__in=chaired),
        roles={Role.RESIDENT_MEMBER, Role.LTO_FINANCE},
    )


@login_required
def invitation_index(request):
    if not permissions.may_manage_invitations(request.user):
        raise Http404
    form = _invitation_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        partnership = form.cleaned_data.get("partnership")
        try:
            invitation = invitations.invitation_create(
                actor=request.user,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                role=form.cleaned_data["role"],
                partnership_id=partnership.pk if partnership else None,
            )
        except invitations.InvitationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            if invitation.status == Invitation.Status.AWAITING:
                messages.success(
                    request,
                    f"The invitation to {invitation.email} as "
                    f"{invitation.get_role_display().lower()} is waiting for a second officer or "
                    f"an administrator to confirm it. We send it once they do.",
                )
            else:
                messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect("invitation_index")
    qs = invitation_list(viewer=request.user)
    status = request.GET.get("status", "")
    if status in Invitation.Status.values:
        qs = qs.filter(status=status)
    query = request.GET.get("q", "").strip()
    if query:
        qs = qs.filter(email__icontains=query)
    context = {
        "form": form,
        "status": status,
        "q": query,
        "statuses": Invitation.Status.choices,
        **_awaiting_confirmation(request.user),
    }
    return render(request, "accounts/invitation_index.html", {**context, **paginate(request, qs)})


def _awaiting_confirmation(viewer) -> dict:
    """What waits for a second pair of eyes, each with whether this viewer may be it."""
    if not permissions.may_confirm_role_grants(viewer):
        return {"awaiting": []}
    rows = [
        {
            "who": invitation.email,
            "role": invitation.get_role_display(),
            "by": invitation.invited_by,
            "kind": "invitation",
            "confirm_url": reverse("invitation_confirm", args=[invitation.pk]),
            "refuse_url": reverse("invitation_revoke", args=[invitation.pk]),
            "may_confirm": permissions.may_second(viewer, first_id=invitation.invited_by_id)
            and invitation.email.lower() != viewer.email.lower(),
        }
        for invitation in invitation_list(viewer=viewer).filter(status=Invitation.Status.AWAITING)
    ] + [
        {
            "who": _name_and_address(assignment.user),
            "role": assignment.get_role_display(),
            "by": assignment.granted_by,
            "kind": "role",
            "confirm_url": reverse("role_grant_confirm", args=[assignment.pk]),
            "refuse_url": reverse("role_grant_refuse", args=[assignment.pk]),
            "may_confirm": permissions.may_second(viewer, first_id=assignment.granted_by_id)
            and assignment.user_id != viewer.pk,
        }
        for assignment in role_grants.role_grants_awaiting(viewer=viewer)
    ]
    return {"awaiting": rows}


def _name_and_address(user) -> str:
    return f"{user.full_name} ({user.email})" if user.full_name else user.email


@login_required
def invitation_confirm(request, invitation_pk: int):
    """A second officer (or an administrator) confirms an invitation to a fund-wide role: they
    see who invited whom to what, then confirm, and only then is it sent."""
    invitation = get_object_or_404(
        invitation_list(viewer=request.user).filter(status=Invitation.Status.AWAITING),
        pk=invitation_pk,
    )
    if not permissions.may_confirm_role_grants(request.user):
        raise Http404
    if request.method == "POST":
        try:
            invitations.invitation_confirm(actor=request.user, invitation_id=invitation.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Confirmed. The invitation was sent to {invitation.email}.")
        return redirect("invitation_index")
    context = {
        "what": f"{invitation.invited_by} invited {invitation.email}",
        "role": invitation.get_role_display(),
        "asked_on": invitation.created_at,
        "refuse_url": reverse("invitation_revoke", args=[invitation.pk]),
    }
    return render(request, "accounts/role_grant_confirm.html", context)


def _awaiting_role(request, role_assignment_pk: int):
    if not permissions.may_confirm_role_grants(request.user):
        raise Http404
    return get_object_or_404(
        role_grants.role_grants_awaiting(viewer=request.user), pk=role_assignment_pk
    )


@login_required
def role_grant_confirm(request, role_assignment_pk: int):
    assignment = _awaiting_role(request, role_assignment_pk)
    if request.method == "POST":
        try:
            role_grants.role_grant_confirm(assignment_id=assignment.pk, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, f"Confirmed: {assignment.user} is now {assignment.get_role_display()}."
            )
        return redirect("invitation_index")
    context = {
        "what": (
            f"{assignment.granted_by or 'Someone'} gave {_name_and_address(assignment.user)} "
            f"a fund-wide role"
        ),
        "role": assignment.get_role_display(),
        "asked_on": assignment.granted_at,
        "refuse_url": reverse("role_grant_refuse", args=[assignment.pk]),
    }
    return render(request, "accounts/role_grant_confirm.html", context)


@login_required
def role_grant_refuse(request, role_assignment_pk: int):
    assignment = _awaiting_role(request, role_assignment_pk)
    if request.method == "POST":
        try:
            role_grants.role_grant_refuse(assignment_id=assignment.pk, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, f"Refused: {assignment.user} will not be {assignment.get_role_display()}."
            )
        return redirect("invitation_index")
    return render(request, "accounts/role_grant_refuse.html", {"assignment": assignment})


def _managed_invitation(request, pk: int) -> Invitation:
    return get_object_or_404(invitation_list(viewer=request.user), pk=pk)


@login_required
@require_POST
def invitation_resend(request, invitation_pk: int):
    invitation = _managed_invitation(request, invitation_pk)
    try:
        invitations.invitation_resend(actor=request.user, invitation_id=invitation.pk)
        messages.success(request, f"A new link was sent to {invitation.email}.")
    except (invitations.InvitationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("invitation_index")


@login_required
def invitation_revoke(request, invitation_pk: int):
    invitation = _managed_invitation(request, invitation_pk)
    if request.method == "POST":
        try:
            invitations.invitation_revoke(actor=request.user, invitation_id=invitation.pk)
            messages.success(request, f"The invitation to {invitation.email} was withdrawn.")
        except (invitations.InvitationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("invitation_index")
    return render(request, "accounts/invitation_revoke.html", {"invitation": invitation})


def _accept_signed_in(request, token: str, invitation):
    """A signed-in person accepts with their account, whose address must be the invited one and
    proved (emails.py). If it is not proved yet, the page sends its confirmation link, which
    brings them back here (AccountAdapter.get_email_verification_redirect_url)."""
    user = request.user
    same_address = user.email.lower() == invitation.email.lower()
    proved = same_address and emails.is_proved(user, invitation.email)
    if request.method == "POST" and same_address and not proved:
        request.session[invitations.SESSION_KEY] = token
        if request.POST.get("send_confirmation"):
            emails.confirmation_send(request, user=user, email=invitation.email)
            messages.success(request, f"We have sent a link to {invitation.email}.")
        else:
            messages.error(request, invitations.unproved_message(invitation.email))
        return redirect(request.path)
    if request.method == "POST":
        try:
            invitations.invitation_accept(token=token, user=user)
        except invitations.InvitationError as exc:
            messages.error(request, exc.messages[0])
            return redirect("home")
        request.session.pop(invitations.SESSION_KEY, None)
        messages.success(request, "Invitation accepted. Welcome.")
        return redirect("home")
    context = {
        "invitation": invitation,
        "needs_proof": same_address and not proved,
        "unproved_message": invitations.unproved_message(invitation.email),
    }
    return render(request, "accounts/invitation_accept.html", context)


def invitation_accept(request, token: str):
    """The link in the e-mail. Anyone may open it; the token is the credential."""
    try:
        invitation = invitations.invitation_by_token(token)
    except invitations.InvitationError as exc:
        return render(
            request, "accounts/invitation_invalid.html", {"message": exc.messages[0]}, status=410
        )
    if request.user.is_authenticated:
        return _accept_signed_in(request, token, invitation)
    request.session[invitations.SESSION_KEY] = token
    if User.objects.filter(email__iexact=invitation.email).exists():
        return redirect(f"{reverse('account_login')}?next={request.path}")
    return redirect(f"{reverse('account_signup')}?email={invitation.email}")
