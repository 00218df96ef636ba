"""The register and a neighbourhood page in a real browser (Debian's chromium, headless)."""

import os
from pathlib import Path

import pytest

from tests.conftest import signed_in
from tests.factories import PartnershipFactory, Role, user_with_role
from tests.partnerships.register_files import register_of, ward

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's chromium is not at /usr/bin/chromium"
    ),
]
# Playwright's sync API runs an event loop in this thread; the ORM calls here are still synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture
def browser_page(live_server):
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        context = browser.new_context()
        yield context
        context.close()
        browser.close()


def sign_in(context, live_server, user) -> None:
    session = signed_in(user).cookies["sessionid"].value
    context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])


@pytest.mark.django_db(transaction=True)
def test_an_officer_filters_the_register_and_opens_a_neighbourhood(
    browser_page, live_server, tmp_path
):
    register_of(tmp_path, 20, flagged={ward(1), ward(20)})
    sign_in(browser_page, live_server, user_with_role(Role.FUND_OFFICER))
    page = browser_page.new_page()
    page.goto(f"{live_server.url}/neighbourhoods/")
    assert page.get_by_role("heading", name="Neighbourhood register").is_visible()
    assert page.get_by_text("20 neighbourhoods.").is_visible()

    page.get_by_label("Flag").select_option("computed")
    page.get_by_role("button", name="Apply filters").click()
    assert page.get_by_text("2 neighbourhoods.").is_visible()
    assert "flag=computed" in page.url

    page.get_by_role("link", name="Ward 002").click()
    assert page.get_by_role("heading", name="Ward 002", level=1).is_visible()
    assert page.locator("svg.cwf-profile-chart").count() == 2
    assert page.get_by_role(
        "img", name="Index of Multiple Deprivation: the domain profile of Ward 002"
    ).is_visible()
    assert page.get_by_role("columnheader", name="England median").first.is_visible()
    assert page.get_by_text("Contains public sector information licensed under the").is_visible()

    page.goto(f"{live_server.url}/neighbourhoods/priority/")
    first_row = page.locator("tbody tr").first
    assert "Ward 001" in first_row.inner_text()


@pytest.mark.django_db(transaction=True)
def test_a_resident_gets_not_found_on_the_register(browser_page, live_server, tmp_path):
    register_of(tmp_path, 10)
    sign_in(browser_page, live_server, user_with_role(Role.RESIDENT_MEMBER, PartnershipFactory()))
    page = browser_page.new_page()
    response = page.goto(f"{live_server.url}/neighbourhoods/")
    assert response.status == 404
