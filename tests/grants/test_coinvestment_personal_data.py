"""Co-funders' contacts are people (issue 18): officers, who keep in touch with the co-funder,
see their names, e-mail addresses and phone numbers; trustees read the co-funder and its
pledges, not its contacts, as with an LTO's contacts (partnerships.selectors.lto_contact_list)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import signed_in
from tests.factories import Role, give_totp, user_with_role
from tests.grants import scenario
from tests.grants.coinvestment_scenario import co_funder

pytestmark = pytest.mark.django_db

CONTACT = {"name": "Dawn Reed", "role": "Grants manager", "email": "dawn.reed@edcf.example",
           "phone": "0191 496 0001"}  # fmt: skip


@pytest.fixture
def funder():
    officer, _ = scenario.officers()
    return officer, co_funder(officer, name="East Durham Foundation", contacts=[CONTACT])


def test_a_trustee_reads_the_co_funder_without_its_contacts(funder):
    officer, cf = funder
    url = reverse("grants:co_funder_detail", args=[cf.pk])
    seen = signed_in(officer).get(url).content.decode()
    assert all(CONTACT[k] in seen for k in ("name", "email", "phone"))
    page = signed_in(user_with_role(Role.TRUSTEE)).get(url)
    body = page.content.decode()
    assert page.status_code == 200 and "East Durham Foundation" in body
    assert not any(CONTACT[k] in body for k in ("name", "email", "phone"))


def test_no_contact_reaches_the_api(funder):
    from django.test import Client

    from cwf.accounts.tokens import api_token_create

    trustee = user_with_role(Role.TRUSTEE)
    give_totp(trustee)
    _, raw = api_token_create(user=trustee, name="board")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    for path in ("/api/v1/co-funders/", f"/api/v1/co-funders/{funder[1].pk}/", "/api/v1/pledges/"):
        body = client.get(path).content.decode()
        assert not any(CONTACT[k] in body for k in ("name", "email", "phone")), path
