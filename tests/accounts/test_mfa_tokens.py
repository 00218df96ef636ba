"""Finding 1 of issue 13: a bearer token must not get round MFA. A fund officer whose role needs
two-factor authentication, and who has none (never set up, or removed by an administrator after
the token was made, or the role granted after the token existed), is refused by the API. And
nobody whose role needs MFA can remove their own TOTP."""

import time

import pytest
from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.mfa.models import Authenticator
from rest_framework.test import APIClient

from cwf.accounts.roles import Role
from cwf.accounts.tokens import api_token_create
from grants.models import Allocation
from tests.conftest import signed_in
from tests.factories import give_totp, user_with_role
from tests.grants import scenario

pytestmark = pytest.mark.django_db


def _bearer(user) -> APIClient:
    _token, raw = api_token_create(user=user, name="Spreadsheet")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def _refused(response) -> None:
    assert response.status_code == 403
    assert "two-factor authentication" in response.json()["detail"]


def test_an_officer_without_totp_is_refused_by_token_and_approves_nothing():
    proposer, second = scenario.officers()
    scenario.fund(proposer, "20000000.00")
    allocation = scenario.proposed(proposer)
    api = _bearer(second)  # second never set up TOTP

    _refused(api.get("/api/v1/members/"))
    _refused(api.post(f"/api/v1/allocations/{allocation.pk}/approve/"))
    allocation.refresh_from_db()
    assert allocation.status == Allocation.Status.PROPOSED


def test_a_token_stops_working_when_the_authenticator_is_removed_and_works_again_after():
    officer = user_with_role(Role.FUND_OFFICER)
    give_totp(officer)
    api = _bearer(officer)
    assert api.get("/api/v1/partnerships/").status_code == 200

    Authenticator.objects.filter(user=officer).delete()  # e.g. an administrator reset it
    _refused(api.get("/api/v1/partnerships/"))

    give_totp(officer)
    assert api.get("/api/v1/partnerships/").status_code == 200


def test_a_role_that_needs_mfa_granted_after_the_token_was_made_is_refused(partnership):
    person = user_with_role(Role.RESIDENT_MEMBER, partnership)
    api = _bearer(person)
    assert api.get("/api/v1/partnerships/").status_code == 200
    from cwf.accounts.role_grants import role_grant

    role_grant(user=person, role=Role.TRUSTEE, by_system=True)  # granted and confirmed
    _refused(api.get("/api/v1/partnerships/"))


def _password_just_typed(user):
    """Signed in, with the password typed a moment ago: allauth asks for it again before MFA
    changes, and counts a recent sign-in as that confirmation (AccountAdapter)."""
    client = signed_in(user, mfa=False)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "password", "at": time.time()}]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()
    return client


@pytest.mark.parametrize("role", [Role.FUND_OFFICER, Role.TRUSTEE, Role.ADMIN])
def test_people_whose_role_needs_mfa_cannot_remove_their_totp(role):
    person = user_with_role(role)
    give_totp(person)
    client = _password_just_typed(person)
    page = client.get("/accounts/2fa/totp/deactivate/")
    assert page.status_code == 200
    response = client.post("/accounts/2fa/totp/deactivate/", {})
    assert response.status_code == 200
    assert "Your role needs two-factor authentication" in response.content.decode()
    assert Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists()


def test_people_whose_role_does_not_need_mfa_may_remove_it(partnership):
    resident = user_with_role(Role.RESIDENT_MEMBER, partnership)
    give_totp(resident)
    client = _password_just_typed(resident)
    response = client.post("/accounts/2fa/totp/deactivate/", {})
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=resident, type=Authenticator.Type.TOTP).exists()
