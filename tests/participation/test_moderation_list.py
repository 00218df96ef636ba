"""The moderation page of a participatory budget (issue 20) holds every idea residents send, so
it is paged and filtered by status (held first: what waits for the partnership), with a search,
and says so when a filter finds nothing."""

from __future__ import annotations

import pytest

from participation.services import budgets
from tests.conftest import signed_in
from tests.participation.scenario import budget_scenario

pytestmark = pytest.mark.django_db


def test_ideas_are_paged_filtered_and_searched():
    s = budget_scenario(stage="ideas")
    for n in range(30):
        budgets.idea_propose(budget_id=s["budget"].pk, title=f"Idea {n:02d}", description="A bench")
    budgets.idea_propose(budget_id=s["budget"].pk, title="Lamp posts", description="Light")
    chair = signed_in(s["chair"])
    url = f"/participation/budgets/{s['budget'].pk}/"
    first = chair.get(url).content.decode()
    assert first.count('govuk-summary-card__title"') == 25 and "?page=2" in first
    assert chair.get(url, {"page": 2}).content.decode().count('govuk-summary-card__title"') == 6
    found = chair.get(url, {"q": "lamp"}).content.decode()
    assert "Lamp posts" in found and "Idea 01" not in found
    held = chair.get(url, {"status": "held", "page": 2}).content.decode()
    assert "status=held" in held  # the filter is kept in the page links
    empty = chair.get(url, {"status": "shortlisted"}).content.decode()
    assert "No ideas match" in empty
