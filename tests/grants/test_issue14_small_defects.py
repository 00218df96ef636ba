"""Small defects found with issue 14: the live schedule numbered from 1 after a plan
regenerates it (with a totals row), the first report of a plan starting mid-quarter has its plan
year, and the report form labels what submission needs."""

from datetime import date

import pytest

from grants.models import Frequency, Tranche
from grants.services.agreements import funding_agreement_issue
from grants.services.plans import plan_endorse, plan_submit
from reporting.selectors.report_spend import quarter_spend
from reporting.services.periods import report_periods_create
from tests.conftest import signed_in
from tests.grants.plan_scenario import drafted, setup_partnership
from tests.reporting.report_scenario import World

pytestmark = pytest.mark.django_db


def test_a_regenerated_schedule_is_numbered_from_one_and_totalled():
    s = setup_partnership()
    allocation = s["allocation"]
    funding_agreement_issue(
        allocation_id=allocation.pk, actor=s["officer"], frequency=Frequency.ANNUAL
    )
    plan = drafted(s)
    plan_submit(plan_id=plan.pk, actor=s["chair"])
    plan_endorse(plan_id=plan.pk, actor=s["officer"], today=date(2024, 5, 1))
    live = list(
        allocation.tranches.exclude(status=Tranche.Status.CANCELLED).order_by("due_on", "pk")
    )
    cancelled = allocation.tranches.filter(status=Tranche.Status.CANCELLED)
    assert cancelled.count() == 10  # the agreement's first schedule, kept as history
    assert [t.number for t in live] == list(range(1, len(live) + 1))
    assert min(t.sequence for t in live) == 11  # payment references are never reused
    officer = signed_in(s["officer"])
    page = officer.get(f"/grants/allocations/{allocation.pk}/").content.decode()
    assert '>1<span class="govuk-visually-hidden">: tranche due' in page
    assert ">11<span" not in page
    totals = page.split('id="schedule-totals"')[1].split("</tr>")[0]
    # The live schedule adds up to the allocation and its 5% contribution.
    assert "£1,000,000.00" in totals and "£50,000.00" in totals and "£1,050,000.00" in totals
    assert "Cancelled payments (10)" in page
    api = officer.get(f"/api/v1/tranches/?allocation={allocation.pk}").json()
    assert sorted(r["number"] for r in api["results"] if r["status"] != "cancelled")[0] == 1


def test_the_first_report_of_a_plan_starting_mid_quarter_has_its_plan_year():
    s = setup_partnership(starts_on=date(2024, 5, 15))
    spend = quarter_spend(
        allocation_id=s["allocation"].pk, start=date(2024, 4, 1), end=date(2024, 6, 30)
    )
    assert spend["plan_year"] == 1


def test_the_report_form_does_not_call_what_submission_needs_optional():
    world = World()
    report_periods_create(today=date(2024, 7, 2))
    report = world.first_report()
    page = signed_in(world.chair).get(f"/reports/{report.pk}/write/").content.decode()
    form = page.split("<form")[1].split("</form>")[0]
    assert "(optional)" not in form
    assert "Answer every question to submit the report" in page
    assert form.count("Needed to submit the report.") == 7
