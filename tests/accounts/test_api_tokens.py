import hashlib

import pytest
from rest_framework.test import APIClient

from cwf.accounts.models import ApiToken
from tests.conftest import signed_in


def _bearer(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def _create_token_through_the_page(user, name="Board spreadsheet") -> tuple[str, object]:
    client = signed_in(user)
    response = client.post("/account/api-tokens/", {"name": name})
    assert response.status_code == 200
    raw = response.context["new_token"]
    return raw, client


@pytest.mark.django_db
def test_a_trustee_creates_a_token_that_is_shown_once_and_stored_hashed(trustee):
    raw, client = _create_token_through_the_page(trustee)
    assert raw.startswith("cwf_")
    token = ApiToken.objects.get(user=trustee)
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(ApiToken.objects.values_list().get())
    # The list page afterwards shows the prefix, never the token.
    page = client.get("/account/api-tokens/").content.decode()
    assert token.prefix in page and raw not in page


@pytest.mark.django_db
def test_the_token_reads_the_api_and_revoking_it_gives_401(trustee):
    raw, client = _create_token_through_the_page(trustee)
    assert _bearer(raw).get("/api/v1/schema/").status_code == 200
    token = ApiToken.objects.get(user=trustee)
    confirm = client.get(f"/account/api-tokens/{token.pk}/revoke/")
    assert b"cannot be undone" in confirm.content
    client.post(f"/account/api-tokens/{token.pk}/revoke/")
    response = _bearer(raw).get("/api/v1/schema/?format=json")
    assert response.status_code == 401
    assert b"revoked" in response.content


@pytest.mark.django_db
def test_an_invalid_token_gets_401():
    response = _bearer("cwf_not-a-real-token").get("/api/v1/schema/")
    assert response.status_code == 401


@pytest.mark.django_db
def test_a_nameless_or_duplicate_token_is_refused_with_the_field_named(trustee):
    client = signed_in(trustee)
    response = client.post("/account/api-tokens/", {"name": "  "})
    assert "name" in response.context["form"].errors
    client.post("/account/api-tokens/", {"name": "Analysis"})
    response = client.post("/account/api-tokens/", {"name": "Analysis"})
    assert "already have a token called" in str(response.context["form"].errors["name"])
    assert ApiToken.objects.filter(user=trustee).count() == 1


@pytest.mark.django_db
def test_partnership_members_cannot_make_tokens(resident):
    response = signed_in(resident).get("/account/api-tokens/")
    assert response.status_code == 403


@pytest.mark.django_db
def test_a_token_reads_the_roles_and_authenticator_of_each_request(trustee):
    """Authentication reads the token, the user, the authenticator app and (on PostgreSQL) the
    roles in one query, afresh at every request: a role removed, or an authenticator reset,
    between two requests counts at the second; a partnership role gives the partnership's
    scope and not the fund's."""
    from allauth.mfa.models import Authenticator

    from cwf.accounts.role_grants import role_grant, role_revoke
    from cwf.accounts.roles import Role
    from cwf.accounts.tokens import api_token_create
    from tests.factories import PartnershipFactory, give_totp

    give_totp(trustee)
    _, raw = api_token_create(user=trustee, name="Analysis")
    summary = "/api/v1/portfolio/summary/"
    first = _bearer(raw).get(summary)
    assert first.status_code == 200, first.content
    role_revoke(user=trustee, roles=[Role.TRUSTEE])
    assert _bearer(raw).get(summary).status_code == 403
    partnership = PartnershipFactory()
    role_grant(
        user=trustee, role=Role.PARTNERSHIP_CHAIR, partnership_id=partnership.pk, by_system=True
    )
    assert _bearer(raw).get("/api/v1/allocations/").status_code == 200
    assert _bearer(raw).get(summary).status_code == 403
    role_grant(user=trustee, role=Role.TRUSTEE, by_system=True)
    assert _bearer(raw).get(summary).status_code == 200
    Authenticator.objects.filter(user=trustee).delete()  # an administrator's reset
    response = _bearer(raw).get(summary)
    assert response.status_code == 403
    assert b"two-factor" in response.content


@pytest.mark.django_db
def test_the_token_query_reads_the_roles_permissions_reads(trustee):
    """The token query's roles (SQL written once, on PostgreSQL) are the roles in force that
    permissions reads itself: a partnership role, a confirmed fund-wide role, and not a
    fund-wide role still waiting for its second person."""
    from cwf.accounts import permissions
    from cwf.accounts.models import User
    from cwf.accounts.role_grants import role_grant
    from cwf.accounts.roles import Role
    from cwf.accounts.tokens import api_token_create
    from tests.factories import PartnershipFactory, give_totp

    give_totp(trustee)
    partnership = PartnershipFactory()
    role_grant(
        user=trustee, role=Role.PARTNERSHIP_CHAIR, partnership_id=partnership.pk, by_system=True
    )
    officer = User.objects.create_user("granter@example.org", password=None, full_name="G")
    role_grant(user=trustee, role=Role.FUND_OFFICER, granted_by=officer)  # not yet confirmed
    _, raw = api_token_create(user=trustee, name="Roles")
    response = _bearer(raw).get("/api/v1/allocations/")
    assert response.status_code == 200
    read_alone = permissions.role_pairs(User.objects.get(pk=trustee.pk))
    assert read_alone == {(Role.TRUSTEE, None), (Role.PARTNERSHIP_CHAIR, partnership.pk)}
    assert response.wsgi_request.user.pk == trustee.pk
    assert permissions.role_pairs(response.wsgi_request.user) == read_alone
