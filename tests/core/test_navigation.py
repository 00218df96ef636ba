"""The service navigation fits a phone: a few links per role in the menu bar, every other page on
the menu page, which is also what a phone without JavaScript gets instead of the list."""

import re

import pytest

from cwf.accounts.roles import Role
from tests.conftest import signed_in
from tests.factories import user_with_role

MENU_BAR = re.compile(r'<ul class="govuk-service-navigation__list".*?</ul>', re.DOTALL)
LINK = re.compile(r'<a class="govuk-service-navigation__link" href="([^"]+)"[^>]*>\s*(.*?)\s*</a>')


def _menu_bar(client) -> dict[str, str]:
    """The links in the menu bar, label: address."""
    bar = MENU_BAR.search(client.get("/").content.decode()).group(0)
    return {re.sub(r"<[^>]+>", "", label): url for url, label in LINK.findall(bar)}


@pytest.fixture
def people(partnership):
    return {
        "resident": user_with_role(Role.RESIDENT_MEMBER, partnership),
        "chair": user_with_role(Role.PARTNERSHIP_CHAIR, partnership),
        "finance": user_with_role(Role.LTO_FINANCE, partnership),
        "officer": user_with_role(Role.FUND_OFFICER),
        "trustee": user_with_role(Role.TRUSTEE),
        "admin": user_with_role(Role.ADMIN),
    }


@pytest.mark.django_db
def test_each_role_has_a_short_menu_bar_that_ends_with_the_menu_page(people):
    for role, person in people.items():
        bar = _menu_bar(signed_in(person))
        assert len(bar) <= 7, (role, bar)
        assert next(iter(bar)) == "Home", role
        assert list(bar.items())[-1] == ("More", "/menu/"), role


@pytest.mark.django_db
def test_the_menu_bar_holds_what_each_role_does_most(people):
    resident = _menu_bar(signed_in(people["resident"]))
    assert {"Home", "Plans and spending", "Decisions", "Reports"} <= set(resident)
    assert "Partnerships" not in resident and "Allocations" not in resident
    officer = _menu_bar(signed_in(people["officer"]))
    assert {"Home", "Partnerships", "Allocations", "Payments", "Reports"} <= set(officer)
    assert "LTOs" not in officer and "Neighbourhoods" not in officer
    trustee = _menu_bar(signed_in(people["trustee"]))
    assert {"Home", "Portfolio", "Partnerships", "Reports"} <= set(trustee)
    assert "Payments" not in trustee


@pytest.mark.django_db
def test_the_menu_page_lists_every_page_the_role_may_open(people):
    officer = signed_in(people["officer"]).get("/menu/").content.decode()
    for address in (
        "/partnerships/",
        "/ltos/",
        "/neighbourhoods/",
        "/decisions/",
        "/grants/endowment/",
        "/grants/allocations/",
        "/grants/payments/",
        "/plans/",
        "/portfolio/",
        "/reports/",
        "/reports/notifications/",
        "/invitations/",
        "/account/api-tokens/",
        "/accounts/2fa/",
        "/accounts/logout/",
    ):
        assert f'href="{address}"' in officer, address
    resident = signed_in(people["resident"]).get("/menu/").content.decode()
    assert 'href="/plans/"' in resident and 'href="/accounts/logout/"' in resident
    for address in ("/grants/payments/", "/ltos/", "/invitations/", "/account/api-tokens/"):
        assert f'href="{address}"' not in resident, address
    chair = signed_in(people["chair"]).get("/menu/").content.decode()
    assert 'href="/invitations/"' in chair


@pytest.mark.django_db
def test_the_menu_page_is_for_people_signed_in(client):
    response = client.get("/menu/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.django_db
def test_the_menu_bar_collapses_on_a_phone_with_or_without_javascript(people):
    page = signed_in(people["resident"]).get("/").content.decode()
    # With JavaScript, GOV.UK Frontend's toggle opens and closes the list.
    assert re.search(
        r'<button type="button" class="govuk-service-navigation__toggle '
        r'govuk-js-service-navigation-toggle" aria-controls="navigation" hidden',
        page,
    )
    # Without it, a phone shows one link to the menu page instead of the list (app.scss).
    assert re.search(r'<a class="[^"]*cwf-menu-link[^"]*" href="/menu/">Menu</a>', page)
