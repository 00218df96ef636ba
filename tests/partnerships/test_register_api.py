"""/api/v1/neighbourhoods/: read-only, filtered, paginated, for fund-wide roles."""

import pytest
from django.core.management import call_command

from partnerships.models import Neighbourhood
from tests.conftest import signed_in
from tests.factories import PartnershipFactory, Role, user_with_role

from .register_files import register_of, ward

pytestmark = pytest.mark.django_db
URL = "/api/v1/neighbourhoods/"


@pytest.fixture
def register(tmp_path):
    register_of(tmp_path, 30, flagged={ward(1), ward(30)})


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


def test_officers_list_neighbourhoods_with_scores_flags_and_priority(register, officer_client):
    body = officer_client.get(URL, {"ordering": "priority_rank"}).json()
    assert body["count"] == 30
    first = body["results"][0]
    assert first["code"] == ward(1)
    assert (first["imd_rank"], first["imd_decile"], first["cni_rank"]) == (1, 1, 1)
    assert first["left_behind"] is True and first["doubly_disadvantaged"] is True
    assert (first["combined_rank"], first["priority_rank"]) == (2, 1)
    assert first["region"] == "North West" and "cni_engaged_community_decile" in first


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"left_behind": "true"}, [ward(1), ward(30)]),
        ({"doubly_disadvantaged": "true"}, [ward(1), ward(2), ward(3)]),
        ({"imd_decile": "1"}, [ward(1), ward(2), ward(3)]),
        ({"cni_decile_max": "2"}, [ward(n) for n in range(1, 7)]),
        ({"local_authority": "E08000011", "imd_decile": "10"}, [ward(28), ward(29), ward(30)]),
        ({"region": "north west", "search": "Ward 015"}, [ward(15)]),
        ({"region": "London"}, []),
    ],
)
def test_filters(register, officer_client, params, expected):
    assert codes(officer_client.get(URL, params)) == expected


def test_one_neighbourhood_by_code(register, officer_client):
    assert officer_client.get(f"{URL}{ward(7)}/").json()["name"] == "Ward 007"
    assert officer_client.get(f"{URL}E05999999/").status_code == 404


def test_the_query_count_does_not_grow_with_the_page_size(
    register, officer, django_assert_num_queries
):
    client = signed_in(officer)
    client.get(URL)
    with django_assert_num_queries(8):
        assert len(codes(client.get(URL, {"page_size": 5}))) == 5
    with django_assert_num_queries(8):
        assert len(codes(client.get(URL, {"page_size": 30}))) == 30


def test_trustees_read_but_never_write(register):
    client = signed_in(user_with_role(Role.TRUSTEE))
    assert client.get(URL).status_code == 200
    assert client.post(URL, {"code": ward(99)}).status_code in (403, 405)
    assert client.delete(f"{URL}{ward(1)}/").status_code in (403, 405)
    assert Neighbourhood.objects.count() == 30


def test_residents_and_strangers_are_refused(register, client):
    partnership = PartnershipFactory()
    partnership.neighbourhoods.add(Neighbourhood.objects.get(code=ward(1)))
    resident = signed_in(user_with_role(Role.RESIDENT_MEMBER, partnership))
    assert resident.get(URL).status_code == 403
    assert resident.get(f"{URL}{ward(1)}/").status_code == 403
    # Anonymous callers are asked to authenticate (401 with WWW-Authenticate: Bearer).
    assert client.get(URL).status_code == 401


def test_the_openapi_schema_builds_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(target))
    schema = target.read_text()
    assert "/api/v1/neighbourhoods/{code}/" in schema
    assert "doubly_disadvantaged" in schema and "imd_decile_max" in schema
