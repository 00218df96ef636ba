"""Outcome pages and API (issue 19): the chair adds an indicator to a draft; the report's values
page refuses bad input field by field and shows the trend; the API lets members write only
their own partnership's values and notes, and trustees only read."""

from __future__ import annotations

from datetime import date

import pytest

from grants.models import LibraryIndicator, PlanIndicator, Theme
from grants.services.plans import plan_draft_start
from reporting.models import IndicatorValue, LearningNote
from tests.conftest import signed_in
from tests.factories import Role, user_with_role
from tests.reporting.outcomes_scenario import Second, endorsed_plan
from tests.reporting.report_scenario import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = World()
    endorsed_plan(w)
    return w


def test_the_chair_adds_an_indicator_to_a_new_version(world):
    draft = plan_draft_start(partnership_id=world.partnership.pk, actor=world.chair)
    client = signed_in(world.chair)
    theme = Theme.objects.get(name="Young people")
    url = f"/plans/{draft.pk}/indicators/add/"
    page = client.post(url, {"theme": theme.pk, "baseline": "ten", "target": "40",
                             "target_on_day": "1", "target_on_month": "4",
                             "target_on_year": "2027"})  # fmt: skip
    assert "Choose an indicator from the library, or name your own" in page.content.decode()
    young = LibraryIndicator.objects.get(key="young-people")
    page = client.post(url, {"theme": theme.pk, "library": young.pk, "baseline": "ten",
                             "target": "40", "target_on_day": "1", "target_on_month": "4",
                             "target_on_year": "2027"})  # fmt: skip
    assert "The baseline must be a number, in people" in page.content.decode()
    response = client.post(url, {"theme": theme.pk, "library": young.pk, "baseline": "10",
                                 "target": "40", "target_on_day": "1", "target_on_month": "4",
                                 "target_on_year": "2027"})  # fmt: skip
    assert response.status_code == 302
    assert draft.indicators.count() == 3
    detail = client.get(f"/plans/{draft.pk}/").content.decode()
    assert "Young people in regular activities" in detail and "Take out" in detail
    assert signed_in(world.resident).get(url).status_code == 403


def test_the_values_page_refuses_bad_input_by_field_and_saves_good(world):
    report = world.first_report()
    users = PlanIndicator.objects.get(library__key="space-users")
    score = PlanIndicator.objects.get(library__key="ons4-life-satisfaction")
    client = signed_in(world.resident)
    url = f"/reports/{report.pk}/outcomes/"
    page = client.post(url, {f"indicator_{users.pk}": "-5", f"indicator_{score.pk}": "11"})
    body = page.content.decode()
    assert page.status_code == 200 and body.count("govuk-error-message") == 2
    assert "between 0 and 10" in body and "<title>Error: " in body
    response = client.post(
        url, {f"indicator_{users.pk}": "140", f"indicator_{score.pk}_not_measured": "1"}
    )
    assert response.status_code == 302
    assert IndicatorValue.objects.count() == 2
    edit = client.get(f"/reports/{report.pk}/write/").content.decode()
    assert "140" in edit and "Not measured" in edit


def test_the_api_scopes_writes_and_trustees_only_read(world):
    report = world.first_report()
    other = Second(world)
    users = PlanIndicator.objects.get(library__key="space-users")
    theme = Theme.objects.get(name="Community spaces")
    chair = signed_in(world.chair)
    created = chair.post(
        "/api/v1/indicator-values/",
        {"report": report.pk, "indicator": users.pk, "value": "75"},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["value"] == "75.00"
    refused = chair.post(
        "/api/v1/indicator-values/",
        {"report": report.pk, "indicator": users.pk, "value": "2000000"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    note = {"theme": theme.pk, "title": "T", "tried": "x", "happened": "y"}
    own = chair.post("/api/v1/learning-notes/", {**note, "partnership": world.partnership.pk},
                     content_type="application/json")  # fmt: skip
    assert own.status_code == 201
    theirs = chair.post("/api/v1/learning-notes/", {**note, "partnership": other.partnership.pk},
                        content_type="application/json")  # fmt: skip
    assert theirs.status_code in (400, 403)
    no_theme = chair.post(
        "/api/v1/learning-notes/",
        {"partnership": world.partnership.pk, "title": "T", "tried": "x", "happened": "y"},
        content_type="application/json",
    )
    assert no_theme.status_code == 400 and "theme" in no_theme.json()
    assert LearningNote.objects.count() == 1
    trustee = signed_in(user_with_role(Role.TRUSTEE))
    # Quotes, SQL and a NUL byte in a search are text (the NUL dropped by NulQueryMiddleware).
    assert trustee.get("/api/v1/learning-notes/?q=%00%27;drop").status_code == 200
    assert trustee.get("/api/v1/indicator-values/").json()["count"] == 1
    assert (
        trustee.post("/api/v1/learning-notes/", {**note, "partnership": world.partnership.pk},
                     content_type="application/json").status_code == 403
    )  # fmt: skip
    assert trustee.get("/api/v1/learning-notes/?nope=1").status_code == 400
    other_chair = signed_in(other.chair)
    assert other_chair.get("/api/v1/indicator-values/").json()["count"] == 0
    assert (
        other_chair.post(
            "/api/v1/indicator-values/",
            {"report": report.pk, "indicator": users.pk, "value": "1"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert date(2024, 4, 1) == report.quarter_start


def test_a_report_story_becomes_a_learning_note(world):
    from reporting.services.reports import report_story_add

    report = world.first_report()
    story = report_story_add(
        report_id=report.pk, actor=world.chair, title="The fridge", body="We opened a fridge."
    )
    client = signed_in(world.chair)
    detail = client.get(f"/reports/{report.pk}/").content.decode()
    assert "Share this story as a learning note" in detail
    url = f"/learning/stories/{report.pk}/{story.pk}/"
    assert "Choose the theme the note is about" in client.post(url, {"theme": ""}).content.decode()
    theme = Theme.objects.get(name="Health and wellbeing")
    response = client.post(url, {"theme": theme.pk})
    note = LearningNote.objects.get()
    assert response.status_code == 302 and response.url == f"/learning/{note.pk}/edit/"
    assert (note.title, note.tried, note.from_story_id) == ("The fridge", "We opened a fridge.",
                                                            story.pk)  # fmt: skip
    trustee = signed_in(user_with_role(Role.TRUSTEE))
    assert trustee.post(url, {"theme": theme.pk}).status_code == 403
