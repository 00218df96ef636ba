"""Invitations: the only way to join. Officers invite anyone; a chair invites to their own
partnership. The invitee follows the link, signs up through allauth with the invited e-mail (or
signs in, if they already have an account) and is given the role."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone

from cwf.core.dates import display_date

from . import permissions
from .models import Invitation, RoleAssignment, User
from .roles import GLOBAL_ROLES, Role

SESSION_KEY = "cwf_invitation_token"
# Sent inside the accepting transaction, with `invitation` and `user`: the domain apps hook on
# (partnerships links the new account to its member row) without the kernel knowing them.
invitation_accepted = Signal()
INVITATION_DAYS = getattr(settings, "INVITATION_VALID_DAYS", 14)


class InvitationError(ValidationError):
    pass


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def may_invite(*, actor: User, role: str, partnership_id: int | None) -> bool:
    if permissions.is_officer(actor):
        return True
    # A chair invites residents and LTO finance staff to their own partnership, nothing else.
    return (
        partnership_id is not None
        and role in {Role.RESIDENT_MEMBER, Role.LTO_FINANCE}
        and permissions.is_chair_of(actor, partnership_id)
    )


def _send(invitation: Invitation, token: str) -> None:
    link = settings.SITE_URL.rstrip("/") + reverse("invitation_accept", args=[token])
    where = f" for {invitation.partnership}" if invitation.partnership_id else ""
    body = (
        f"Hello{(' ' + invitation.full_name) if invitation.full_name else ''},\n\n"
        f"{invitation.invited_by} has invited you to join CWF Grants as "
        f"{invitation.get_role_display().lower()}{where}.\n\n"
        f"Follow this link to accept. It works until "
        f"{display_date(timezone.localtime(invitation.expires_at))}.\n\n{link}\n"
    )
    send_mail(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}You are invited to CWF Grants",
        body,
        None,
        [invitation.email],
    )


def invitation_create(
    *, actor: User, email: str, role: str, partnership_id: int | None = None, full_name: str = ""
) -> Invitation:
    email = email.strip().lower()
    if role in GLOBAL_ROLES:
        partnership_id = None
    elif partnership_id is None:
        raise InvitationError({"partnership": "Choose the partnership this role belongs to."})
    if not may_invite(actor=actor, role=role, partnership_id=partnership_id):
        raise PermissionDenied("You cannot invite people to that role.")
    if RoleAssignment.objects.filter(
        user__email__iexact=email, role=role, partnership_id=partnership_id
    ).exists():
        raise InvitationError({"email": f"{email} already has this role."})
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                email=email,
                full_name=full_name,
                role=role,
                partnership_id=partnership_id,
                token_hash=_hash(token),
                invited_by=actor,
                sent_at=now,
                expires_at=now + timedelta(days=INVITATION_DAYS),
            )
    except IntegrityError as exc:
        raise InvitationError(
            {"email": f"{email} already has a pending invitation to this role. Resend it instead."}
        ) from exc
    transaction.on_commit(lambda: _send(invitation, token))
    return invitation


def _pending_for_manager(*, actor: User, invitation_id: int) -> Invitation:
    """The invitation, locked (one resend or withdrawal at a time), if the actor may manage it
    and it is still pending."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation_id)
    if not may_invite(actor=actor, role=invitation.role, partnership_id=invitation.partnership_id):
        raise PermissionDenied("You cannot manage this invitation.")
    if invitation.status != Invitation.Status.PENDING:
        raise InvitationError(f"This invitation is {invitation.get_status_display().lower()}.")
    return invitation


def invitation_resend(*, actor: User, invitation_id: int) -> Invitation:
    """A fresh link and a fresh expiry; the old link stops working."""
    with transaction.atomic():
        invitation = _pending_for_manager(actor=actor, invitation_id=invitation_id)
        token = secrets.token_urlsafe(32)
        now = timezone.now()
        invitation.token_hash = _hash(token)
        invitation.sent_at = now
        invitation.expires_at = now + timedelta(days=INVITATION_DAYS)
        invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
    transaction.on_commit(lambda: _send(invitation, token))
    return invitation


def invitation_revoke(*, actor: User, invitation_id: int) -> Invitation:
    with transaction.atomic():
        invitation = _pending_for_manager(actor=actor, invitation_id=invitation_id)
        invitation.status = Invitation.Status.REVOKED
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["status", "revoked_at"])
    return invitation


def invitation_by_token(token: str) -> Invitation:
    """The pending, unexpired invitation for a token, or a clear error saying why not."""
    invitation = (
        Invitation.objects.select_related("partnership", "invited_by")
        .filter(token_hash=_hash(token))
        .first()
    )
    if invitation is None:
        raise InvitationError(
            "This invitation link is not valid. It may have been replaced by a newer one: "
            "check for a later e-mail, or ask the person who invited you to resend it."
        )
    if invitation.status == Invitation.Status.REVOKED:
        raise InvitationError("This invitation has been withdrawn. Ask for a new one.")
    if invitation.status == Invitation.Status.ACCEPTED:
        raise InvitationError("This invitation has already been used. Sign in instead.")
    if invitation.expires_at <= timezone.now():
        raise InvitationError(
            "This invitation has expired. Ask the person who invited you to resend it."
        )
    return invitation


def invitation_in_session(request) -> Invitation | None:
    token = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if not token:
        return None
    try:
        return invitation_by_token(token)
    except InvitationError:
        return None


def invitation_accept(*, token: str, user: User) -> RoleAssignment:
    with transaction.atomic():
        invitation = invitation_by_token(token)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != Invitation.Status.PENDING:
            raise InvitationError("This invitation has already been used.")
        if user.email.lower() != invitation.email.lower():
            raise InvitationError(
                f"This invitation is for {invitation.email}. Sign in with that address."
            )
        assignment, _ = RoleAssignment.objects.get_or_create(
            user=user,
            role=invitation.role,
            partnership_id=invitation.partnership_id,
            defaults={"granted_by": invitation.invited_by},
        )
        if invitation.full_name and not user.full_name:
            user.full_name = invitation.full_name
            user.save(update_fields=["full_name"])
        invitation.status = Invitation.Status.ACCEPTED
        invitation.accepted_by = user
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["status", "accepted_by", "accepted_at"])
        invitation_accepted.send(sender=Invitation, invitation=invitation, user=user)
    permissions.forget_roles(user)
    return assignment
