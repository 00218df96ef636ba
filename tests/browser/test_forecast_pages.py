"""Issue 25's pages in a real browser: a trustee combines stress paths on the forecast without
JavaScript; an officer records a market value through the form (an error first); the forecast,
the dashboard's trends and the valuation form pass axe-core and do not scroll sideways at 320 px
(wide tables scroll inside their own box)."""

from __future__ import annotations

import datetime

import pytest

from reporting.services.snapshots import portfolio_snapshots_take_due
from tests.browser.test_form_accessibility import axe_violations, scrolls_sideways
from tests.factories import Role, user_with_role
from tests.reporting import scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def portfolio():
    built = scenario.build()
    portfolio_snapshots_take_due(today=datetime.date(2026, 4, 2))
    return built


def test_a_trustee_combines_stress_paths_without_javascript(page_as, portfolio):
    page = page_as(user_with_role(Role.TRUSTEE))
    page.goto("/portfolio/forecast/")
    assert "in today's pounds" in page.content().replace("&#x27;", "'")
    page.check("#paths-lost_decade")
    page.check("#paths-inflation_shock")
    page.get_by_role("button", name="Show them together").click()
    assert "paths=lost_decade&paths=inflation_shock" in page.url
    row = page.locator("#forecast-paths tr", has_text="Your choice.")
    assert "Together: no real return for 10 years and inflation of 10% for 2 years" in (
        row.inner_text()
    )
    assert page.is_checked("#paths-lost_decade")


def test_an_officer_records_a_market_value_through_the_form(page_as, portfolio):
    page = page_as(portfolio.officer)
    page.goto("/grants/endowment/")
    page.get_by_role("link", name="Record a market value").click()
    page.fill("#id_market_value", "10,500,000.00")
    page.get_by_role("button", name="Record the market value").click()
    assert page.title().startswith("Error: ")
    assert "Enter the valuation date" in page.locator(".govuk-error-summary").inner_text()
    page.fill("#id_valued_on_day", "31")
    page.fill("#id_valued_on_month", "12")
    page.fill("#id_valued_on_year", "2025")
    page.fill("#id_source", "Custodian statement, 31 December 2025")
    page.get_by_role("button", name="Record the market value").click()
    assert "Market value of £10,500,000.00 on 31 Dec 2025 recorded" in page.content()
    page.goto("/portfolio/forecast/")
    start = page.locator("#forecast-start").inner_text()
    assert "Market value on 31 Dec 2025" in start and "£10,500,000.00" in start


@pytest.mark.parametrize("width", [320, 1280])
def test_the_pages_pass_axe_and_fit(page_as, portfolio, width):
    problems = {}
    trustee = page_as(user_with_role(Role.TRUSTEE), phone=width < 800, javascript=True)
    officer = page_as(portfolio.officer, phone=width < 800, javascript=True)
    for page, url in [
        (trustee, "/portfolio/forecast/?paths=fall,lost_decade"),
        (trustee, "/portfolio/forecast/?paths=crash"),
        (trustee, "/portfolio/"),
        (officer, "/grants/endowment/valuations/new/"),
        (officer, "/grants/endowment/"),
    ]:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        found = axe_violations(page)
        if width == 320 and scrolls_sideways(page):
            found.append("scrolls sideways at 320 px")
        if found:
            problems[url] = found
    assert problems == {}
