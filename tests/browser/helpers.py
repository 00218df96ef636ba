"""Helpers for browser journeys: sign in (setting up MFA on the way) and compute the codes an
authenticator app would show. Import them in your tests:

    from tests.browser.helpers import login, totp_code
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time

from playwright.sync_api import Page, expect

from tests.factories import TEST_PASSWORD

# --- Time-based one-time passwords ----------------------------------------------------------------


def totp_code(secret: str, *, at: float | None = None, period: int = 30, digits: int = 6) -> str:
    """The code an authenticator app shows for a base32 `secret` (RFC 6238: HMAC-SHA1, 6 digits,
    30-second steps), at time `at` (now by default)."""
    counter = int((time.time() if at is None else at) // period)
    key = base64.b32decode(secret.replace(" ", "").upper(), casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


def fresh_totp_code(secret: str, *, period: int = 30, margin: float = 3.0) -> str:
    """A code with at least `margin` seconds of its 30 left, so the server still accepts it when
    the form arrives (the server allows no drift)."""
    left = period - time.time() % period
    if left < margin:
        time.sleep(left + 0.1)
    return totp_code(secret, period=period)


def _stored_totp_secret(user) -> str | None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return decrypt(authenticator.data["secret"]) if authenticator else None


# --- Journeys every browser test needs --------------------------------------------------------


def set_up_mfa(page: Page) -> str:
    """On allauth's "activate authenticator app" page: read the secret the page shows, enter the
    current code and submit. Returns the secret, as a person would keep it in their app."""
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(fresh_totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    return secret


def login(page: Page, live_server, user, *, password: str = TEST_PASSWORD) -> Page:
    """Sign in as `user` through the real sign-in page and land on their home page.

    A user who must use MFA and has none sets it up on the way (the secret is then kept on
    `user.totp_secret` for later sign-ins); one who has it (for example from `give_totp`) enters
    the code from their stored secret."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if "/accounts/2fa/authenticate/" in page.url:
        secret = getattr(user, "totp_secret", None) or _stored_totp_secret(user)
        page.get_by_label("Code", exact=True).fill(fresh_totp_code(secret))
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
    if "/accounts/2fa/totp/activate/" in page.url:
        user.totp_secret = set_up_mfa(page)
        page.wait_for_load_state()
        if "/accounts/2fa/recovery-codes/" in page.url:
            page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{live_server.url}/")
    return page


def fill_date(page: Page, field_id: str, iso: str) -> None:
    """Type a date into GOV.UK's day, month and year boxes of `#field_id`, as a person would."""
    year, month, day = iso.split("-")
    page.fill(f"#{field_id}_day", str(int(day)))
    page.fill(f"#{field_id}_month", str(int(month)))
    page.fill(f"#{field_id}_year", year)
