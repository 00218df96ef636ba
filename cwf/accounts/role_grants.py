"""Granting roles: the one writer of RoleAssignment, whatever path grants the role (an
invitation, the Django admin, a partnership's member list, the demo), and `role_revoke`, the one
path that takes a role away (the admin, a member leaving or stepping down as chair).

A partnership role is in force at once. A fund-wide role (officer, trustee, administrator) is in
force only once a second person confirms it, like an allocation: an officer or administrator
who is neither the granter, nor the holder, nor anyone the granter brought in or was brought in
by (permissions.four_eyes_problem). An invitation to a fund-wide role is confirmed before it is
sent (invitations.invitation_confirm), so the invitee's role is in force when they sign up; a
role given in the admin waits on the Invitations page until someone confirms it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cwf.core import outbox
from cwf.core.errors import DomainError, ScopeError

from . import permissions
from .models import RoleAssignment, User
from .roles import GLOBAL_ROLES, Role


def role_grant(
    *,
    user: User,
    role: str,
    partnership_id: int | None = None,
    granted_by: User | None = None,
    confirmed_by: User | None = None,
    confirmed_at: datetime | None = None,
    by_system: bool = False,
) -> RoleAssignment:
    """Give `user` a role (nothing changes if they have it). A fund-wide role is in force once
    confirmed: by `confirmed_by`, the second person who already confirmed the invitation it
    comes from;
    at once when `by_system` (the demo, the bench, tests: no person granted it); otherwise it
    waits for role_grant_confirm, and the officers are asked to confirm it."""
    fund_wide = role in GLOBAL_ROLES
    if fund_wide:
        partnership_id = None
    elif partnership_id is None:
        raise DomainError("Choose the partnership this role belongs to.", field="partnership")
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.select_for_update().get_or_create(
            user=user, role=role, partnership_id=partnership_id, defaults={"granted_by": granted_by}
        )
        if fund_wide and assignment.confirmed_at is None:
            if confirmed_by is not None:
                # Checked when they confirmed (invitation_confirm); the database still refuses
                # a confirmer who is the granter or the holder.
                assignment.confirmed_by = confirmed_by
                assignment.confirmed_at = confirmed_at or timezone.now()
                assignment.save(update_fields=["confirmed_by", "confirmed_at"])
            elif by_system:
                assignment.confirmed_at = timezone.now()
                assignment.save(update_fields=["confirmed_at"])
            elif created:
                _ask_for_confirmation(assignment)
    permissions.forget_roles(user)
    return assignment


def role_revoke(*, user: User, roles: Iterable[str], partnership_id: int | None = None) -> int:
    """Take these roles away from `user` (nothing changes for roles they do not hold). The
    audit log keeps the record. Returns how many were removed."""
    with transaction.atomic():
        removed, _ = RoleAssignment.objects.filter(
            user=user, role__in=list(roles), partnership_id=partnership_id
        ).delete()
    permissions.forget_roles(user)
    return removed


def _check_confirmer(assignment: RoleAssignment, actor: User) -> None:
    if not permissions.may_confirm_role_grants(actor):
        raise ScopeError("Only a fund officer or an administrator can confirm a fund-wide role.")
    if actor.pk == assignment.user_id:
        raise DomainError("This role is yours, so someone else must confirm it.")
    refusal = permissions.four_eyes_refusal(
        actor, first=assignment.granted_by, did="granted this role", to="confirm it"
    )
    if refusal:
        raise DomainError(refusal)


def role_grant_confirm(*, assignment_id: int, actor: User) -> RoleAssignment:
    """The second pair of eyes on a fund-wide role: from now on it is in force."""
    with transaction.atomic():
        assignment = (
            RoleAssignment.objects.select_for_update(of=("self",))
            .select_related("user", "granted_by")
            .get(pk=assignment_id)
        )
        if assignment.in_force:
            raise DomainError(f"{assignment.user}'s role is already in force.")
        _check_confirmer(assignment, actor)
        assignment.confirmed_by = actor
        assignment.confirmed_at = timezone.now()
        assignment.save(update_fields=["confirmed_by", "confirmed_at"])
    permissions.forget_roles(assignment.user)
    return assignment


def role_grant_refuse(*, assignment_id: int, actor: User) -> RoleAssignment:
    """Withdraw a fund-wide role that is still waiting: the granter changing their mind, or a
    second officer who will not confirm it. The audit log keeps the record."""
    if not permissions.may_confirm_role_grants(actor):
        raise ScopeError("Only a fund officer or an administrator can refuse a fund-wide role.")
    with transaction.atomic():
        assignment = RoleAssignment.objects.select_for_update().get(pk=assignment_id)
        if assignment.in_force:
            raise DomainError("This role is in force: remove it in the admin instead.")
        assignment.delete()
    return assignment


def role_grants_awaiting(*, viewer) -> list[RoleAssignment]:
    """Fund-wide roles waiting for a second person, for those who may confirm them."""
    if not permissions.may_confirm_role_grants(viewer):
        return RoleAssignment.objects.none()
    return RoleAssignment.objects.filter(
        role__in=GLOBAL_ROLES, confirmed_at__isnull=True
    ).select_related("user", "granted_by")


def second_pair_of_eyes(*, exclude_ids) -> list[str]:
    """The addresses of everyone who may confirm a fund-wide role, but the people named."""
    people = User.objects.filter(is_active=True).filter(
        Q(is_superuser=True)
        | Q(
            role_assignments__role__in=[Role.FUND_OFFICER, Role.ADMIN],
            role_assignments__confirmed_at__isnull=False,
        )
    )
    return sorted(
        set(people.exclude(pk__in=[i for i in exclude_ids if i]).values_list("email", flat=True))
    )


def confirmation_request_send(*, what: str, asked_by: User | None, exclude_ids) -> None:
    """Ask the officers and administrators to confirm a fund-wide role someone granted: the
    e-mails are written to the outbox in the caller's transaction."""
    recipients = second_pair_of_eyes(exclude_ids=exclude_ids)
    if not recipients:
        return
    link = settings.SITE_URL.rstrip("/") + reverse("invitation_index")
    body = (
        f"{asked_by or 'Someone'} {what}. A fund-wide role needs a second officer or an "
        f"administrator to confirm it before it takes effect.\n\n"
        f"Confirm it, or refuse it, on the Invitations page:\n\n{link}\n"
    )
    subject = f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}A fund-wide role needs your confirmation"
    # One message each: the officers need not see each other's addresses.
    outbox.emails_queue(
        outbox.Message(to=[address], subject=subject, body=body) for address in recipients
    )


def _ask_for_confirmation(assignment: RoleAssignment) -> None:
    confirmation_request_send(
        what=f"gave {assignment.user} the role {assignment.get_role_display().lower()}",
        asked_by=assignment.granted_by,
        exclude_ids=[assignment.granted_by_id, assignment.user_id],
    )
