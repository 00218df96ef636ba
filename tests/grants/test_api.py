"""The grants API: scoped reads, filters, constant query counts, four eyes on approval."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cwf.accounts.roles import Role
from grants.models import Allocation
from grants.services.disbursement import tranches_release_due
from tests.conftest import signed_in
from tests.factories import user_with_role
from tests.grants import scenario
from tests.grants.helpers import written

pytestmark = pytest.mark.django_db

# On PostgreSQL the API lists are cached by the portfolio versions (issue 21,
# cwf.core.api.VersionCachedList): one more query reads them.
VERSIONS_READ = 1 if connection.vendor == "postgresql" else 0


@pytest.fixture
def officers():
    officers = scenario.officers()
    scenario.fund(officers[0], "20000000.00")
    return officers


def test_allocations_with_their_released_and_paid_totals(officers):
    allocation = scenario.active(*officers, amount="1000000.00")
    tranches_release_due(today=date(2025, 4, 1))
    body = signed_in(user_with_role(Role.TRUSTEE)).get("/api/v1/allocations/").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["id"] == allocation.pk
    assert row["partnership"] == {
        "id": allocation.partnership_id,
        "name": allocation.partnership.name,
    }
    assert (row["amount"], row["management_contribution"]) == ("1000000.00", "50000.00")
    assert (row["released"], row["paid"], row["status"]) == ("210000.00", "0.00", "active")


def test_ledger_balances_per_allocation(officers):
    allocation = scenario.active(*officers, amount="1000000.00")
    tranches_release_due(today=date(2024, 4, 1))
    client = signed_in(officers[0])
    body = client.get(f"/api/v1/allocations/{allocation.pk}/balances/").json()
    assert body["accounts"] == {
        "commitment": "900000.00",
        "management_contribution": "45000.00",
        "payable": "105000.00",
    }
    assert (body["committed_unreleased"], body["released_unpaid"]) == ("945000.00", "105000.00")
    listed = client.get("/api/v1/allocation-balances/").json()
    assert listed["results"][0]["accounts"] == body["accounts"]


def test_a_tranche_row_and_its_detail_say_the_same(officers):
    allocation = scenario.active(*officers, amount="1000000.00")
    tranches_release_due(today=date(2024, 4, 1))
    client = signed_in(user_with_role(Role.TRUSTEE))
    row = client.get("/api/v1/tranches/?status=released").json()["results"][0]
    assert row["partnership"] == {
        "id": allocation.partnership_id,
        "name": allocation.partnership.name,
    }
    assert row["allocation"] == allocation.pk and row["sequence"] == 1
    assert (row["amount"], row["management_contribution"], row["total"]) == (
        "100000.00", "5000.00", "105000.00",
    )  # fmt: skip
    assert (row["due_on"], row["released_on"], row["paid_on"]) == ("2024-04-01", "2024-04-01", None)
    assert row["payment_reference"].startswith(f"CWF-{allocation.pk:05d}")
    assert (row["status"], row["receipt_confirmed"], row["bank_reference"]) == (
        "released",
        False,
        "",
    )
    assert client.get(f"/api/v1/tranches/{row['id']}/").json() == row
    second = client.get("/api/v1/tranches/?page_size=1&page=2").json()
    assert second["count"] == 10 and second["previous"] and second["next"]
    assert [r["sequence"] for r in second["results"]] == [2]
    assert client.get("/api/v1/tranches/999999/").status_code == 404


def test_tranche_filters(officers):
    first = scenario.active(*officers, amount="1000000.00")
    scenario.active(*officers, amount="1000000.00", starts_on=date(2025, 1, 1))
    tranches_release_due(today=date(2025, 6, 1))
    client = signed_in(officers[0])
    released = client.get("/api/v1/tranches/?status=released").json()
    assert released["count"] == 3
    assert {r["payment_reference"][:9] for r in released["results"]} >= {f"CWF-{first.pk:05d}"}
    window = client.get("/api/v1/tranches/?due_after=2025-01-01&due_before=2025-12-31")
    assert [r["due_on"] for r in window.json()["results"]] == ["2025-01-01", "2025-04-01"]
    mine = client.get(f"/api/v1/tranches/?partnership={first.partnership_id}").json()
    assert mine["count"] == 10
    assert {r["partnership"]["id"] for r in mine["results"]} == {first.partnership_id}


def test_the_endowment_summary(officers):
    scenario.active(*officers, amount="1000000.00")
    body = signed_in(user_with_role(Role.TRUSTEE)).get("/api/v1/endowment/").json()
    assert body["capital"] == "20000000.00"
    assert body["uncommitted"] == "18950000.00"
    assert body["committed_unreleased"] == "1050000.00"
    assert body["balances"] is True
    assert body["capital_by_source"][0] == {"source": "Dormant assets", "amount": "20000000.00"}


def test_partnership_users_see_only_their_own(officers):
    mine = scenario.active(*officers)
    scenario.active(*officers)
    client = signed_in(user_with_role(Role.PARTNERSHIP_CHAIR, mine.partnership))
    assert [a["id"] for a in client.get("/api/v1/allocations/").json()["results"]] == [mine.pk]
    assert client.get("/api/v1/tranches/").json()["count"] == 10
    assert client.get("/api/v1/endowment/").status_code == 403


def test_four_eyes_through_the_api(officers):
    allocation = scenario.proposed(officers[0])
    before = written()
    response = signed_in(officers[0]).post(f"/api/v1/allocations/{allocation.pk}/approve/")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "You proposed this allocation, so a different officer must approve it."
    }
    trustee = signed_in(user_with_role(Role.TRUSTEE))
    assert trustee.post(f"/api/v1/allocations/{allocation.pk}/approve/").status_code == 403
    assert written() == before
    response = signed_in(officers[1]).post(f"/api/v1/allocations/{allocation.pk}/approve/")
    assert response.status_code == 200
    assert response.json()["status"] == Allocation.Status.APPROVED


def _count(client, path) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries), len(response.json()["results"])


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/api/v1/allocations/", 9 + VERSIONS_READ),
        ("/api/v1/allocation-balances/", 9 + VERSIONS_READ),
        ("/api/v1/tranches/", 8 + VERSIONS_READ),
    ],
)
def test_list_query_counts_do_not_grow_with_the_page_size(officers, path, expected):
    for _ in range(6):
        scenario.active(*officers)
    tranches_release_due(today=date(2026, 4, 1))
    client = signed_in(officers[0])
    client.get(path)
    small, small_rows = _count(client, f"{path}?page_size=2")
    large, large_rows = _count(client, f"{path}?page_size=50")
    assert (small_rows, large_rows) == (2, 6 if "tranches" not in path else 50)
    assert small == large == expected


def test_the_openapi_schema_builds_without_warnings(tmp_path):
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", tmp_path / "s.yml")
    schema = (tmp_path / "s.yml").read_text()
    for path in (
        "/api/v1/allocations/",
        "/api/v1/allocations/{allocation_pk}/balances/",
        "/api/v1/allocation-balances/",
        "/api/v1/tranches/",
        "/api/v1/endowment/",
    ):
        assert f"{path}:" in schema
