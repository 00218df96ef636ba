"""The one place that answers "may this person do that?". Views, APIs and selectors ask here.

Roles are read once per request and cached on the user object, so asking many questions costs
one query."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser

from .roles import GLOBAL_ROLES, MFA_REQUIRED_ROLES, Role

__all__ = ["SYSTEM_READER", "Role"]

_CACHE_ATTR = "_cwf_role_pairs"


class _SystemReader:
    """The product itself reading fund-wide figures for scheduled work with no person behind
    it (the quarterly portfolio snapshot): it sees what a trustee sees and may write nothing."""

    is_authenticated = True
    is_superuser = False
    is_active = True
    pk = None

    def __str__(self) -> str:
        return "CWF Grants (scheduled work)"


SYSTEM_READER = _SystemReader()


def _pairs(user) -> frozenset[tuple[str, int | None]]:
    if user is SYSTEM_READER:
        return frozenset({(Role.TRUSTEE, None)})
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = frozenset(user.role_assignments.values_list("role", "partnership_id"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user) -> None:
    """Drop the cached roles, after a role is granted or removed during the same request."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles_of(user) -> frozenset[str]:
    roles = {role for role, _ in _pairs(user)}
    if getattr(user, "is_superuser", False):
        roles.add(Role.ADMIN)
    return frozenset(roles)


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def is_officer(user) -> bool:
    """Fund officers and administrators run the fund day to day."""
    return has_role(user, Role.FUND_OFFICER, Role.ADMIN)


def is_trustee(user) -> bool:
    return has_role(user, Role.TRUSTEE)


def sees_portfolio(user) -> bool:
    """Fund-wide roles see every partnership; everyone else sees only their own."""
    return bool(roles_of(user) & GLOBAL_ROLES)


def can_write_fund(user) -> bool:
    """Trustees read and never write: only officers and admins change fund-wide records."""
    return is_officer(user)


def partnership_ids(user, roles: Iterable[str] | None = None) -> frozenset[int]:
    """The partnerships where the user holds any of `roles` (any scoped role if None)."""
    wanted = set(roles) if roles is not None else None
    return frozenset(
        pid for role, pid in _pairs(user) if pid is not None and (wanted is None or role in wanted)
    )


def is_chair_of(user, partnership_id: int) -> bool:
    return partnership_id in partnership_ids(user, [Role.PARTNERSHIP_CHAIR])


def may_manage_invitations(user) -> bool:
    """Officers invite anyone; a chair invites people to the partnerships they chair."""
    return is_officer(user) or bool(partnership_ids(user, [Role.PARTNERSHIP_CHAIR]))


def requires_mfa(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff or user.is_superuser or roles_of(user) & MFA_REQUIRED_ROLES)


def can_run_partnership(user, partnership_id: int) -> bool:
    """Officers, and the partnership's own chair, record its members, meetings and decisions."""
    return is_officer(user) or is_chair_of(user, partnership_id)
