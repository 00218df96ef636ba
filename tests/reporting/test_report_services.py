"""The report workflow: drafts, incomplete submissions, versions, the frozen spend summary, and
double submits or decisions."""

from datetime import date

import pytest

from cwf.core.errors import DomainError, ScopeError, TransitionError
from grants.services.disbursement import tranches_release_due
from reporting.models import QuarterlyReport
from reporting.services import report_reviews as decisions
from reporting.services import reports as services
from reporting.services.reports import Narrative, ReportIncomplete
from tests.reporting.report_scenario import COMPLETE, World

pytestmark = pytest.mark.django_db
Status = QuarterlyReport.Status


@pytest.fixture
def world():
    w = World()
    tranches_release_due(today=date(2024, 4, 1))  # the first quarterly tranche, in Q2 2024
    return w


def test_incomplete_submission_lists_each_missing_field_and_keeps_the_draft(world):
    report = world.first_report()
    services.report_save_draft(
        report_id=report.pk, actor=world.chair, narrative=Narrative(what_happened="Half done")
    )
    with pytest.raises(ReportIncomplete) as exc:
        services.report_submit(report_id=report.pk, actor=world.chair)
    assert set(exc.value.errors) == {
        "outcome_needs", "outcome_skills", "outcome_difference", "outcome_place",
        "people_involved", "volunteers",
    }  # fmt: skip
    report.refresh_from_db()
    assert (report.status, report.what_happened) == (Status.DRAFT, "Half done")


def test_submit_freezes_spend_and_keeps_every_version(world):
    world.pay_released(on=date(2024, 4, 10))
    report = world.first_report()
    services.report_save_draft(report_id=report.pk, actor=world.chair, narrative=COMPLETE)
    report = services.report_submit(report_id=report.pk, actor=world.chair)
    # 1,000,000 over 40 quarterly tranches = 25,000.00; 5% contribution = 1,250.00.
    assert report.spend_snapshot["received"] == "25000.00"
    assert report.spend_snapshot["received_contribution"] == "1250.00"
    assert report.spend_snapshot["held_by_lto"] == "25000.00"
    decisions.report_return(report_id=report.pk, actor=world.officer, comments="More on skills")
    services.report_save_draft(
        report_id=report.pk,
        actor=world.chair,
        narrative=Narrative(**{**COMPLETE.__dict__, "outcome_skills": "Twenty first-aiders."}),
    )
    services.report_submit(report_id=report.pk, actor=world.chair)
    report = decisions.report_accept(report_id=report.pk, actor=world.second)
    versions = list(report.versions.order_by("number"))
    assert [(v.number, v.outcome) for v in versions] == [(1, "returned"), (2, "accepted")]
    assert versions[0].comments == "More on skills"
    assert versions[1].content["outcome_skills"] == "Twenty first-aiders."


def test_submitting_twice_has_one_outcome_and_says_so(world):
    report = world.first_report()
    services.report_save_draft(report_id=report.pk, actor=world.chair, narrative=COMPLETE)
    services.report_submit(report_id=report.pk, actor=world.chair)
    with pytest.raises(DomainError, match="already submitted"):
        services.report_submit(report_id=report.pk, actor=world.resident)
    assert report.versions.count() == 1


def test_two_officers_deciding_get_one_outcome(world):
    report = world.first_report()
    services.report_save_draft(report_id=report.pk, actor=world.chair, narrative=COMPLETE)
    services.report_submit(report_id=report.pk, actor=world.chair)
    decisions.report_accept(report_id=report.pk, actor=world.officer)
    with pytest.raises(DomainError, match="decided it already"):
        decisions.report_return(report_id=report.pk, actor=world.second, comments="No")
    with pytest.raises(DomainError, match="decided it already"):
        decisions.report_accept(report_id=report.pk, actor=world.second)
    report.refresh_from_db()
    assert report.status == Status.ACCEPTED


def test_only_members_write_and_only_officers_decide(world):
    report = world.first_report()
    with pytest.raises(ScopeError):
        services.report_save_draft(report_id=report.pk, actor=world.officer, narrative=COMPLETE)
    services.report_save_draft(report_id=report.pk, actor=world.chair, narrative=COMPLETE)
    services.report_submit(report_id=report.pk, actor=world.chair)
    with pytest.raises(ScopeError):
        decisions.report_accept(report_id=report.pk, actor=world.chair)
    with pytest.raises(DomainError, match="Say what needs to change"):
        decisions.report_return(report_id=report.pk, actor=world.officer, comments="  ")


def test_transition_table_refuses_illegal_moves(world):
    report = world.first_report()
    with pytest.raises(TransitionError):
        services.report_transition(report, Status.ACCEPTED)


def test_spend_from_the_log_is_frozen_and_later_corrections_show(world):
    from grants.services.plans import themes_ensure
    from grants.services.spending import SpendInput, spend_log, spend_reverse
    from reporting.selectors.report_spend import quarter_spend, spend_corrections

    theme = next(t for t in themes_ensure() if t.name)
    world.pay_released(on=date(2024, 4, 10))
    spend = spend_log(
        partnership_id=world.partnership.pk,
        actor=world.chair,
        data=SpendInput(
            spent_on=date(2024, 5, 20), amount="320.50", payee="Hall Hire Ltd",
            description="Room for the survey launch", theme_id=theme.pk,
        ),
        today=date(2024, 5, 21),
    )  # fmt: skip
    report = world.first_report()
    services.report_save_draft(report_id=report.pk, actor=world.chair, narrative=COMPLETE)
    report = services.report_submit(report_id=report.pk, actor=world.chair)
    frozen = report.spend_snapshot
    assert frozen["spent"] == "320.50" and frozen["spent_by_theme"] == {theme.name: "320.50"}
    assert frozen["held_by_lto"] == "24679.50"  # 25,000.00 received less 320.50 spent
    spend_reverse(
        spend_id=spend.pk, actor=world.chair, reason="Booked twice", today=date(2024, 6, 2)
    )
    now = quarter_spend(
        allocation_id=report.allocation_id, start=report.quarter_start, end=report.quarter_end
    )
    report.refresh_from_db()
    assert report.spend_snapshot["spent"] == "320.50"  # frozen
    assert ("Spent", "320.50", "0.00") in spend_corrections(
        frozen=report.spend_snapshot, current=now
    )
