"""The Playwright harness: Debian's chromium against pytest-django's live server.

Reuse it for your own journeys:

    from tests.browser.helpers import login

    def test_something(page, live_server, officer):
        login(page, live_server, officer)          # sets up MFA on the way when the role needs it
        page.goto(live_server.url + "/somewhere/")

`phone_page` is the same page at a phone's size (390 x 844). `page_as(user)` gives a page already
signed in (by session cookie), phone-sized and without JavaScript, for journeys that are not about
signing in. `totp_code(secret)` is the code an authenticator app would show.

Everything in this folder carries the `browser` marker (`pytest -m "not browser"` leaves it out),
and every test in it is skipped, saying why, when /usr/bin/chromium is absent. We never download
a browser: `playwright install` is not used."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SKIP_REASON = f"Debian's chromium is not installed at {CHROMIUM}: apt-get install chromium"

# Playwright's sync API keeps an asyncio loop in the test's thread, so Django would refuse the
# test's own ORM calls (factories, assertions) as "async-unsafe". They are safe: no Django code
# runs inside that loop; the live server answers in its own thread.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# Long enough for a loaded CI machine, short enough that a wrong selector fails quickly.
TIMEOUT_MS = 15_000
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"

_HERE = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # Conftest hooks see every item of the session, so mark only this folder's. The skip is a
    # marker, not a module-level skip here: pytest cannot skip a conftest it loads early (as it
    # does for `pytest tests/browser`).
    chromium_missing = not CHROMIUM.exists()
    for item in items:
        if _HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if chromium_missing:
                item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    # The page fixtures read this to keep a screenshot of a failed test.
    setattr(item, f"report_{report.when}", report)
    return report


# --- Fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """One chromium per test process (each xdist worker has its own)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _keep_screenshots_if_failed(request, pages) -> None:
    report = getattr(request.node, "report_call", None)
    if report is None or not report.failed:
        return
    SCREENSHOTS.mkdir(exist_ok=True)
    name = request.node.nodeid.replace("/", "_").replace(":", "_")
    for number, page in enumerate(pages):
        suffix = f"-{number}" if number else ""
        page.screenshot(path=str(SCREENSHOTS / f"{name}{suffix}.png"), full_page=True)


def _page(request, browser, live_server, **context_options):
    context = browser.new_context(base_url=live_server.url, **context_options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    _keep_screenshots_if_failed(request, [page])
    context.close()


@pytest.fixture
def page(request, browser, live_server):
    """A fresh browser page (its own cookies) at a desktop size, based at the live server.
    Sign in with `tests.browser.helpers.login(page, live_server, user)`."""
    yield from _page(request, browser, live_server)


@pytest.fixture
def phone_page(request, browser, live_server):
    """A fresh page at a phone's size (390 x 844), for the residents' pages."""
    yield from _page(request, browser, live_server, viewport=PHONE, is_mobile=True, has_touch=True)


@pytest.fixture
def page_as(request, browser, live_server):
    """page_as(user) -> a page already signed in as `user` (None: signed out), phone-sized and
    with JavaScript off unless asked, for journeys that are not about signing in. The session
    comes from Client.force_login, with TOTP set up where the role needs it."""
    from tests.conftest import signed_in

    contexts, pages = [], []

    def make(user=None, *, phone: bool = True, javascript: bool = False):
        context = browser.new_context(
            base_url=live_server.url,
            viewport=PHONE if phone else DESKTOP,
            java_script_enabled=javascript,
        )
        context.set_default_timeout(TIMEOUT_MS)
        if user is not None:
            session = signed_in(user).cookies["sessionid"].value
            context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        contexts.append(context)
        pages.append(context.new_page())
        return pages[-1]

    yield make
    _keep_screenshots_if_failed(request, pages)
    for context in contexts:
        context.close()
