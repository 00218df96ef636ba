"""Issue 13, finding 4, in a real browser: an invited fund officer follows the e-mailed link,
signs up, sets up TOTP and reaches a working home page. Invitations to fund-wide roles are
confirmed by a second officer before they are sent (finding 3), so the journey starts there."""

import re

from django.core import mail
from playwright.sync_api import expect

from cwf.accounts import invitations
from tests.browser.helpers import login, set_up_mfa
from tests.factories import Role, give_totp, user_with_role

LINK = re.compile(r"https?://[^/\s]+(/join/[^/\s]+/)")
PASSWORD = "a-long-new-password-2026"


def test_an_invited_officer_goes_from_the_email_link_to_home_with_totp(page, live_server):
    inviter = user_with_role(Role.FUND_OFFICER, full_name="Olu Officer")
    second = user_with_role(Role.FUND_OFFICER, full_name="Priya Second")
    give_totp(second)
    invitations.invitation_create(
        actor=inviter,
        email="nia.new@example.org",
        full_name="Nia Newcomer",
        role=Role.FUND_OFFICER,
    )
    assert not [m for m in mail.outbox if m.to == ["nia.new@example.org"]]

    # The second officer sees the invitation waiting on the Invitations page and confirms it.
    login(page, live_server, second)
    page.goto(f"{live_server.url}/invitations/")
    page.get_by_role("link", name=re.compile("Confirm or refuse")).click()
    expect(page.get_by_text("Olu Officer invited nia.new@example.org")).to_be_visible()
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("The invitation was sent to nia.new@example.org")).to_be_visible()
    page.context.clear_cookies()

    # The invitee follows the link in the e-mail.
    [message] = [m for m in mail.outbox if m.to == ["nia.new@example.org"]]
    page.goto(live_server.url + LINK.search(message.body).group(1))
    expect(page).to_have_url(re.compile(r"/accounts/signup/"))
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label(re.compile("Password \\(again\\)")).fill(PASSWORD)
    page.get_by_role("button", name="Create your account").click()

    # Straight on to set up the authenticator app: no "verify your address" dead end, and no
    # second password prompt.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    set_up_mfa(page)
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Nia Newcomer")
    expect(
        page.get_by_role("listitem").filter(has_text=re.compile("^Fund officer$"))
    ).to_be_visible()
    # A working home page: the officer's own pages open.
    page.goto(f"{live_server.url}/grants/allocations/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "/accounts/" not in page.url
