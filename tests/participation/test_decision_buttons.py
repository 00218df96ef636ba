"""After the vote, the decision and the plan are the chair's (a decision in the log and lines
in the action plan need the chair, partnerships.services.meetings and grants' require_chair):
a resident member who runs the budget is not offered buttons that can only refuse them."""

from __future__ import annotations

import pytest

from tests.conftest import signed_in
from tests.participation.scenario import budget_scenario, closed_budget_with_a_voter

pytestmark = pytest.mark.django_db


def test_a_resident_is_not_offered_the_chairs_decision():
    s = budget_scenario(stage="ideas")
    budget = closed_budget_with_a_voter(s)
    page = f"/participation/budgets/{budget.pk}/"
    decide = f"{page}decision/"
    assert decide in signed_in(s["chair"]).get(page).content.decode()
    resident = signed_in(s["resident"])
    assert decide not in resident.get(page).content.decode()
    assert resident.get(decide).status_code == 404
