"""Invitations: the only way to join. Officers invite anyone; a chair invites to their own
partnership. The invitee follows the link, signs up through allauth with the invited e-mail (or
signs in, if they already have an account) and is given the role."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone

from cwf.core import outbox
from cwf.core.dates import display_date
from cwf.core.errors import DomainError, ScopeError

from . import emails, permissions, role_grants
from .models import Invitation, RoleAssignment, User
from .roles import GLOBAL_ROLES

SESSION_KEY = "cwf_invitation_token"
# Sent inside the accepting transaction, with `invitation` and `user`: the domain apps hook on
# (partnerships links the new account to its member row) without the kernel knowing them.
invitation_accepted = Signal()
INVITATION_DAYS = getattr(settings, "INVITATION_VALID_DAYS", 14)


class InvitationError(ValidationError):
    pass


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _send(invitation: Invitation, token: str) -> None:
    """Write the invitation's e-mail to the outbox, in the caller's transaction. It holds the
    only copy of the token, so the outbox blanks its body once it is sent (`secret`)."""
    link = settings.SITE_URL.rstrip("/") + reverse("invitation_accept", args=[token])
    where = f" for {invitation.partnership}" if invitation.partnership_id else ""
    body = (
        f"Hello{(' ' + invitation.full_name) if invitation.full_name else ''},\n\n"
        f"{invitation.invited_by} has invited you to join CWF Grants as "
        f"{invitation.get_role_display().lower()}{where}.\n\n"
        f"Follow this link to accept. It works until "
        f"{display_date(timezone.localtime(invitation.expires_at))}.\n\n{link}\n"
    )
    outbox.email_queue(
        to=[invitation.email],
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}You are invited to CWF Grants",
        body=body,
        secret=True,
    )


def invitation_create(
    *, actor: User, email: str, role: str, partnership_id: int | None = None, full_name: str = ""
) -> Invitation:
    """An invitation to a partnership role is sent at once. One to a fund-wide role waits,
    unsent, for a second officer or an administrator to confirm it (invitation_confirm): the
    other officers are asked by e-mail."""
    email = email.strip().lower()
    if role in GLOBAL_ROLES:
        partnership_id = None
    elif partnership_id is None:
        raise InvitationError({"partnership": "Choose the partnership this role belongs to."})
    if not permissions.may_invite(actor, role=role, partnership_id=partnership_id):
        raise PermissionDenied("You cannot invite people to that role.")
    if RoleAssignment.objects.filter(
        user__email__iexact=email, role=role, partnership_id=partnership_id
    ).exists():
        raise InvitationError({"email": f"{email} already has this role."})
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    fund_wide = role in GLOBAL_ROLES
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                email=email,
                full_name=full_name,
                role=role,
                partnership_id=partnership_id,
                token_hash=_hash(token),
                status=Invitation.Status.AWAITING if fund_wide else Invitation.Status.PENDING,
                invited_by=actor,
                sent_at=now,
                expires_at=now + timedelta(days=INVITATION_DAYS),
            )
            if fund_wide:
                role_grants.confirmation_request_send(
                    what=f"asked to invite {email} as {invitation.get_role_display().lower()}",
                    asked_by=actor,
                    exclude_ids=[actor.pk],
                )
            else:
                _send(invitation, token)
    except IntegrityError as exc:
        raise InvitationError(
            {"email": f"{email} already has a pending invitation to this role. Resend it instead."}
        ) from exc
    return invitation


def invitation_confirm(*, actor: User, invitation_id: int) -> Invitation:
    """The second pair of eyes on an invitation to a fund-wide role: it is sent now, with a
    fresh link and expiry, and the role is in force when the invitee accepts."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("invited_by")
            .get(pk=invitation_id)
        )
        if invitation.status != Invitation.Status.AWAITING:
            raise DomainError(
                f"This invitation is {invitation.get_status_display().lower()}: there is "
                f"nothing to confirm."
            )
        if not permissions.may_confirm_role_grants(actor):
            raise ScopeError("Only a fund officer or an administrator can confirm invitations.")
        if actor.email.lower() == invitation.email.lower():
            raise DomainError("This invitation is for you, so someone else must confirm it.")
        refusal = permissions.four_eyes_refusal(
            actor, first=invitation.invited_by, did="made this invitation", to="confirm it"
        )
        if refusal:
            raise DomainError(refusal)
        token = secrets.token_urlsafe(32)
        now = timezone.now()
        invitation.status = Invitation.Status.PENDING
        invitation.confirmed_by, invitation.confirmed_at = actor, now
        invitation.token_hash = _hash(token)
        invitation.sent_at, invitation.expires_at = now, now + timedelta(days=INVITATION_DAYS)
        invitation.save(
            update_fields=[
                "status", "confirmed_by", "confirmed_at", "token_hash", "sent_at", "expires_at"
            ]
        )  # fmt: skip
        _send(invitation, token)
    return invitation


def _pending_for_manager(
    *, actor: User, invitation_id: int, statuses=(Invitation.Status.PENDING,)
) -> Invitation:
    """The invitation, locked (one resend or withdrawal at a time), if the actor may manage it
    and it is still open."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation_id)
    if not permissions.may_invite(
        actor, role=invitation.role, partnership_id=invitation.partnership_id
    ):
        raise PermissionDenied("You cannot manage this invitation.")
    if invitation.status not in statuses:
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
        _send(invitation, token)
    return invitation


def invitation_revoke(*, actor: User, invitation_id: int) -> Invitation:
    """Withdraw an invitation: the inviter changing their mind, or a second officer refusing to
    confirm one that awaits confirmation."""
    with transaction.atomic():
        invitation = _pending_for_manager(
            actor=actor, invitation_id=invitation_id, statuses=Invitation.OPEN_STATUSES
        )
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
    if invitation.status == Invitation.Status.AWAITING:
        raise InvitationError(
            "This invitation has not been confirmed yet. You will get a new link once it is."
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


def unproved_message(email: str) -> str:
    return (
        f"Confirm that {email} is your address before you accept: we e-mail a link to it, and "
        f"following that link brings you back here."
    )


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
        if not emails.is_proved(user, invitation.email):
            raise InvitationError(unproved_message(invitation.email))
        # An invitation to a fund-wide role was confirmed by a second person before it was
        # sent, so the role is in force at once. (One sent before that rule, never confirmed,
        # gives a role that waits for confirmation.)
        assignment = role_grants.role_grant(
            user=user,
            role=invitation.role,
            partnership_id=invitation.partnership_id,
            granted_by=invitation.invited_by,
            confirmed_by=invitation.confirmed_by,
            confirmed_at=invitation.confirmed_at,
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
