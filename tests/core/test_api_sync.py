"""An API an analyst can sync from (issue 25, finding 7): every read refuses a parameter it does
not know, carries an ETag, and every record says when it last changed; a client generated from
the schema reads every list and every answer matches the schema; an incremental pull with
`updated_after` gets exactly what changed."""

from __future__ import annotations

from datetime import date

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from schemathesis.specs.openapi.checks import ignored_auth

from grants.services.spending import SpendInput, spend_log, spend_reverse
from reporting.models import QuarterlyReport
from reporting.services import reports as report_services
from reporting.services.periods import report_periods_create
from tests.conftest import signed_in
from tests.factories import Role, user_with_role
from tests.grants.plan_scenario import drafted, setup_partnership, with_money_received
from tests.partnerships import factories as pf
from tests.reporting.report_scenario import COMPLETE

pytestmark = pytest.mark.django_db

# Records of the API's own objects: each says when it last changed and can be pulled by it.
RECORD_LISTS = [
    "/api/v1/partnerships/",
    "/api/v1/decisions/",
    "/api/v1/members/",
    "/api/v1/neighbourhoods/",
    "/api/v1/allocations/",
    "/api/v1/tranches/",
    "/api/v1/spending-plans/",
    "/api/v1/spends/",
    "/api/v1/reports/",
]


@pytest.fixture
def world():
    s = with_money_received(setup_partnership())
    theme = next(iter(s["themes"].values()))
    for day in (1, 2, 3):
        spend_log(
            partnership_id=s["partnership"].pk,
            actor=s["resident"],
            data=SpendInput(date(2024, 6, day), "10.00", "Payee Ltd", "Hall hire", theme.pk),
        )
    drafted(s)
    report_periods_create(today=date(2025, 1, 10))
    pf.neighbourhood("E05000001")
    pf.add_members(s["officer"], s["partnership"], residents=5, others=2)
    pf.decision(s["officer"], pf.meeting_with_attendance(s["officer"], s["partnership"]))
    assert QuarterlyReport.objects.filter(partnership=s["partnership"]).count() >= 2
    return s


def _get_operations(client) -> list[str]:
    schema = client.get("/api/v1/schema/?format=json").json()
    return sorted(
        path
        for path, item in schema["paths"].items()
        if "get" in item and "{" not in path and path != "/api/v1/schema/"
    )


def test_every_read_refuses_an_unknown_parameter_and_names_it(world):
    officer = signed_in(world["officer"])
    paths = _get_operations(officer)
    assert "/api/v1/reporting-compliance/" in paths and len(paths) >= 15
    for path in paths:
        response = officer.get(path, {"updated_since": "2030-01-01"})
        assert response.status_code == 400, path
        body = response.json()
        assert "updated_since" in body["detail"], path
        assert "Unknown parameter" in body["updated_since"][0], path
    # An old name of a date filter says what it is called now.
    answer = officer.get("/api/v1/tranches/", {"due_on_after": "2024-01-01"}).json()
    assert "Did you mean due_after?" in answer["due_on_after"][0]


