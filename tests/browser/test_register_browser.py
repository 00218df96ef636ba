"""The register and a neighbourhood page in a real browser (Debian's chromium, headless)."""

import pytest
from playwright.sync_api import expect

from tests.factories import PartnershipFactory, Role, user_with_role
from tests.partnerships.register_files import register_of, ward


@pytest.mark.django_db(transaction=True)
def test_an_officer_filters_the_register_and_opens_a_neighbourhood(page_as, tmp_path):
    register_of(tmp_path, 20, flagged={ward(1), ward(20)})
    page = page_as(user_with_role(Role.FUND_OFFICER), phone=False)
    page.goto("/neighbourhoods/")
    expect(page.get_by_role("heading", name="Neighbourhood register")).to_be_visible()
    expect(page.get_by_text("20 neighbourhoods.")).to_be_visible()

    page.get_by_label("Flag").select_option("computed")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("2 neighbourhoods.")).to_be_visible()
    assert "flag=computed" in page.url

    page.get_by_role("link", name="Ward 002").click()
    expect(page.get_by_role("heading", name="Ward 002", level=1)).to_be_visible()
    assert page.locator("svg.cwf-profile-chart").count() == 2
    assert page.get_by_role(
        "img", name="Index of Multiple Deprivation: the domain profile of Ward 002"
    ).is_visible()
    expect(page.get_by_role("columnheader", name="England median").first).to_be_visible()
    expect(
        page.get_by_text("Contains public sector information licensed under the")
    ).to_be_visible()

    page.goto("/neighbourhoods/priority/")
    first_row = page.locator("tbody tr").first
    assert "Ward 001" in first_row.inner_text()


@pytest.mark.django_db(transaction=True)
def test_a_resident_gets_not_found_on_the_register(page_as, tmp_path):
    register_of(tmp_path, 10)
    page = page_as(user_with_role(Role.RESIDENT_MEMBER, PartnershipFactory()))
    response = page.goto("/neighbourhoods/")
    assert response.status == 404
