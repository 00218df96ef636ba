"""The smoke test of the whole stack in a real browser: sign-in, MFA set-up, the home page."""

import re

from playwright.sync_api import expect

from tests.browser.helpers import login, totp_code
from tests.factories import TEST_PASSWORD, Role, give_totp, user_with_role


def test_an_officer_sets_up_mfa_at_first_sign_in_and_reaches_home(page, live_server):
    officer = user_with_role(Role.FUND_OFFICER, full_name="Olu Officer")

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(officer.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # Sent to set up an authenticator app before anything else, without a second password prompt.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    secret = page.locator("#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()

    # The recovery codes are shown once, with a way on.
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()
    assert len(page.locator("#recovery_codes").input_value().split()) == 10
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Olu Officer")
    expect(
        page.get_by_role("listitem").filter(has_text=re.compile("^Fund officer$"))
    ).to_be_visible()


def test_until_mfa_is_set_up_every_page_leads_back_to_set_up(page, live_server):
    trustee = user_with_role(Role.TRUSTEE)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(trustee.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))

    page.goto(f"{live_server.url}/invitations/")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))


def test_a_wrong_code_is_refused_with_an_error_summary(page, live_server):
    officer = user_with_role(Role.FUND_OFFICER)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(officer.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_label("Authenticator code").fill("000000")
    page.get_by_role("button", name="Activate").click()

    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))


def test_someone_with_mfa_enters_their_code_at_sign_in(page, live_server):
    trustee = user_with_role(Role.TRUSTEE, full_name="Tom Trustee")
    give_totp(trustee)

    login(page, live_server, trustee)

    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Tom Trustee")


def test_a_resident_needs_no_mfa_and_goes_straight_home_on_a_phone(
    phone_page, live_server, partnership
):
    resident = user_with_role(Role.RESIDENT_MEMBER, partnership, full_name="Rosa Resident")

    login(phone_page, live_server, resident)

    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Hello, Rosa Resident")
    expect(
        phone_page.get_by_text(f"Resident partnership member of {partnership.name}")
    ).to_be_visible()
    # Nothing on the home page is wider than a phone's screen.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_printed_demo_officer_login_works(page, live_server):
    from io import StringIO

    from django.core.management import call_command

    from cwf.accounts.models import User
    from devtools.demo.accounts import DEMO_PASSWORD

    call_command("seed_demo", stdout=StringIO())
    officer = User.objects.get(email="officer@example.org")

    login(page, live_server, officer, password=DEMO_PASSWORD)  # sets up MFA on the way

    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Olu Officer")
    expect(page.get_by_role("cell", name="Grange Estate Big Local (demo)")).to_be_visible()


def test_page_as_gives_a_signed_in_page_without_javascript(page_as, partnership):
    resident = user_with_role(Role.RESIDENT_MEMBER, partnership, full_name="Rosa Resident")
    page = page_as(resident)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Rosa Resident")
    assert page.evaluate("1 + 1") == 2  # evaluate runs even with page scripts off
    assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")

    signed_out = page_as(None, phone=False)
    signed_out.goto("/")
    expect(signed_out).to_have_url(re.compile(r"/accounts/login/"))
