"""Playwright in Debian's chromium, over pytest-django's live_server. Skipped, saying so, when
/usr/bin/chromium is absent. Sign-in is a session cookie from Client.force_login (with TOTP set
up for roles that need it), so the journeys test the product, not the login form."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")

# Playwright's sync API runs an event loop in this thread; the ORM calls it makes are ours.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is absent: apt-get install chromium to run these")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def _media_url_for_live_server():
    """The live server wraps the site in a media-file handler that needs a MEDIA_URL; the
    project has none (uploads are only ever served through views that check who asks)."""
    from django.test.utils import override_settings

    with override_settings(MEDIA_URL="/test-media/"):
        yield


@pytest.fixture
def page_as(browser, _media_url_for_live_server, live_server):
    """page_as(user) -> a page signed in as `user` (None: signed out), on a phone-sized screen."""
    from tests.conftest import signed_in

    contexts = []

    def make(user=None, *, phone: bool = True):
        size = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
        # JavaScript off: every journey must work without it.
        context = browser.new_context(
            base_url=live_server.url, viewport=size, java_script_enabled=False
        )
        context.set_default_timeout(10_000)
        if user is not None:
            client = signed_in(user)
            context.add_cookies(
                [
                    {
                        "name": "sessionid",
                        "value": client.cookies["sessionid"].value,
                        "url": live_server.url,
                    }
                ]
            )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
