import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import Partnership, PartnershipStatusChange
from partnerships.services import partnerships as services
from tests.conftest import signed_in
from tests.factories import Role, user_with_role
from tests.partnerships import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return f.officer_user(full_name="Olu Officer")


@pytest.fixture
def client_officer(officer):
    return signed_in(officer)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_officer_creates_a_partnership_searching_the_register(client_officer, officer):
    f.neighbourhood("E05001585", "Grange")
    f.neighbourhood("E05001581", "Halton Castle")
    url = reverse("partnerships:partnership_create")
    page = client_officer.post(
        url, {"name": "Grange Big Local", "action": "search", "search": "grange"}
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert "Grange (E05001585), Halton" in body and "Halton Castle" not in body
    assert 'value="Grange Big Local"' in body  # what was typed survives the search
    response = client_officer.post(
        url,
        {
            "name": "Grange Big Local",
            "neighbourhood_codes": "E05001581",
            "pick": ["E05001585"],
            "lead_officer": officer.pk,
            "action": "save",
        },
    )
    made = Partnership.objects.get(name="Grange Big Local")
    assert response.url == reverse("partnerships:partnership_detail", args=[made.pk])
    assert sorted(n.code for n in made.neighbourhoods.all()) == ["E05001581", "E05001585"]


def test_unknown_codes_show_on_the_form(client_officer):
    response = client_officer.post(
        reverse("partnerships:partnership_create"),
        {"name": "X", "neighbourhood_codes": "E05000000", "action": "save"},
    )
    assert response.status_code == 200
    assert "Not in the neighbourhood register: E05000000" in response.content.decode()
    assert not Partnership.objects.exists()


@pytest.mark.parametrize("role", [Role.TRUSTEE, Role.PARTNERSHIP_CHAIR])
def test_only_officers_may_create(role, officer):
    made = f.partnership(officer)
    response = signed_in(user_with_role(role, made)).get(reverse("partnerships:partnership_create"))
    assert response.status_code == 403


def test_the_page_shows_the_rules_and_figures_plainly(client_officer, officer):
    made = f.partnership(officer, residents=4, others=3)
    body = client_officer.get(reverse("partnerships:partnership_detail", args=[made.pk]))
    text = body.content.decode()
    assert "At least 8 voting members" in text and "7 voting members" in text
    assert "Residents hold at least 51% of the voting places" in text
    assert "4 of 7 voting members are residents (57.1%)" in text
    assert "Not ready to be endorsed yet" in text


def test_endorsement_page_refuses_with_the_rule_named(client_officer, officer):
    made = f.partnership(officer, residents=4, others=4)
    url = reverse("partnerships:partnership_endorse", args=[made.pk])
    response = client_officer.post(url, {"mou_signed_on": "01/03/2024"})
    assert response.status_code == 200
    assert "residents hold at least 51% of the voting places" in response.content.decode()
    assert Partnership.objects.get(pk=made.pk).status == "forming"


def test_endorsement_page_endorses_and_records_the_move(client_officer, officer):
    made = f.partnership(officer)
    url = reverse("partnerships:partnership_endorse", args=[made.pk])
    response = client_officer.post(url, {"mou_signed_on": "2024-03-01", "note": "Signed"})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.status == "endorsed" and made.mou_signed_on == datetime.date(2024, 3, 1)
    page = client_officer.get(reverse("partnerships:partnership_detail", args=[made.pk]))
    assert "Forming → Endorsed" in page.content.decode()
    assert "Olu Officer" in page.content.decode()


def test_other_moves_are_confirmed_first(client_officer, officer):
    made = f.partnership(officer, endorse=True)
    url = reverse("partnerships:partnership_transition", args=[made.pk]) + "?to=delivering"
    assert (
        "Mark Grange Estate Partnership as delivering?" in client_officer.get(url).content.decode()
    )
    assert Partnership.objects.get(pk=made.pk).status == "endorsed"
    client_officer.post(url, {"to": "delivering"})
    assert Partnership.objects.get(pk=made.pk).status == "delivering"
    assert PartnershipStatusChange.objects.filter(partnership=made).count() == 2


def test_an_illegal_move_is_refused_on_the_page(client_officer, officer):
    made = f.partnership(officer)
    url = reverse("partnerships:partnership_transition", args=[made.pk])
    response = client_officer.post(url, {"to": "closing"})
    assert response.status_code == 200
    assert "is forming and cannot become closing" in response.content.decode()
    services.partnership_transition(actor=officer, partnership_id=made.pk, target="closed")
    response = client_officer.post(url, {"to": "delivering"})
    assert "it can become: nothing" in response.content.decode()
    assert Partnership.objects.get(pk=made.pk).status == "closed"


def test_the_list_filters_and_its_query_count_does_not_grow(client_officer, officer):
    for n in range(3):
        f.partnership(officer, name=f"Small {n}")
    url = reverse("partnerships:partnership_list")
    few = _queries(client_officer, url)
    for n in range(9):
        f.partnership(officer, name=f"More {n}")
    assert _queries(client_officer, url) == few == 10
    page = client_officer.get(url, {"q": "Small 1"}).content.decode()
    assert "Small 1" in page and "More 2" not in page
    assert "No partnerships match" in client_officer.get(url, {"status": "closed"}).content.decode()


def test_a_trustee_sees_figures_but_no_names(officer):
    made = f.partnership(officer, residents=6, others=2)
    trustee = signed_in(user_with_role(Role.TRUSTEE))
    page = trustee.get(reverse("partnerships:partnership_detail", args=[made.pk])).content.decode()
    assert "6 of 8 voting members are residents (75%)" in page
    assert "Resident 1" not in page and "@example.net" not in page
    assert trustee.get(reverse("partnerships:member_list", args=[made.pk])).status_code == 404
