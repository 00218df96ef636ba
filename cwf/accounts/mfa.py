"""The MFA rule, in one place: people whose roles need two-factor authentication must have an
authenticator app set up. Pages send them to set it up (middleware.py), the API refuses their
tokens (tokens.py), and they cannot remove it themselves (MfaAdapter below)."""

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from .permissions import requires_mfa

MFA_MISSING = (
    "Your role needs two-factor authentication, and your account has none set up. Sign in on "
    "the website and set up an authenticator app; your API tokens work again after that."
)


_HAS_TOTP_ATTR = "_cwf_has_totp"


def totp_exists(user_id_sql: str) -> RawSQL:
    """Whether the user whose id is `user_id_sql` (the outer query's column, as SQL) has an
    authenticator app, for a query that reads the user anyway (API token authentication).
    Written as SQL: compiling an Exists each request cost more than the query it saved."""
    table = connection.ops.quote_name(Authenticator._meta.db_table)
    # Names from the models' metadata and the caller's column, never input; the type is a
    # parameter.
    return RawSQL(  # noqa: S611
        f"EXISTS (SELECT 1 FROM {table} a WHERE a.user_id = {user_id_sql} AND a.type = %s)",  # noqa: S608
        [Authenticator.Type.TOTP.value],
        output_field=BooleanField(),
    )


def has_totp_remember(user, value: bool) -> None:
    """Keep what `totp_exists` read for this user object (one request's)."""
    setattr(user, _HAS_TOTP_ATTR, bool(value))


def has_totp(user) -> bool:
    known = getattr(user, _HAS_TOTP_ATTR, None)
    if known is not None:
        return known
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def lacks_required_mfa(user) -> bool:
    """True when the user's roles need MFA and the user has no authenticator app."""
    return requires_mfa(user) and not has_totp(user)


class MfaAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": (
            "Your role needs two-factor authentication, so you cannot turn it off. If you have a "
            "new phone, an administrator can reset it for you; you then set it up again at your "
            "next sign-in."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Removing the authenticator app is refused to anyone whose roles need MFA. (An
        administrator can still reset it in the admin, for a lost phone: the person is then
        sent to set it up again at once, and their API tokens are refused until they do.)"""
        return not requires_mfa(authenticator.user)
