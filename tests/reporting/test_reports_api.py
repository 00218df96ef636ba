"""The read-only reports API: scoped, outcomes and spend only once accepted, compliance figures,
and a query count that does not grow with the page size."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection

from reporting.models import QuarterlyReport
from reporting.selectors.reports import overdue_reports, reporting_compliance
from reporting.services import periods
from reporting.services import report_reviews as decisions
from reporting.services import reports as services
from reporting.services.periods import report_periods_create
from tests.conftest import signed_in
from tests.factories import Role, user_with_role
from tests.reporting.report_scenario import COMPLETE, World

pytestmark = pytest.mark.django_db

# On PostgreSQL the API lists are cached by the portfolio versions (issue 21,
# cwf.core.api.VersionCachedList): one more query reads them.
VERSIONS_READ = 1 if connection.vendor == "postgresql" else 0


@pytest.fixture
def world():
    w = World()
    report = w.first_report()
    services.report_save_draft(report_id=report.pk, actor=w.chair, narrative=COMPLETE)
    services.report_submit(report_id=report.pk, actor=w.chair)
    decisions.report_accept(report_id=report.pk, actor=w.officer)
    report_periods_create(today=date(2026, 1, 1))
    w.report = report
    return w


def test_trustee_reads_reports_with_outcomes_and_spend_once_accepted(world):
    trustee = signed_in(user_with_role(Role.TRUSTEE))
    rows = trustee.get("/api/v1/reports/?page_size=50").json()["results"]
    assert len(rows) == 7
    accepted = next(r for r in rows if r["id"] == world.report.pk)
    assert accepted["status"] == "accepted"
    assert accepted["outcomes"]["outcome_place"] == "We planted forty trees."
    assert accepted["spend"]["received"] == "0.00"
    owed = next(r for r in rows if r["id"] != world.report.pk)
    assert owed["outcomes"] is None and owed["spend"] is None
    assert trustee.post("/api/v1/reports/", {}).status_code in (403, 405)


def test_rows_show_london_times_extended_deadlines_and_the_documented_fields(world):
    owed = QuarterlyReport.objects.filter(status="not_started").order_by("pk").first()
    periods.report_extend(
        report_id=owed.pk, actor=world.officer, extended_to=date(2026, 3, 1), reason="Flooding"
    )
    # Submitted in British Summer Time, decided in Greenwich Mean Time.
    QuarterlyReport.objects.filter(pk=world.report.pk).update(
        first_submitted_at=datetime(2024, 7, 14, 13, 5, 6, 500000, tzinfo=UTC),
        decided_at=datetime(2024, 11, 4, 9, 30, tzinfo=UTC),
    )
    trustee = signed_in(user_with_role(Role.TRUSTEE))
    rows = {r["id"]: r for r in trustee.get("/api/v1/reports/?page_size=50").json()["results"]}
    accepted, extended = rows[world.report.pk], rows[owed.pk]
    assert accepted["first_submitted_at"] == "2024-07-14T14:05:06.500000+01:00"
    assert accepted["decided_at"] == "2024-11-04T09:30:00Z"
    assert accepted["partnership"] == {"id": world.partnership.pk, "name": "Riverside Partnership"}
    assert accepted["outcomes"]["people_involved"] == 140
    assert extended["extended_to"] == extended["effective_due_on"] == "2026-03-01"
    assert extended["due_on"] < "2026-03-01" and extended["submitted_at"] is None
    # The detail reads the same; every row has exactly the fields the schema documents.
    assert trustee.get(f"/api/v1/reports/{owed.pk}/").json() == extended
    schema = trustee.get("/api/v1/schema/?format=json").json()
    documented = schema["components"]["schemas"]["Report"]["properties"]
    assert all(row.keys() == documented.keys() for row in rows.values())


def test_other_partnership_gets_404_and_an_empty_list(world):
    other = World(name="Other Partnership")
    client = signed_in(other.chair)
    assert client.get(f"/api/v1/reports/{world.report.pk}/").status_code == 404
    assert client.get("/api/v1/reports/").json()["count"] == 0


def test_compliance_figures(world):
    figures = reporting_compliance(today=date(2026, 1, 1))[world.partnership.pk]
    # Six reports due by 1 Jan 2026 (the seventh is due on 30 Jan); the first was submitted
    # late (it was submitted today, in real time).
    assert figures["due"] == 6 and figures["on_time"] == 0 and figures["on_time_rate"] == 0
    assert figures["mean_days_late"] > 0
    assert overdue_reports(today=date(2026, 1, 1)).count() == 5
    rows = signed_in(world.officer).get("/api/v1/reporting-compliance/").json()["results"]
    assert rows[0]["partnership"]["name"] == "Riverside Partnership" and rows[0]["due"] == 7


def test_list_query_count_does_not_grow_with_page_size(world, django_assert_num_queries):
    client = signed_in(user_with_role(Role.TRUSTEE))
    client.get("/api/v1/reports/?page_size=2")
    with django_assert_num_queries(8 + VERSIONS_READ):
        client.get("/api/v1/reports/?page_size=2")
    with django_assert_num_queries(8 + VERSIONS_READ):
        client.get("/api/v1/reports/?page_size=50")
