"""Security headers and the admin's way in."""

import pytest

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