def test_every_read_has_an_etag_and_answers_if_none_match_with_304(world):
    officer = signed_in(world["officer"])
    schema = officer.get("/api/v1/schema/?format=json").json()
    for path, item in schema["paths"].items():
        if "get" in item:
            assert "304" in item["get"]["responses"], path
            assert "ETag" in item["get"]["responses"]["200"]["headers"], path
    for path in _get_operations(officer):
        first = officer.get(path)
        assert first.status_code == 200, path
        etag = first["ETag"]
        assert etag.startswith('"'), path
        again = officer.get(path, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304, path
        assert again.content == b""
    # A change gives a new ETag.
    before = officer.get("/api/v1/spends/")["ETag"]
    spend_reverse(
        spend_id=world["partnership"].spends.order_by("pk").first().pk,
        actor=world["resident"],
        reason="Logged twice",
    )
    assert officer.get("/api/v1/spends/", HTTP_IF_NONE_MATCH=before).status_code == 200


def test_every_record_says_when_it_changed_and_refers_to_its_partnership_one_way(world):
    officer = signed_in(world["officer"])
    partnership = world["partnership"]
    for path in RECORD_LISTS:
        rows = officer.get(path).json()["results"]
        assert rows, path
        for row in rows:
            assert row["updated_at"], path
            if "partnership" in row:
                assert row["partnership"] == {"id": partnership.pk, "name": partnership.name}


def test_reporting_compliance_honours_partnership_and_is_the_list_its_schema_says(world):
    other = with_money_received(setup_partnership())
    report_periods_create(today=date(2025, 1, 10))
    officer = signed_in(world["officer"])
    everyone = officer.get("/api/v1/reporting-compliance/").json()
    assert everyone["count"] == 2
    one = officer.get(
        "/api/v1/reporting-compliance/", {"partnership": other["partnership"].pk}
    ).json()
    assert [row["partnership"] for row in one["results"]] == [
        {"id": other["partnership"].pk, "name": other["partnership"].name}
    ]
    row = one["results"][0]
    assert row["due"] >= 1 and row["on_time"] == 0
    assert row["on_time_rate"] == 0.0  # a decimal fraction, like every rate


def test_incremental_sync_gets_exactly_the_spend_and_the_report_that_changed(world):
    officer = signed_in(world["officer"])
    # Pull everything, and note the newest change seen.
    pulled = {path: officer.get(path).json()["results"] for path in RECORD_LISTS}
    spends, reports = pulled["/api/v1/spends/"], pulled["/api/v1/reports/"]
    assert len(spends) == 3 and len(reports) >= 2
    newest = max(row["updated_at"] for rows in pulled.values() for row in rows)

    # One spend is corrected (a reversal: a logged spend never changes) and one report drafted.
    reversal = spend_reverse(
        spend_id=spends[0]["id"], actor=world["resident"], reason="Logged twice"
    )
    report = QuarterlyReport.objects.filter(partnership=world["partnership"]).order_by("pk")[0]
    report_services.report_save_draft(report_id=report.pk, actor=world["chair"], narrative=COMPLETE)

    changed_spends = officer.get("/api/v1/spends/", {"updated_after": newest}).json()
    changed_reports = officer.get("/api/v1/reports/", {"updated_after": newest}).json()
    assert [row["id"] for row in changed_spends["results"]] == [reversal.pk]
    assert [row["id"] for row in changed_reports["results"]] == [report.pk]
    # Nothing else anywhere has changed since.
    for path in RECORD_LISTS:
        if path not in ("/api/v1/spends/", "/api/v1/reports/"):
            assert officer.get(path, {"updated_after": newest}).json()["count"] == 0, path


@pytest.fixture
def connections_kept():
    """A real WSGI handler closes the database connection after each request (Django's test
    client does not): on PostgreSQL that would end the test's transaction mid-test."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_a_client_generated_from_the_schema_reads_every_list_as_documented(world, connections_kept):
    """schemathesis builds each operation from the schema (as a generated client would) and
    checks the answer's status, content type and body against the schema."""
    officer = signed_in(world["officer"])
    trustee = signed_in(user_with_role(Role.TRUSTEE))
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    called = 0
    for client in (officer, trustee):
        cookie = {name: morsel.value for name, morsel in client.cookies.items()}
        for result in schema.get_all_operations():
            operation = result.ok()
            if operation.method.upper() != "GET" or "{" in operation.path:
                continue
            case = operation.Case()
            response = case.call(cookies=cookie)
            assert response.status_code in (200, 403), (operation.path, response.text)
            # ignored_auth re-sends without the cookie, but the WSGI client keeps its cookie jar;
            # authentication has its own tests (tests/accounts/test_api_tokens.py).
            case.validate_response(response, excluded_checks=[ignored_auth])
            called += 1
    assert called >= 30
