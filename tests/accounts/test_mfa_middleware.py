"""MFA is mandatory for fund-wide roles and staff: until they set it up, every page sends them to
the set-up page. Residents are never asked."""

import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.test import Client

from cwf.accounts.roles import Role
from tests.conftest import signed_in
from tests.factories import TEST_PASSWORD, UserFactory, give_totp, user_with_role

SET_UP = "/accounts/2fa/totp/activate/"


def _without_mfa(user) -> Client:
    return signed_in(user, mfa=False)


def _through_sign_in(user) -> Client:
    """Signed in with the password, as a person does (allauth records it, unlike force_login)."""
    client = Client()
    response = client.post("/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302, response.content
    return client


def _fund_wide_people():
    return {
        "fund officer": user_with_role(Role.FUND_OFFICER),
        "trustee": user_with_role(Role.TRUSTEE),
        "admin role": user_with_role(Role.ADMIN),
        "staff, no role": UserFactory(is_staff=True),
        "superuser, no role": UserFactory(is_staff=True, is_superuser=True),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/invitations/", "/admin/", "/no-such-page/"])
def test_fund_wide_people_without_mfa_are_sent_to_set_it_up_from_any_page(path):
    for who, user in _fund_wide_people().items():
        response = _without_mfa(user).get(path)
        assert response.status_code == 302, who
        assert response.url == SET_UP, who


@pytest.mark.django_db
def test_a_post_is_refused_the_same_way_and_changes_nothing(partnership):
    from cwf.accounts.models import Invitation

    client = _without_mfa(user_with_role(Role.FUND_OFFICER))
    response = client.post(
        "/invitations/",
        {"email": "x@example.org", "role": Role.RESIDENT_MEMBER, "partnership": partnership.pk},
    )
    assert response.url == SET_UP
    assert not Invitation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", [SET_UP, "/accounts/logout/", "/accounts/2fa/", "/health/", "/health/?format=json"]
)
def test_sign_in_pages_mfa_set_up_and_health_stay_reachable(path):
    response = _through_sign_in(user_with_role(Role.TRUSTEE)).get(path)
    assert response.status_code in (200, 503)  # /health/ is 503 with no worker running


@pytest.mark.django_db
def test_straight_after_sign_in_the_set_up_page_asks_for_no_password_again():
    client = _through_sign_in(user_with_role(Role.FUND_OFFICER))
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1] == (SET_UP, 302)
    assert b'id="authenticator_secret"' in response.content
    assert b"Authenticator code" in response.content


@pytest.mark.django_db
def test_an_old_session_must_confirm_the_password_before_changing_mfa():
    # force_login stands for a session whose password sign-in is long past.
    response = _without_mfa(user_with_role(Role.FUND_OFFICER)).get(SET_UP)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/reauthenticate/")


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.RESIDENT_MEMBER, Role.PARTNERSHIP_CHAIR, Role.LTO_FINANCE])
def test_partnership_roles_are_not_asked_for_mfa(role, partnership):
    response = _without_mfa(user_with_role(role, partnership)).get("/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_once_mfa_is_set_up_pages_open():
    for who, user in _fund_wide_people().items():
        give_totp(user)
        assert _without_mfa(user).get("/").status_code == 200, who


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in_not_to_mfa(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.django_db
def test_a_password_typed_more_than_five_minutes_ago_no_longer_counts():
    from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY

    client = _through_sign_in(user_with_role(Role.FUND_OFFICER))
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {**record, "at": record["at"] - 301}
        for record in session[AUTHENTICATION_METHODS_SESSION_KEY]
    ]
    session.save()

    response = client.get(SET_UP)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/reauthenticate/")


@pytest.mark.django_db
def test_on_the_recovery_codes_page_only_continue_is_a_primary_button():
    user = user_with_role(Role.FUND_OFFICER)
    client = _through_sign_in(user)
    give_totp(user)
    RecoveryCodes.activate(user)
    page = client.get("/accounts/2fa/recovery-codes/").content.decode()
    buttons = {
        label.strip(): "secondary" in classes
        for classes, label in re.findall(r'class="(govuk-button[^"]*)"[^>]*>([^<]+)</a>', page)
    }
    assert buttons == {"Download codes": True, "Generate new codes": True, "Continue": False}
