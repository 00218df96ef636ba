"""E-mail addresses: an address is the account's only once it is proved, by following the link
e-mailed to it or by signing up from an invitation (which was e-mailed to it). These rules sit
on top of allauth (ACCOUNT_CHANGE_EMAIL: a new address replaces the old one when its link is
followed); the views in views_email.py and the invitation flow ask here."""

from __future__ import annotations

from allauth.account.models import EmailAddress

from .models import User


def owner_of(email: str, *, other_than: User | None = None) -> User | None:
    """The account whose address this is: its login address or a proved address on it."""
    users = User.objects.filter(email__iexact=email)
    proved = EmailAddress.objects.filter(email__iexact=email, verified=True)
    if other_than is not None:
        users = users.exclude(pk=other_than.pk)
        proved = proved.exclude(user=other_than)
    found = users.first()
    if found is None:
        address = proved.select_related("user").first()
        found = address.user if address else None
    return found


def taken_message(email: str) -> str:
    return (
        f"{email} belongs to another account. Each person has one account: if it is yours, sign "
        f"in to that one; if it should move, ask a fund officer."
    )


def is_proved(user: User, email: str) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def unproved_claims_release(*, email: str, keep_user: User | None = None) -> int:
    """Drop other accounts' unproved claims on an address (added but never confirmed), so that
    they cannot stop its owner, who proves it, from signing up. Their links stop working."""
    claims = EmailAddress.objects.filter(email__iexact=email, verified=False, primary=False)
    if keep_user is not None:
        claims = claims.exclude(user=keep_user)
    deleted, _ = claims.delete()
    return deleted


def confirmation_send(request, *, user: User, email: str) -> bool:
    """E-mail the link that proves `email` is this user's (allauth's own message and rate
    limit). Creates the address row for accounts made before addresses were kept."""
    from allauth.account.internal.flows.email_verification import (
        send_verification_email_to_address,
    )

    address, _ = EmailAddress.objects.get_or_create(
        user=user, email=email.lower(), defaults={"primary": user.email.lower() == email.lower()}
    )
    return send_verification_email_to_address(request, address)
