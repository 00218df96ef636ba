"""The participation services' guards: keyed hashes (so an address, a network or a device
can be recognised again without being kept), and rate limits that fail open."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging

from django.conf import settings
from django.core.cache import cache

from cwf.accounts import permissions
from cwf.core.errors import DomainError

log = logging.getLogger(__name__)


def keyed_hash(kind: str, value: str, length: int = 64) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256)
    return digest.hexdigest()[:length]


def email_hash(email: str) -> str:
    return keyed_hash("voter-email", email.strip().lower())


def network_hash(address: str) -> str:
    """A hash of the address's network (a /24 for IPv4, a /48 for IPv6): many votes from one
    network in minutes can be counted without anyone seeing the address."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return keyed_hash("network", "unknown", 16)
    prefix = 24 if ip.version == 4 else 48
    return keyed_hash("network", str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False)), 16)


def device_hash(cookie: str) -> str:
    return keyed_hash("device", cookie or "none", 16)


def within_rate(key: str, *, limit: int, seconds: int) -> bool:
    """Whether one more attempt under `key` is within `limit` per `seconds`. Fails open: with
    the cache down (cwf.core.cache already falls back to this process's memory; anything else
    it raises is caught here), the attempt is allowed, because refusing every voter is worse
    than counting per process for a while."""
    key = f"participation:rate:{key}"
    try:
        if cache.add(key, 1, seconds):
            return True
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, seconds)
            return True
        return count <= limit
    except Exception as exc:
        log.warning("participation rate limit not applied: %s", exc)
        return True


def require_runs(actor, partnership_id: int, *, to: str) -> None:
    permissions.require(
        permissions.may_run_participation(actor, partnership_id),
        f"Only this partnership's chair and members can {to}.",
    )


def check_text(value: str, *, label: str, field: str, limit: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise DomainError(f"Enter {label}.", field=field)
    if len(text) > limit:
        raise DomainError(
            f"Shorten {label}: it has {len(text)} characters, at most {limit}.", field=field
        )
    if "\x00" in text:
        raise DomainError(f"Remove the NUL character from {label}.", field=field)
    return text
