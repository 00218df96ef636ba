"""The register pages as officers, trustees and residents see them."""

import csv
import io

import pytest
from django.urls import reverse

from partnerships.models import Neighbourhood
from tests.conftest import signed_in
from tests.factories import PartnershipFactory, Role, user_with_role

from .register_files import register_of, ward

pytestmark = pytest.mark.django_db
OGL = "Contains public sector information licensed under the"


@pytest.fixture
def register(tmp_path):
    register_of(tmp_path, 20, flagged={ward(1), ward(20)})


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_officers_see_the_register_with_counts_and_the_ogl_line(register, officer_client):
    html = page(officer_client, reverse("neighbourhood_index"))
    assert "20 neighbourhoods." in html
    assert "Ward 001" in html and OGL in html and "Open Government Licence v3.0" in html
    assert "Officially left-behind" in html and "2 wards" in html


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"q": "Ward 007"}, {ward(7)}),
        ({"q": "e05000008"}, {ward(8)}),
        ({"flag": "official"}, {ward(1), ward(20)}),
        ({"flag": "computed"}, {ward(1), ward(2)}),
        ({"flag": "both"}, {ward(1)}),
        ({"flag": "official_only"}, {ward(20)}),
        ({"flag": "computed_only"}, {ward(2)}),
        ({"flag": "eligible"}, {ward(1), ward(2)}),
        ({"imd_decile": "1"}, {ward(1), ward(2)}),
        ({"cni_decile": "10"}, {ward(19), ward(20)}),
        (
            {"region": "North West", "local_authority": "E08000011", "imd_decile": "2"},
            {ward(3), ward(4)},
        ),
        ({"region": "London"}, set()),
    ],
)
def test_the_register_filters(register, officer_client, params, expected):
    response = officer_client.get(reverse("neighbourhood_index"), params)
    shown = {n.code for n in response.context["page"].object_list}
    assert shown == expected
    if not expected:
        assert "No neighbourhoods match these filters." in response.content.decode()


def test_the_register_sorts_and_ignores_nonsense(register, officer_client):
    def order(**params):
        response = officer_client.get(reverse("neighbourhood_index"), params)
        return [n.code for n in response.context["page"].object_list]

    assert order()[:2] == [ward(1), ward(2)]  # priority, least first
    assert order(sort="name")[-1] == ward(20)
    assert order(sort="cni")[0] == ward(1)
    assert len(order(imd_decile="99", sort="nonsense", flag="x")) == 20


def test_the_register_paginates_at_50_with_a_constant_number_of_queries(
    tmp_path, officer, django_assert_num_queries
):
    register_of(tmp_path, 120)
    client = signed_in(officer)
    client.get(reverse("neighbourhood_index"))  # warm the session
    with django_assert_num_queries(10):
        first = client.get(reverse("neighbourhood_index"))
    with django_assert_num_queries(10):
        client.get(reverse("neighbourhood_index"), {"page": 3})
    assert len(first.context["page"].object_list) == 50
    assert "Page 1 of 3" in first.content.decode()


def test_the_empty_register_says_how_to_fill_it(officer_client):
    html = page(officer_client, reverse("neighbourhood_index"))
    assert "The register is empty" in html and "import_imd FILE" in html


def test_a_neighbourhood_page_explains_why_it_ranks_where_it_does(register, officer_client):
    neighbourhood = Neighbourhood.objects.get(code=ward(2))
    partnership = PartnershipFactory(name="Ward Two Together")
    partnership.neighbourhoods.add(neighbourhood)
    html = page(officer_client, reverse("neighbourhood_detail", args=[ward(2)]))
    assert "Its combined need is <strong>4</strong>: IMD rank 2 plus CNI rank 2" in html
    assert '<svg class="cwf-profile-chart"' in html and "England median" in html
    assert "Worst 10% from" in html and "of 20" in html
    assert "Ward Two Together" in html
    assert "Doubly disadvantaged" in html and OGL in html
    assert "cni.csv" in html  # where the figures came from


def test_trustees_read_the_register_priority_list_and_imports(register):
    client = signed_in(user_with_role(Role.TRUSTEE))
    for name in ("neighbourhood_index", "neighbourhood_priority", "register_import_index"):
        assert client.get(reverse(name)).status_code == 200
    assert client.get(reverse("neighbourhood_detail", args=[ward(1)])).status_code == 200
    assert "Import a file" not in page(client, reverse("register_import_index"))
    assert client.get(reverse("register_import_new")).status_code == 403


def test_residents_see_only_their_own_partnerships_neighbourhoods(register):
    mine, theirs = PartnershipFactory(), PartnershipFactory(name="Someone Else's Partnership")
    mine.neighbourhoods.add(Neighbourhood.objects.get(code=ward(5)))
    theirs.neighbourhoods.add(Neighbourhood.objects.get(code=ward(5)))
    client = signed_in(user_with_role(Role.RESIDENT_MEMBER, mine))
    html = page(client, reverse("neighbourhood_detail", args=[ward(5)]))
    assert mine.name in html and "Priority list" not in html
    assert "Someone Else" not in html
    assert client.get(reverse("neighbourhood_detail", args=[ward(6)])).status_code == 404
    for name in (
        "neighbourhood_index",
        "neighbourhood_priority",
        "neighbourhood_priority_csv",
        "register_import_index",
        "register_import_new",
    ):
        assert client.get(reverse(name)).status_code == 404, name


def test_the_priority_list_explains_its_order(register, officer_client):
    response = officer_client.get(reverse("neighbourhood_priority"))
    html = response.content.decode()
    assert [n.code for n in response.context["page"].object_list] == [ward(1), ward(2)]
    assert "Equal sums go to the higher community need (the lower CNI rank)" in html
    everyone = officer_client.get(reverse("neighbourhood_priority"), {"show": "all"})
    assert everyone.context["page"].paginator.count == 20


def test_the_priority_list_exports_as_csv(register, officer_client):
    Neighbourhood.objects.filter(code=ward(2)).update(name="=HYPERLINK(1)")
    response = officer_client.get(reverse("neighbourhood_priority_csv"), {"show": "all"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Priority", "Code", "Name", "Local authority code"]
    assert [row[1] for row in rows[1:4]] == [ward(1), ward(2), ward(3)]
    assert rows[2][2] == "'=HYPERLINK(1)"  # a spreadsheet would run it as a formula
    assert rows[1][6:9] == ["Yes", "Yes", "2"]
    assert len(rows) == 21
