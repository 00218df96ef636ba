"""The pages: the privacy page from the register in every footer, a person downloading their
own data once, and an erasure proposed by one officer and approved by another."""

import io
import json
import zipfile

import pytest
from django.test import Client

from cwf.accounts.roles import Role
from privacy.models import PrivacyRequest
from privacy.register import PERSONAL
from tests.conftest import signed_in
from tests.factories import user_with_role


@pytest.mark.django_db
def test_the_privacy_page_lists_the_register_and_every_page_links_to_it():
    page = Client().get("/privacy/")
    text = page.content.decode()
    assert page.status_code == 200
    for held in PERSONAL.values():
        assert held.what.replace("'", "&#x27;") in text
    assert "privacy@" in text
    home = Client().get("/accounts/login/").content.decode()
    assert 'href="/privacy/">Privacy</a>' in home


@pytest.mark.django_db
def test_the_privacy_contact_is_the_funds_own_from_its_settings(settings):
    settings.PRIVACY_CONTACT_NAME = "Dana Protection, the fund's data protection officer"
    settings.PRIVACY_CONTACT_EMAIL = "dpo@fund.example.org"
    text = Client().get("/privacy/").content.decode()
    assert "contact Dana Protection, the fund&#x27;s data protection officer, at " in text
    assert '<a class="govuk-link" href="mailto:dpo@fund.example.org">dpo@fund.example.org</a>' in (
        text
    )
    assert "communitywealthfund.example" not in text


@pytest.mark.django_db
def test_a_person_downloads_their_own_data_once(partnership, django_capture_on_commit_callbacks):
    person = user_with_role(Role.RESIDENT_MEMBER, partnership, full_name="Sam Example")
    client = signed_in(person)
    with django_capture_on_commit_callbacks() as queued:
        response = client.post("/privacy/requests/", {"action": "mine"})
    made = PrivacyRequest.objects.get()
    assert response.url == f"/privacy/requests/{made.pk}/"
    waiting = client.get(response.url).content.decode()
    assert "Queued" in waiting
    assert "refreshes itself" in waiting
    for build in queued:
        build()  # the worker builds it
    assert "Ready to download" in client.get(response.url).content.decode()
    download = client.post(f"/privacy/requests/{made.pk}/download/")
    person_json = json.loads(zipfile.ZipFile(io.BytesIO(download.content)).read("person.json"))
    assert person_json["account"]["full_name"] == "Sam Example"
    again = client.post(f"/privacy/requests/{made.pk}/download/", follow=True)
    assert "downloaded already" in again.content.decode()
    assert "Downloaded" in client.get(f"/privacy/requests/{made.pk}/").content.decode()


@pytest.mark.django_db
def test_someone_else_cannot_see_or_ask_for_anothers_data(partnership):
    person = user_with_role(Role.RESIDENT_MEMBER, partnership)
    other = user_with_role(Role.RESIDENT_MEMBER, partnership)
    signed_in(person).post("/privacy/requests/", {"action": "mine"})
    made = PrivacyRequest.objects.get()
    assert signed_in(other).get(f"/privacy/requests/{made.pk}/").status_code == 404
    assert signed_in(other).post(f"/privacy/requests/{made.pk}/download/").status_code == 404
    # A non-officer gets no form for anyone else.
    assert "For someone else" not in signed_in(other).get("/privacy/requests/").content.decode()


@pytest.mark.django_db
def test_erasure_shows_why_it_is_refused_and_needs_a_second_officer(partnership):
    officer = user_with_role(Role.FUND_OFFICER)
    second = user_with_role(Role.FUND_OFFICER)
    person = user_with_role(Role.RESIDENT_MEMBER, partnership, email="sam@example.org")
    client = signed_in(officer)
    refused = client.post(
        "/privacy/requests/", {"action": "erase", "email": "sam@example.org", "reason": "Asked"}
    )
    assert "Take the role away first" in refused.content.decode()
    person.role_assignments.all().delete()
    no_reason = client.post("/privacy/requests/", {"action": "erase", "email": "sam@example.org"})
    assert "Say why" in no_reason.content.decode()
    proposed = client.post(
        "/privacy/requests/", {"action": "erase", "email": "sam@example.org", "reason": "Asked"}
    )
    made = PrivacyRequest.objects.get(kind="erasure")
    page = client.get(proposed.url).content.decode()
    assert "Waiting for a second officer" in page
    assert "Approve and erase now" not in page  # not for the officer who proposed it
    approved = signed_in(second).post(f"/privacy/requests/{made.pk}/approve/", follow=True)
    assert f"Former member {made.pk}" in approved.content.decode()
    person.refresh_from_db()
    assert person.email == f"former-member-{made.pk}@erased.invalid"
    assert not person.is_active
