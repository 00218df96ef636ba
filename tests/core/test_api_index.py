"""Issue 13, also close: /api/v1/ answers with an index of the API, the schema matches what the
endpoints return, every operation documents its 400, 401, 403, 404 and 429 answers, and bad
query values are 400s that say what was wrong, never 500s."""

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from tests.conftest import signed_in
from tests.reporting.report_scenario import World

pytestmark = pytest.mark.django_db


def test_the_index_lists_every_endpoint_and_each_answers(officer):
    client = signed_in(officer)
    response = client.get("/api/v1/")
    assert response.status_code == 200
    body = response.json()
    assert body["documentation"].endswith("/api/v1/docs/")
    assert body["schema"].endswith("/api/v1/schema/")
    assert "Bearer" in body["authentication"]
    endpoints = body["endpoints"]
    for name in ("allocations", "partnerships", "reporting-compliance", "portfolio/summary"):
        assert name in endpoints, name
    for name, url in endpoints.items():
        assert client.get(url).status_code == 200, name


def test_the_index_asks_strangers_to_authenticate():
    response = Client().get("/api/v1/")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_an_unknown_address_under_the_api_is_a_json_404(officer):
    client = signed_in(officer)
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "/api/v1/" in response.json()["detail"]
    assert client.get("/api/v1/allocations/not-a-number/").status_code == 404
    # An endpoint without its trailing slash is redirected, as elsewhere.
    moved = client.get("/api/v1/allocations?status=active")
    assert (moved.status_code, moved.url) == (301, "/api/v1/allocations/?status=active")


def test_every_operation_documents_its_error_answers():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            assert {"400", "401", "403", "404", "429"} <= codes, (method, path)
    assert set(schema["components"]["schemas"]["Error"]["properties"]) == {"detail", "field"}


def test_reporting_compliance_is_a_paginated_list_as_the_schema_says(officer):
    World().first_report()  # a report whose due date has passed
    schema = SchemaGenerator().get_schema(request=None, public=True)
    ok = schema["paths"]["/api/v1/reporting-compliance/"]["get"]["responses"]["200"]
    page = ok["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert schema["components"]["schemas"][page]["type"] == "object"
    body = signed_in(officer).get("/api/v1/reporting-compliance/").json()
    assert isinstance(body, dict) and body["count"] == 1
    assert {"partnership", "on_time_rate"} <= set(body["results"][0])


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/allocations/?partnership=-1.7976931348623157e%2B308", "partnership"),
        ("/api/v1/tranches/?allocation=99999999999999999999999", "allocation"),
        ("/api/v1/spend-by-theme/?year=0", "year"),
        ("/api/v1/spend-by-theme/?year=-99999999999", "year"),
        ("/api/v1/neighbourhoods/?imd_decile=11", "imd_decile"),
        ("/api/v1/portfolio/partnerships/?cni_decile=1e400", "cni_decile"),
        ("/api/v1/partnerships/?page_size=null", "page_size"),
        ("/api/v1/decisions/?page_size=0", "page_size"),
    ],
)
def test_bad_query_values_are_400s_that_name_the_field(officer, path, field):
    response = signed_in(officer).get(path)
    assert response.status_code == 400, response.content[:300]
    assert field in response.json()


def test_an_error_given_as_a_list_is_still_an_object(officer):
    response = signed_in(officer).get("/api/v1/spending-plans/?search=%00")
    assert response.status_code == 400
    assert isinstance(response.json(), dict) and response.json()["detail"]
