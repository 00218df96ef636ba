"""The Playwright harness: Debian's chromium against pytest-django's live server.

Reuse it for your own journeys:

    from tests.browser.helpers import login

    def test_something(page, live_server, officer):
        login(page, live_server, officer)          # sets up MFA on the way when the role needs it
        page.goto(live_server.url + "/somewhere/")

`phone_page` is the same page at a phone's size (390 x 844). `totp_code(secret)` is the code an
authenticator app would show. Everything in this folder carries the `browser` marker
(`pytest -m "not browser"` leaves it out), and every test in it is skipped, saying why, when
/usr/bin/chromium is absent. We never download a browser: `playwright install` is not used."""

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
def chromium_browser():
    """One chromium per test process (each xdist worker has its own)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _page(request, chromium_browser, live_server, **context_options):
    context = chromium_browser.new_context(base_url=live_server.url, **context_options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        SCREENSHOTS.mkdir(exist_ok=True)
        name = request.node.nodeid.replace("/", "_").replace(":", "_")
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    context.close()


@pytest.fixture
def page(request, chromium_browser, live_server):
    """A fresh browser page (its own cookies) at a desktop size, based at the live server."""
    yield from _page(request, chromium_browser, live_server)


@pytest.fixture
def phone_page(request, chromium_browser, live_server):
    """A fresh page at a phone's size (390 x 844), for the residents' pages."""
    yield from _page(
        request, chromium_browser, live_server, viewport=PHONE, is_mobile=True, has_touch=True
    )
