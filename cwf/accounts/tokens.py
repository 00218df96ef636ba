"""Personal API tokens for trustees' analysts: create (shown once), list, revoke, authenticate."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import authentication, exceptions

from cwf.core.errors import DomainError

from . import permissions
from .mfa import MFA_MISSING, has_totp_remember, lacks_required_mfa, totp_exists
from .models import ApiToken, User

TOKEN_PREFIX = "cwf_"
# Writing last_used_at on every request would turn reads into writes; once a minute is enough.
_LAST_USED_RESOLUTION = timedelta(minutes=1)


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the token row and the raw token, which is never stored and never shown again."""
    name = name.strip()
    if not name:
        raise DomainError("Give the token a name, so you can tell it apart later.", field="name")
    if user.api_tokens.filter(name=name, revoked_at__isnull=True).exists():
        raise DomainError(f"You already have a token called '{name}'.", field="name")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:10], token_hash=_hash(raw))
    return token, raw


def api_token_revoke(*, user: User, token_id: int) -> ApiToken:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token_id, user=user)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token


def api_token_list(*, viewer: User):
    return ApiToken.objects.filter(user=viewer)


_LOOKUPS: dict[str, QuerySet] = {}


def _token_lookup() -> QuerySet[ApiToken]:
    """The token query but for the token's hash, built once per process (and database vendor):
    building its two subqueries took longer than the query itself, and more than the two
    queries they replace (docs/performance.md). Each request filters a clone of it. The
    subqueries name the token's table as the query's own (Django's alias for it)."""
    vendor = connection.vendor
    lookup = _LOOKUPS.get(vendor)
    if lookup is None:
        quote = connection.ops.quote_name
        user_id = f"{quote(ApiToken._meta.db_table)}.{quote('user_id')}"  # the query's own table
        roles = permissions.roles_in_force_subquery(user_id)
        lookup = (
            ApiToken.objects.select_related("user")
            .filter(revoked_at__isnull=True, user__is_active=True)
            .annotate(
                user_has_totp=totp_exists(user_id),
                **({"user_roles": roles} if roles is not None else {}),
            )
        )
        _LOOKUPS[vendor] = lookup
    return lookup


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer cwf_…`. Invalid or revoked tokens get 401."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        if parts[0] not in (self.keyword, "Token"):
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the header as: Authorization: Bearer <token>"
            )
        # The token, its user, whether the user has an authenticator app and (on PostgreSQL)
        # the user's roles in force, in one query: every API request asks all four. Read
        # afresh each request, so a revoked token or role, or a reset authenticator, counts at
        # the next request.
        token = _token_lookup().filter(token_hash=_hash(parts[1])).first()
        if token is None:
            raise exceptions.AuthenticationFailed(
                "This API token is not valid or has been revoked."
            )
        has_totp_remember(token.user, token.user_has_totp)
        if hasattr(token, "user_roles"):
            permissions.roles_in_force_remember(token.user, token.user_roles)
        # A token must not get round MFA: the pages send such a person to set it up, and the
        # role may have been granted, or the authenticator reset, after the token was made.
        if lacks_required_mfa(token.user):
            raise exceptions.PermissionDenied(MFA_MISSING)
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > _LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return self.keyword
