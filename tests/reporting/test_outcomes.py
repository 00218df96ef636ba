"""Outcome indicators in plans and quarterly reports (issue 19): versioned with the plan, values
in their unit and bounds, "not measured" allowed, frozen at submission, odd values flagged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cwf.core.errors import DomainError
from grants.models import PlanIndicator
from grants.services.outcomes import plan_indicator_add
from grants.services.plans import plan_draft_start
from reporting.models import IndicatorValue
from reporting.selectors.outcomes import report_indicator_rows, value_flag
from reporting.services.outcome_values import ValueInput, indicator_values_save
from reporting.services.reports import ReportIncomplete, report_save_draft, report_submit
from tests.reporting.outcomes_scenario import endorsed_plan
from tests.reporting.report_scenario import COMPLETE, World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def test_a_new_plan_version_copies_the_indicators_and_the_endorsed_one_is_frozen(world):
    plan = endorsed_plan(world)
    assert plan.indicators.count() == 2
    with pytest.raises(DomainError, match="endorsed"):
        plan_indicator_add(
            plan_id=plan.pk, actor=world.chair, theme_id=plan.indicators.first().theme_id,
            name="Trees planted", unit="groups", baseline="0", target="5",
            target_on=date(2027, 1, 1),
        )  # fmt: skip
    draft = plan_draft_start(partnership_id=world.partnership.pk, actor=world.chair)
    old = sorted(plan.indicators.values_list("lineage", "name", "baseline", "target"))
    new = sorted(draft.indicators.values_list("lineage", "name", "baseline", "target"))
    assert new == old
    assert PlanIndicator.objects.filter(plan=plan).count() == 2  # the endorsed one is untouched


def test_a_partnership_writes_its_own_indicator_with_a_unit(world):
    plan = endorsed_plan(world, own=[("Environment", "Trees planted", "groups", "0", "40")])
    own = plan.indicators.get(name="Trees planted")
    assert own.library is None and own.unit == "groups"


@pytest.mark.parametrize(
    "value,message",
    [
        ("lots", "must be a number"),
        ("-3", "between 0 and"),
        ("12.5", "whole number"),
        ("NaN", "must be a number"),
        ("1e400", "between 0 and"),
    ],
)
def test_values_are_numbers_in_the_unit_within_bounds(world, value, message):
    endorsed_plan(world)
    report = world.first_report()
    users = PlanIndicator.objects.get(library__key="space-users")
    with pytest.raises(DomainError, match=message) as exc:
        indicator_values_save(
            report_id=report.pk, actor=world.chair, values=[ValueInput(users.pk, value)]
        )
    assert exc.value.field == f"indicator_{users.pk}"
    assert not IndicatorValue.objects.exists()


def test_a_wellbeing_score_is_out_of_ten(world):
    endorsed_plan(world)
    report = world.first_report()
    score = PlanIndicator.objects.get(library__key="ons4-life-satisfaction")
    with pytest.raises(DomainError, match="between 0 and 10"):
        indicator_values_save(
            report_id=report.pk, actor=world.chair, values=[ValueInput(score.pk, "11")]
        )
    indicator_values_save(
        report_id=report.pk, actor=world.chair, values=[ValueInput(score.pk, "6.8")]
    )
    assert IndicatorValue.objects.get().value == Decimal("6.80")


def test_submission_needs_each_indicator_answered_and_freezes_them(world):
    endorsed_plan(world)
    report = world.first_report()
    users = PlanIndicator.objects.get(library__key="space-users")
    score = PlanIndicator.objects.get(library__key="ons4-life-satisfaction")
    report_save_draft(report_id=report.pk, actor=world.chair, narrative=COMPLETE)
    indicator_values_save(
        report_id=report.pk, actor=world.chair, values=[ValueInput(users.pk, "120")]
    )
    with pytest.raises(ReportIncomplete) as exc:
        report_submit(report_id=report.pk, actor=world.chair)
    assert f"indicator_{score.pk}" in exc.value.errors
    indicator_values_save(
        report_id=report.pk, actor=world.chair, values=[ValueInput(score.pk, not_measured=True)]
    )
    report_submit(report_id=report.pk, actor=world.chair)
    version = report.versions.get()
    assert {i["indicator"]: i["value"] for i in version.content["indicators"]} == {
        users.name: "120.00",
        score.name: None,
    }
    with pytest.raises(DomainError, match="can no longer be changed"):
        indicator_values_save(
            report_id=report.pk, actor=world.chair, values=[ValueInput(users.pk, "130")]
        )


def test_odd_values_are_flagged_not_refused(world):
    endorsed_plan(world)
    first = world.first_report()
    users = PlanIndicator.objects.get(library__key="space-users")
    indicator_values_save(
        report_id=first.pk, actor=world.chair, values=[ValueInput(users.pk, "200")]
    )
    from reporting.services.periods import report_periods_create

    report_periods_create(today=date(2024, 10, 2))
    second = first.allocation.reports.get(quarter_start=date(2024, 7, 1))
    indicator_values_save(
        report_id=second.pk, actor=world.chair, values=[ValueInput(users.pk, "90")]
    )
    row = next(r for r in report_indicator_rows(second) if r.indicator.pk == users.pk)
    assert row.trend == [(date(2024, 4, 1), 200)]
    assert row.flag == "Fell by more than half since it was last measured"


@pytest.mark.parametrize(
    "previous,value,flagged",
    [(100, 49, True), (100, 50, False), (100, 999, False), (100, 1000, True), (0, 5, True),
     (0, 0, False), (None, 5, False), (10, None, False)],
)  # fmt: skip
def test_the_flag_rule(previous, value, flagged):

    p = None if previous is None else Decimal(previous)
    v = None if value is None else Decimal(value)
    assert bool(value_flag(p, v)) is flagged
