"""The menu on a phone: it no longer fills the first screen, and it works with or without
JavaScript."""

from playwright.sync_api import expect

from tests.factories import Role, user_with_role

SMALL = {"width": 320, "height": 640}


def _heading_top(page) -> float:
    return page.get_by_role("heading", level=1).bounding_box()["y"]


def test_without_javascript_a_phone_gets_one_menu_link_that_leads_to_every_page(
    page_as, partnership
):
    officer = user_with_role(Role.FUND_OFFICER)
    page = page_as(officer, javascript=False)
    page.set_viewport_size(SMALL)
    page.goto("/")

    expect(page.locator("#navigation")).to_be_hidden()
    assert _heading_top(page) < 250
    page.get_by_role("link", name="Menu", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Menu")
    expect(page.get_by_role("link", name="LTOs")).to_be_visible()
    expect(page.get_by_role("main").get_by_role("link", name="Sign out")).to_be_visible()


def test_with_javascript_the_menu_button_opens_the_list(page_as, partnership):
    resident = user_with_role(Role.RESIDENT_MEMBER, partnership)
    page = page_as(resident, javascript=True)
    page.set_viewport_size(SMALL)
    page.goto("/")

    toggle = page.get_by_role("button", name="Menu")
    expect(toggle).to_be_visible()
    expect(page.locator("#navigation")).to_be_hidden()
    assert _heading_top(page) < 250
    toggle.click()
    expect(page.get_by_role("link", name="Decisions", exact=True)).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")


def test_on_a_wide_screen_the_menu_bar_shows_without_a_button(page_as, partnership):
    resident = user_with_role(Role.RESIDENT_MEMBER, partnership)
    page = page_as(resident, phone=False, javascript=True)
    page.goto("/")

    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("link", name="Decisions", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Menu", exact=True)).to_be_hidden()
