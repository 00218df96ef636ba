"""The learning library and outcome values (issue 19) under hostile and careless input, through
the pages and the API with a token: searches and filters never fail, writes are refused with a
field error (a form error, a 400), never a 500."""

from __future__ import annotations

import pytest
from django.test import Client

from cwf.accounts.tokens import api_token_create
from grants.models import Theme
from grants.services.plans import themes_ensure
from reporting.models import LearningNote
from reporting.services.learning import NoteInput, learning_note_write, learning_question_ask
from tests.conftest import signed_in
from tests.factories import PartnershipFactory, Role, give_totp, user_with_role

pytestmark = pytest.mark.django_db

NASTY = {
    "superscript": "²",
    "arabic-digit": "١",
    "huge": "9" * 40,
    "negative": "-1",
    "exponent": "1e999",
    "nul": "x\x00y",
    "long": "a" * 6000,
    "blank": " ",
}
VALUES = pytest.mark.parametrize("value", list(NASTY.values()), ids=list(NASTY))


def api(user) -> Client:
    give_totp(user)
    _, raw = api_token_create(user=user, name="hostile")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def s():
    themes_ensure()
    a, b = PartnershipFactory(name="Ashfield"), PartnershipFactory(name="Brookside")
    chair_a = user_with_role(Role.PARTNERSHIP_CHAIR, a)
    chair_b = user_with_role(Role.PARTNERSHIP_CHAIR, b)
    theme = Theme.objects.get(name="Health and wellbeing")
    note = learning_note_write(
        partnership_id=b.pk, actor=chair_b,
        note=NoteInput(title="Fridge", tried="A fridge", happened="Used", theme_id=theme.pk),
    )  # fmt: skip
    question = learning_question_ask(note_id=note.pk, actor=chair_a, body="How?")
    return {"a": a, "b": b, "chair_a": chair_a, "chair_b": chair_b, "theme": theme,
            "note": note, "question": question}  # fmt: skip


@VALUES
@pytest.mark.parametrize("param", ["q", "theme", "partnership", "kind", "region", "imd_decile"])
def test_the_learning_api_search_never_fails(s, param, value):
    response = api(s["chair_a"]).get("/api/v1/learning-notes/", {param: value})
    assert response.status_code in (200, 400), response.content[:300]


@VALUES
@pytest.mark.parametrize("param", ["q", "theme", "kind", "region", "decile", "page"])
def test_the_learning_page_search_never_fails(s, param, value):
    # A NUL byte in the address is dropped before the page reads it (cwf.core.middleware).
    assert signed_in(s["chair_a"]).get("/learning/", {param: value}).status_code == 200


@VALUES
@pytest.mark.parametrize(
    "field", ["partnership", "theme", "neighbourhood_kind", "title", "tried", "is_public"]
)
def test_a_note_of_any_shape_through_the_api_is_a_400(s, field, value):
    data = {"partnership": s["a"].pk, "theme": s["theme"].pk, "title": "T", "tried": "x",
            "happened": "y", field: value}  # fmt: skip
    before = LearningNote.objects.count()
    response = api(s["chair_a"]).post(
        "/api/v1/learning-notes/", data, content_type="application/json"
    )
    assert response.status_code in (201, 400, 403), response.content[:300]
    assert LearningNote.objects.count() == before + (response.status_code == 201)


@VALUES
@pytest.mark.parametrize("field", ["report", "indicator", "value", "not_measured"])
def test_an_indicator_value_of_any_shape_through_the_api_is_refused(s, field, value):
    data = {"report": 1, "indicator": 1, "value": "3", field: value}
    response = api(s["chair_a"]).post(
        "/api/v1/indicator-values/", data, content_type="application/json"
    )
    assert response.status_code in (400, 404), response.content[:300]


@VALUES
def test_a_question_or_an_answer_of_any_shape_is_a_form_error(s, value):
    note, question = s["note"], s["question"]
    asked = signed_in(s["chair_a"]).post(f"/learning/{note.pk}/ask/", {"body": value})
    assert asked.status_code in (200, 302)
    url = f"/learning/{note.pk}/questions/{question.pk}/"
    assert signed_in(s["chair_b"]).post(url, {"body": value}).status_code in (200, 302)


@VALUES
@pytest.mark.parametrize("field", ["partnership", "theme", "neighbourhood_kind", "title", "tried"])
def test_a_note_of_any_shape_on_the_page_is_a_form_error(s, field, value):
    data = {"partnership": s["a"].pk, "theme": s["theme"].pk, "title": "T", "tried": "x",
            "happened": "y", field: value}  # fmt: skip
    response = signed_in(s["chair_a"]).post("/learning/new/", data)
    assert response.status_code in (200, 302)
    edit = signed_in(s["chair_b"]).post(f"/learning/{s['note'].pk}/edit/", data)
    assert edit.status_code in (200, 302)
