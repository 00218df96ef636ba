from datetime import date
from decimal import Decimal

import pytest

from cwf.core.errors import DomainError, ScopeError, TransitionError
from grants.models import Allocation, SpendingPlan, Tranche
from grants.selectors.plan_diff import plan_diff
from grants.services.plans import (
    ActionInput,
    plan_draft_start,
    plan_endorse,
    plan_return,
    plan_save,
    plan_submit,
    themes_ensure,
    vision_difference,
)
from tests.grants.plan_scenario import drafted, even_vision, setup_partnership

pytestmark = pytest.mark.django_db
TODAY = date(2024, 5, 1)


def test_default_themes_link_to_outcomes_and_are_idempotent():
    first = themes_ensure()
    again = themes_ensure()
    assert len(first) == len(again) == 6
    assert all(t.outcome_labels for t in again)


def test_vision_that_does_not_add_up_cannot_be_submitted_and_states_the_difference():
    s = setup_partnership()
    vision = even_vision(s["themes"], s["allocation"])
    first = next(iter(vision))
    vision[first] -= Decimal("1234.56")
    plan = drafted(s, vision=vision)
    assert vision_difference(plan) == Decimal("1234.56")
    with pytest.raises(DomainError, match=r"£1,234\.56 still to plan"):
        plan_submit(plan_id=plan.pk, actor=s["chair"])
    plan.refresh_from_db()
    assert plan.status == SpendingPlan.Status.DRAFT


def test_only_the_chair_submits():
    s = setup_partnership()
    plan = drafted(s)
    for user in (s["resident"], s["finance"], s["officer"]):
        with pytest.raises(ScopeError):
            plan_submit(plan_id=plan.pk, actor=user)


def test_endorsement_issues_the_agreement_and_the_schedule_follows_the_action_plan():
    s = setup_partnership()
    plan = drafted(s)
    plan_submit(plan_id=plan.pk, actor=s["chair"])
    plan_endorse(plan_id=plan.pk, actor=s["officer"], today=TODAY)
    allocation = Allocation.objects.get(pk=s["allocation"].pk)
    assert allocation.status == Allocation.Status.ACTIVE
    tranches = list(allocation.tranches.exclude(status=Tranche.Status.CANCELLED).order_by("due_on"))
    # Year 1's action budget (60,000 + 40,000) now (the year has started), year 2's 50,000 when
    # year 2 starts, and the rest over years 3 to 10 by the vision (evenly: 106,250 each).
    assert [(t.due_on, t.amount) for t in tranches[:3]] == [
        (TODAY, Decimal("100000.00")),
        (date(2025, 4, 1), Decimal("50000.00")),
        (date(2026, 4, 1), Decimal("106250.00")),
    ]
    assert sum(t.amount for t in tranches) == allocation.amount
    assert sum(t.management_contribution for t in tranches) == allocation.management_contribution
    assert plan.reviews.count() == 1


def test_next_version_supersedes_and_regenerates_only_unreleased_tranches():
    from grants.services.disbursement import tranches_release_due

    s = setup_partnership()
    plan = drafted(s)
    plan_submit(plan_id=plan.pk, actor=s["chair"])
    plan_endorse(plan_id=plan.pk, actor=s["officer"], today=TODAY)
    tranches_release_due(today=TODAY)
    themes = s["themes"]
    second = drafted(
        s,
        actions=[
            ActionInput(themes["Environment"].pk, "Tree planting", 2, "80000.00", "Green group")
        ],
        vision=even_vision(themes, s["allocation"], names=("Environment", "Young people")),
    )
    plan_submit(plan_id=second.pk, actor=s["chair"])
    plan_endorse(plan_id=second.pk, actor=s["second"], today=TODAY)
    plan.refresh_from_db()
    assert plan.status == SpendingPlan.Status.SUPERSEDED
    allocation = Allocation.objects.get(pk=s["allocation"].pk)
    released = allocation.tranches.filter(status=Tranche.Status.RELEASED)
    assert [t.amount for t in released] == [Decimal("100000.00")]
    scheduled = allocation.tranches.filter(status=Tranche.Status.SCHEDULED).order_by("due_on")
    assert scheduled[0].due_on == date(2025, 4, 1) and scheduled[0].amount == Decimal("80000.00")
    assert sum(t.amount for t in scheduled) == Decimal("900000.00")
    diff = plan_diff(plan, second)
    changed = {(r.theme, r.year): r.change for r in diff["vision"]}
    assert changed[("Environment", 1)] == Decimal("50000.00")
    assert changed[("Community spaces", 1)] == Decimal("-50000.00")


def test_action_plan_beyond_what_is_left_is_refused_and_points_to_an_amendment():
    s = setup_partnership()
    themes = s["themes"]
    plan = drafted(
        s, actions=[ActionInput(themes["Young people"].pk, "Too much", 1, "1000000.01", "Us")]
    )
    plan_submit(plan_id=plan.pk, actor=s["chair"])
    with pytest.raises(DomainError, match="amendment that two officers agree"):
        plan_endorse(plan_id=plan.pk, actor=s["officer"], today=TODAY)
    plan.refresh_from_db()
    assert plan.status == SpendingPlan.Status.SUBMITTED


def test_return_needs_comments_and_the_chair_can_redraft():
    s = setup_partnership()
    plan = drafted(s)
    plan_submit(plan_id=plan.pk, actor=s["chair"])
    with pytest.raises(DomainError):
        plan_return(plan_id=plan.pk, actor=s["officer"], comments=" ")
    plan_return(plan_id=plan.pk, actor=s["officer"], comments="Say more about legacy.")
    plan_save(
        plan_id=plan.pk, actor=s["chair"], vision=even_vision(s["themes"], s["allocation"]),
        actions=[], legacy_statement="More legacy.",
    )  # fmt: skip
    plan.refresh_from_db()
    assert plan.status == SpendingPlan.Status.DRAFT
    with pytest.raises(DomainError, match="at least one activity"):
        plan_submit(plan_id=plan.pk, actor=s["chair"])


def test_illegal_moves_and_one_open_plan_at_a_time():
    s = setup_partnership()
    plan = drafted(s)
    with pytest.raises(TransitionError):
        plan_endorse(plan_id=plan.pk, actor=s["officer"], today=TODAY)
    with pytest.raises(DomainError, match="already has a plan"):
        plan_draft_start(partnership_id=s["partnership"].pk, actor=s["chair"])
    with pytest.raises(ScopeError):
        plan_endorse(plan_id=plan.pk, actor=s["chair"], today=TODAY)


def test_bad_vision_amounts_are_refused():
    s = setup_partnership()
    plan = plan_draft_start(partnership_id=s["partnership"].pk, actor=s["chair"])
    theme = s["themes"]["Environment"]
    for bad in ("-5", "12.345", "abc"):
        with pytest.raises(DomainError):
            plan_save(
                plan_id=plan.pk, actor=s["chair"], vision={(theme.pk, 1): bad}, actions=[],
                legacy_statement="",
            )  # fmt: skip
    with pytest.raises(DomainError, match="year of the term"):
        plan_save(
            plan_id=plan.pk, actor=s["chair"], vision={(theme.pk, 11): "5"}, actions=[],
            legacy_statement="",
        )  # fmt: skip
