"""Subject access and erasure find a person where they are a co-funder's contact (issue 18's
gap): the contact row itself, its phone number wherever else it was typed, in the export and
gone after erasure."""

import io
import json
import zipfile

import pytest

from grants.models import CoFunderContact, Pledge
from privacy.selectors import places, subject_of
from privacy.services.erasure import erasure_approve, erasure_propose
from privacy.services.export import export_download, export_request
from tests.factories import PartnershipFactory, UserFactory
from tests.grants import scenario
from tests.grants.coinvestment_scenario import co_funder, pledge

NAME, EMAIL, PHONE = "Dawn Reed", "dawn.reed@edcf.example", "0191 496 0001"


@pytest.fixture
def dawn():
    officer, second = scenario.officers()
    funder = co_funder(
        officer, name="East Durham Foundation",
        contacts=[{"name": NAME, "role": "Grants manager", "email": EMAIL, "phone": PHONE}],
    )  # fmt: skip
    pledge(
        officer, funder=funder, partnership=PartnershipFactory(),
        conditions="Ring the grants manager on 0191 496 0001 before each receipt.",
    )  # fmt: skip
    # She has an account on another address (a reviewer's), under the same name.
    return UserFactory(full_name=NAME, email="dawn@home.example"), officer, second


@pytest.mark.django_db(transaction=True)
def test_a_co_funder_contact_is_exported_then_erased(dawn):
    user, officer, second = dawn
    subject = subject_of(user=user)
    assert [c.email for c in subject.co_funder_contacts] == [EMAIL]
    assert PHONE in subject.terms  # found through the contact row, by her name
    found = {place.label for place in places(subject)}
    assert {"grants.CoFunderContact.name", "grants.CoFunderContact.email"} <= found
    assert "grants.Pledge.conditions" in found  # her phone number, typed into the conditions

    request = export_request(actor=officer, user=user)
    archive = zipfile.ZipFile(io.BytesIO(export_download(actor=officer, request_id=request.pk)))
    person = json.loads(archive.read("person.json"))
    assert person["co_funder_contacts"] == [
        {"organisation": "East Durham Foundation", "name": NAME, "role": "Grants manager",
         "email": EMAIL, "phone": PHONE}
    ]  # fmt: skip
    assert "grants.CoFunderContact.phone" in json.loads(archive.read("mentions.json"))

    proposed = erasure_propose(actor=officer, user=user, reason="She asked us to.")
    erasure_approve(actor=second, request_id=proposed.pk)
    contact = CoFunderContact.objects.get()
    assert NAME not in contact.name and contact.email != EMAIL and PHONE not in contact.phone
    assert PHONE not in Pledge.objects.get().conditions
