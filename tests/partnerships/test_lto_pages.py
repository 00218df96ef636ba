import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import Lto, PartnershipLto
from partnerships.services import ltos
from tests.conftest import signed_in
from tests.factories import Role, user_with_role
from tests.partnerships import factories as f

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Grange Community Trust",
    "charity_number": "1164883",
    "company_number": "09876543",
    "address": "1 High Street",
    "supplier_reference": "SUP-1",
    "due_diligence_status": "passed",
    "due_diligence_date": "2025-02-01",
}


@pytest.fixture
def officer():
    return f.officer_user()


@pytest.fixture
def client_officer(officer):
    return signed_in(officer)


def test_officer_adds_an_lto_shown_with_org_ids(client_officer):
    response = client_officer.post(reverse("ltos:lto_create"), FORM)
    lto = Lto.objects.get()
    assert response.url == reverse("ltos:lto_detail", args=[lto.pk])
    page = client_officer.get(response.url).content.decode()
    assert "GB-CHC-1164883" in page and "GB-COH-09876543" in page
    assert "Passed on 1 Feb 2025" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("charity_number", "12-34", "is not valid. Enter a charity number"),
        ("company_number", "ABC", "is not valid. Enter a company number"),
        ("due_diligence_date", "", "Enter the date due diligence was passed or failed"),
    ],
)
def test_bad_numbers_get_a_clear_message(client_officer, field, value, message):
    response = client_officer.post(reverse("ltos:lto_create"), {**FORM, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Lto.objects.exists()


def test_the_register_searches_by_org_id_and_paginates_with_fixed_queries(client_officer, officer):
    url = reverse("ltos:lto_list")
    for n in range(3):
        f.lto(officer, name=f"Trust {n}")
    with CaptureQueriesContext(connection) as few:
        client_officer.get(url)
    for n in range(10):
        f.lto(officer, name=f"More Trust {n}")
    with CaptureQueriesContext(connection) as many:
        client_officer.get(url)
    assert len(few) == len(many) == 9
    target = Lto.objects.get(name="Trust 1")
    page = client_officer.get(url, {"q": f"GB-CHC-{target.charity_number}"}).content.decode()
    assert "Trust 1" in page and "Trust 2" not in page


def test_trustees_see_the_register_but_not_contacts(officer):
    lto = f.lto(officer)
    ltos.lto_contact_save(actor=officer, lto_id=lto.pk, name="Sam Whitfield", email="s@t.test")
    trustee = signed_in(user_with_role(Role.TRUSTEE))
    assert "Halton Community Trust" in trustee.get(reverse("ltos:lto_list")).content.decode()
    page = trustee.get(reverse("ltos:lto_detail", args=[lto.pk])).content.decode()
    assert "Halton Community Trust" in page and "Sam Whitfield" not in page
    assert trustee.get(reverse("ltos:lto_edit", args=[lto.pk])).status_code == 403


def test_partnership_users_see_only_their_own_lto(officer):
    made = f.partnership(officer)
    own = made.active_lto_link().lto
    other = f.lto(officer, name="Elsewhere Trust")
    ltos.lto_contact_save(actor=officer, lto_id=own.pk, name="Sam Whitfield")
    chair = signed_in(user_with_role(Role.PARTNERSHIP_CHAIR, made))
    page = chair.get(reverse("ltos:lto_detail", args=[own.pk])).content.decode()
    assert own.name in page and "Sam Whitfield" in page
    assert chair.get(reverse("ltos:lto_detail", args=[other.pk])).status_code == 404
    assert "Elsewhere Trust" not in chair.get(reverse("ltos:lto_list")).content.decode()


def test_linking_a_new_lto_ends_the_old_link_on_the_page(client_officer, officer):
    made = f.partnership(officer)
    new = f.lto(officer, name="New Trust")
    url = reverse("partnerships:lto_link", args=[made.pk])
    assert "Its link ends the day before" in client_officer.get(url).content.decode()
    client_officer.post(url, {"lto": new.pk, "starts_on": "2025-04-01"})
    links = PartnershipLto.objects.filter(partnership=made).order_by("starts_on")
    assert [str(link.ends_on) for link in links] == ["2025-03-31", "None"]
    page = client_officer.get(reverse("partnerships:partnership_detail", args=[made.pk]))
    assert "LTO history" in page.content.decode()


def test_contacts_are_added_changed_and_removed_after_confirmation(client_officer, officer):
    lto = f.lto(officer)
    client_officer.post(
        reverse("ltos:lto_contact_create", args=[lto.pk]),
        {"name": "Sam Whitfield", "role": "Finance", "email": "sam@trust.test"},
    )
    contact = lto.contacts.get()
    remove = reverse("ltos:lto_contact_remove", args=[lto.pk, contact.pk])
    assert "Remove Sam Whitfield" in client_officer.get(remove).content.decode()
    assert lto.contacts.exists()
    client_officer.post(remove)
    assert not lto.contacts.exists()
