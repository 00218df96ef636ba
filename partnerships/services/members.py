"""Who is on a partnership: adding, changing and ending memberships, under the composition rules
(see partnerships/composition.py for which changes are blocked), and keeping the kernel's roles
in step with the chair."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from cwf.accounts import invitations, permissions
from cwf.accounts.models import Invitation, User
from cwf.accounts.role_grants import role_grant, role_revoke
from cwf.accounts.roles import Role
from cwf.core.dates import display_date
from cwf.core.errors import DomainError, ScopeError

from ..composition import RuleResult, composition_of, rules_broken_by
from ..models import Member, Partnership

# Once endorsed, a partnership must keep meeting the composition rules.
RULES_ENFORCED = {
    Partnership.Status.ENDORSED,
    Partnership.Status.DELIVERING,
    Partnership.Status.CLOSING,
}


@dataclass
class MembershipChange:
    member: Member
    # Rules the partnership fails after the change (allowed while forming): shown as a warning.
    warnings: list[RuleResult] = field(default_factory=list)


def partnership_for_writing(*, actor: User, partnership_id: int) -> Partnership:
    """The partnership, locked: membership changes are checked against the rules one at a time."""
    partnership = Partnership.objects.select_for_update().get(pk=partnership_id)
    if not permissions.can_run_partnership(actor, partnership.pk):
        raise ScopeError("Only a fund officer or the partnership's chair can do this.")
    if partnership.is_closed:
        raise DomainError("This partnership is closed and can no longer be changed.")
    return partnership


class CompositionRefused(DomainError):
    """A membership change refused because it would break the composition rules; the page
    that showed it announces it (partnerships.signals.composition_change_refused)."""

    def __init__(self, message: str, *, partnership: Partnership):
        super().__init__(message)
        self.partnership = partnership


def _check_rules(partnership: Partnership, before: list, after: list) -> list[RuleResult]:
    old, new = composition_of(before), composition_of(after)
    broken = rules_broken_by(old, new)
    if broken and partnership.status in RULES_ENFORCED:
        names = "; ".join(f"“{rule.rule}” ({rule.figure} after this change)" for rule in broken)
        raise CompositionRefused(
            f"Not changed: this would break the rule {names}. {partnership.name} is "
            f"{partnership.get_status_display().lower()}, so it must keep meeting the rules. "
            "Add members first, or record the change together with a replacement.",
            partnership=partnership,
        )
    return new.failing_rules


def _active_members(partnership: Partnership) -> list[Member]:
    return list(partnership.members.filter(left_on__isnull=True))


def _check_dates(joined_on: datetime.date, left_on: datetime.date | None = None) -> None:
    today = timezone.localdate()
    if joined_on > today:
        raise DomainError("The date they joined cannot be in the future.", field="joined_on")
    if left_on is not None:
        if left_on > today:
            raise DomainError("The date they left cannot be in the future.", field="left_on")
        if left_on < joined_on:
            raise DomainError(
                f"The date they left cannot be before they joined ({display_date(joined_on)}).",
                field="left_on",
            )


def _check_chair(partnership: Partnership, role: str, member_id: int | None) -> None:
    if role != Member.Role.CHAIR:
        return
    chair = partnership.members.filter(role=Member.Role.CHAIR, left_on__isnull=True)
    chair = chair.exclude(pk=member_id).first()
    if chair is not None:
        raise DomainError(
            f"{chair.full_name} is already the chair. Change their role first.", field="role"
        )


def sync_roles(member: Member, *, granted_by: User | None, revoke: bool = True) -> None:
    """A member with an account may sign in to their partnership; the chair also gets the chair
    role. Leaving (or stepping down as chair) takes the role away again."""
    if member.user_id is None:
        return
    wanted = set()
    if member.left_on is None:
        wanted.add(Role.RESIDENT_MEMBER)
        if member.role == Member.Role.CHAIR:
            wanted.add(Role.PARTNERSHIP_CHAIR)
    for role in wanted:
        role_grant(
            user=member.user, role=role, partnership_id=member.partnership_id, granted_by=granted_by
        )
    if revoke:
        role_revoke(
            user=member.user,
            roles={Role.RESIDENT_MEMBER, Role.PARTNERSHIP_CHAIR} - wanted,
            partnership_id=member.partnership_id,
        )
    if member.user is not None:
        permissions.forget_roles(member.user)


def _save(member: Member) -> Member:
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        raise DomainError(
            "That account is already a member of this partnership.", field="email"
        ) from None
    return member


def member_add(
    *,
    actor: User,
    partnership_id: int,
    full_name: str,
    is_resident: bool,
    joined_on: datetime.date,
    email: str = "",
    role: str = Member.Role.MEMBER,
    has_vote: bool = True,
    user_id: int | None = None,
) -> MembershipChange:
    with transaction.atomic():
        partnership = partnership_for_writing(actor=actor, partnership_id=partnership_id)
        _check_dates(joined_on)
        _check_chair(partnership, role, None)
        member = Member(
            partnership=partnership,
            full_name=full_name.strip(),
            email=email.strip().lower(),
            is_resident=is_resident,
            role=role,
            has_vote=has_vote,
            joined_on=joined_on,
            user_id=user_id,
        )
        before = _active_members(partnership)
        warnings = _check_rules(partnership, before, [*before, member])
        _save(member)
        sync_roles(member, granted_by=actor)
    return MembershipChange(member, warnings)


def member_update(
    *,
    actor: User,
    member_id: int,
    full_name: str,
    is_resident: bool,
    joined_on: datetime.date,
    email: str = "",
    role: str = Member.Role.MEMBER,
    has_vote: bool = True,
) -> MembershipChange:
    with transaction.atomic():
        member = Member.objects.select_related("user").get(pk=member_id)
        partnership = partnership_for_writing(actor=actor, partnership_id=member.partnership_id)
        if member.left_on is not None:
            raise DomainError(f"{member.full_name} has left the partnership.")
        _check_dates(joined_on)
        _check_chair(partnership, role, member.pk)
        before = _active_members(partnership)
        changed = SimpleNamespace(left_on=None, has_vote=has_vote, is_resident=is_resident)
        after = [changed if m.pk == member.pk else m for m in before]
        warnings = _check_rules(partnership, before, after)
        member.full_name = full_name.strip()
        member.email = email.strip().lower()
        member.is_resident = is_resident
        member.role = role
        member.has_vote = has_vote
        member.joined_on = joined_on
        _save(member)
        sync_roles(member, granted_by=actor)
    return MembershipChange(member, warnings)


def member_leave(*, actor: User, member_id: int, left_on: datetime.date) -> MembershipChange:
    """The member leaves. Their row stays, so past meetings still show them."""
    with transaction.atomic():
        member = Member.objects.select_related("user").get(pk=member_id)
        partnership = partnership_for_writing(actor=actor, partnership_id=member.partnership_id)
        if member.left_on is not None:
            raise DomainError(f"{member.full_name} has already left the partnership.")
        _check_dates(member.joined_on, left_on)
        before = _active_members(partnership)
        warnings = _check_rules(partnership, before, [m for m in before if m.pk != member.pk])
        member.left_on = left_on
        member.save(update_fields=["left_on"])
        sync_roles(member, granted_by=actor)
    return MembershipChange(member, warnings)


def member_invite(*, actor: User, member_id: int) -> Invitation:
    """Invite a member to sign in, through the kernel's invitation flow. The chair is invited to
    the chair role (by an officer); everyone else as a partnership member."""
    member = Member.objects.select_related("partnership").get(pk=member_id)
    if not permissions.can_run_partnership(actor, member.partnership_id):
        raise ScopeError("Only a fund officer or the partnership's chair can invite members.")
    if member.left_on is not None:
        raise DomainError(f"{member.full_name} has left the partnership.")
    if member.user_id is not None:
        raise DomainError(f"{member.full_name} can already sign in.")
    if not member.email:
        raise DomainError(f"Add an e-mail address for {member.full_name} first.", field="email")
    role = Role.PARTNERSHIP_CHAIR if member.role == Member.Role.CHAIR else Role.RESIDENT_MEMBER
    try:
        return invitations.invitation_create(
            actor=actor,
            email=member.email,
            role=role,
            partnership_id=member.partnership_id,
            full_name=member.full_name,
        )
    except PermissionDenied:
        raise ScopeError("Only a fund officer can invite someone to be the chair.") from None
    except invitations.InvitationError as exc:
        raise DomainError(" ".join(exc.messages)) from None


def member_link_from_invitation(*, invitation: Invitation, user: User) -> Member | None:
    """Called when someone accepts an invitation to a partnership: link their account to their
    member row (matched by e-mail), or add them as a resident voting member. LTO finance staff
    work for the LTO and are not members."""
    if invitation.partnership_id is None or invitation.role == Role.LTO_FINANCE:
        return None
    with transaction.atomic():
        # The partnership row is the lock for its membership (see partnership_for_writing).
        partnership = Partnership.objects.select_for_update().get(pk=invitation.partnership_id)
        active = partnership.members.filter(left_on__isnull=True)
        member = (
            active.filter(user=user).first()
            or active.filter(email__iexact=user.email, user__isnull=True).first()
        )
        if member is None:
            has_chair = active.filter(role=Member.Role.CHAIR).exists()
            is_chair = invitation.role == Role.PARTNERSHIP_CHAIR and not has_chair
            # Adding a resident voting member never breaks a rule, so no check is needed.
            member = Member.objects.create(
                partnership=partnership,
                full_name=user.full_name or invitation.full_name or user.email,
                email=user.email,
                user=user,
                is_resident=True,
                role=Member.Role.CHAIR if is_chair else Member.Role.MEMBER,
                has_vote=True,
                joined_on=timezone.localdate(),
            )
        elif member.user_id is None:
            member.user = user
            member.save(update_fields=["user"])
        # Grant only: the invitation's own role has just been given by the kernel.
        sync_roles(member, granted_by=invitation.invited_by, revoke=False)
    return member


def member_public_name_set(*, actor: User, partnership_id: int, named: bool) -> Member:
    """A member chooses whether the partnership's public page names them (as its chair, or as a
    contact). The page names nobody else: only the member can make this choice, for themselves,
    and it ends when they leave (docs/open-data.md)."""
    with transaction.atomic():
        member = (
            Member.objects.select_for_update()
            .filter(partnership_id=partnership_id, user=actor, left_on__isnull=True)
            .first()
        )
        if member is None:
            raise ScopeError(
                "Only a member of this partnership can choose to be named on its public page, "
                "and only for themselves."
            )
        since = (member.named_publicly_since or timezone.now()) if named else None
        if since != member.named_publicly_since:
            member.named_publicly_since = since
            member.save(update_fields=["named_publicly_since"])
    return member
