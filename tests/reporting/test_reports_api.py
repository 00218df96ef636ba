"""The read-only reports API: scoped, outcomes and spend only once accepted, compliance figures,
and a query count that does not grow with the page size."""

from datetime import date

import pytest

from reporting.selectors.reports import overdue_reports, reporting_compliance
from reporting.services import decisions
from reporting.services import reports as services
from reporting.services.periods import report_periods_create
from tests.conftest import signed_in
from tests.factories import Role, user_with_role
from tests.reporting.report_scenario import COMPLETE, World

pytestmark = pytest.mark.django_db


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
    rows = signed_in(world.officer).get("/api/v1/reporting-compliance/").json()
    assert rows[0]["partnership"] == "Riverside Partnership" and rows[0]["due"] == 7


def test_list_query_count_does_not_grow_with_page_size(world, django_assert_num_queries):
    client = signed_in(user_with_role(Role.TRUSTEE))
    client.get("/api/v1/reports/?page_size=2")
    with django_assert_num_queries(8):
        client.get("/api/v1/reports/?page_size=2")
    with django_assert_num_queries(8):
        client.get("/api/v1/reports/?page_size=50")
