"""Security headers and the admin's way in."""

import pytest
from django.test import Client

from cwf.accounts.roles import Role
from tests.conftest import signed_in
from tests.factories import TEST_PASSWORD, UserFactory, user_with_role


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/health/", "/"])
def test_responses_carry_a_content_security_policy(client, officer, path):
    response = signed_in(officer).get(path) if path == "/" else client.get(path)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_sign_in_page_needs_no_inline_script(client, db):
    # The policy forbids inline scripts, so no page may rely on one.
    assert b"<script>" not in client.get("/accounts/login/").content


@pytest.mark.django_db
def test_the_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=%2Fadmin%2Flogin%2F"

    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/?next=")
    assert b"Sign in" in response.content


@pytest.mark.django_db
def test_signed_in_people_who_are_not_staff_are_refused_the_admin(partnership):
    for user in (
        user_with_role(Role.FUND_OFFICER),
        user_with_role(Role.RESIDENT_MEMBER, partnership),
    ):
        assert signed_in(user).get("/admin/login/").status_code == 403


@pytest.mark.django_db
def test_staff_with_mfa_reach_the_admin():
    admin = UserFactory(is_staff=True, is_superuser=True)
    assert signed_in(admin).get("/admin/").status_code == 200


@pytest.mark.django_db
def test_failed_sign_ins_are_rate_limited(client):
    user = UserFactory()
    for _ in range(5):
        response = client.post("/accounts/login/", {"login": user.email, "password": "wrong"})
        assert response.status_code == 200
    response = client.post("/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in client.session


def _sign_in(client, user, password=TEST_PASSWORD, **extra):
    return client.post("/accounts/login/", {"login": user.email, "password": password}, **extra)


@pytest.mark.django_db
def test_failed_sign_ins_for_one_account_do_not_lock_out_another_from_the_same_address():
    """Issue 13, finding 5: limits are by account and by address separately. Behind the
    production proxy a whole office shares one address."""
    unlucky, colleague = UserFactory(), UserFactory()
    office = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(5):
        assert _sign_in(office, unlucky, "wrong").status_code == 200
    # The unlucky account is locked, even with its right password ...
    locked = _sign_in(Client(REMOTE_ADDR="203.0.113.7"), unlucky)
    assert b"Too many failed login attempts" in locked.content
    # ... but a colleague at the same address signs in.
    colleague_client = Client(REMOTE_ADDR="203.0.113.7")
    response = _sign_in(colleague_client, colleague)
    assert response.status_code == 302
    assert colleague_client.session["_auth_user_id"] == str(colleague.pk)


@pytest.mark.django_db
def test_many_failures_from_one_address_lock_that_address_only(settings):
    people = [UserFactory() for _ in range(6)]
    attacker = Client(REMOTE_ADDR="198.51.100.9")
    limit = int(settings.ACCOUNT_RATE_LIMITS["login_failed"].split("/")[0])
    for n in range(limit):
        _sign_in(attacker, people[n % 5], "wrong")  # spread over accounts: no account limit
    refused = _sign_in(attacker, people[5])
    assert b"Too many failed login attempts" in refused.content
    elsewhere = Client(REMOTE_ADDR="192.0.2.44")
    assert _sign_in(elsewhere, people[5]).status_code == 302


@pytest.mark.django_db
def test_behind_the_proxy_each_client_address_is_limited_on_its_own(settings):
    """Production trusts the proxy's X-Forwarded-For (ALLAUTH_TRUSTED_PROXY_COUNT), so the
    clients behind it are told apart."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    people = [UserFactory() for _ in range(6)]
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    limit = int(settings.ACCOUNT_RATE_LIMITS["login_failed"].split("/")[0])
    attacker = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.9")
    for n in range(limit):
        _sign_in(attacker, people[n % 5], "wrong")
    assert b"Too many failed" in _sign_in(attacker, people[5]).content
    someone_else = Client(**proxy, HTTP_X_FORWARDED_FOR="192.0.2.44")
    assert _sign_in(someone_else, people[5]).status_code == 302
