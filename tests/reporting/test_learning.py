"""The learning library (issue 19): notes need a theme, search never fails, questions reach the
writing partnership's chair in the product without showing either side's e-mail address."""

from __future__ import annotations

import pytest
from django.core import mail
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cwf.core.errors import DomainError
from grants.models import Theme
from grants.services.plans import themes_ensure
from reporting.models import LearningNote, Notification
from reporting.selectors.learning import learning_note_list, learning_search
from reporting.services.learning import NoteInput, learning_note_write, learning_question_ask
from tests.conftest import signed_in
from tests.factories import PartnershipFactory, Role, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():
    themes_ensure()
    a = PartnershipFactory(name="Ashfield Partnership")
    b = PartnershipFactory(name="Brookside Partnership")
    chair_a = user_with_role(Role.PARTNERSHIP_CHAIR, a, email="chair.a@ashfield.test")
    chair_a.full_name = "Ada Ash"
    chair_a.save()
    chair_b = user_with_role(Role.PARTNERSHIP_CHAIR, b, email="chair.b@brookside.test")
    theme = Theme.objects.get(name="Health and wellbeing")
    note = learning_note_write(
        partnership_id=b.pk,
        actor=chair_b,
        note=NoteInput(
            title="Our community fridge",
            tried="A community fridge in the hall, stocked by two supermarkets.",
            happened="Forty households a week used it; food waste fell.",
            theme_id=theme.pk,
            differently="Agree the cleaning rota first.",
            costs="£600 for the fridge, £15 a month for electricity.",
            neighbourhood_kind="coalfield",
        ),
    )
    return a, b, chair_a, chair_b, note, theme


def test_a_note_without_a_theme_is_refused(two):
    a, _, chair_a, *_ = two
    with pytest.raises(DomainError, match="theme") as exc:
        learning_note_write(
            partnership_id=a.pk, actor=chair_a,
            note=NoteInput(title="T", tried="x", happened="y", theme_id=None),
        )  # fmt: skip
    assert exc.value.field == "theme"
    response = signed_in(chair_a).post(
        "/learning/new/", {"partnership": a.pk, "title": "T", "tried": "x", "happened": "y"}
    )
    assert response.status_code == 200
    assert "Choose the theme the note is about" in response.content.decode()
    assert LearningNote.objects.count() == 1


def test_members_write_only_their_own_partnerships_notes(two):
    _, b, chair_a, _, _, theme = two
    with pytest.raises(DomainError):
        learning_note_write(
            partnership_id=b.pk, actor=chair_a,
            note=NoteInput(title="T", tried="x", happened="y", theme_id=theme.pk),
        )  # fmt: skip


def test_search_finds_another_partnerships_note_and_filters(two):
    _, _, chair_a, *_ = two
    client = signed_in(chair_a)
    page = client.get("/learning/", {"q": "community fridge"}).content.decode()
    assert "Our community fridge" in page and "Brookside Partnership" in page
    assert "chair.b@brookside.test" not in page
    other = Theme.objects.get(name="Environment")
    page = client.get("/learning/", {"q": "fridge", "theme": other.pk}).content.decode()
    assert "No results" in page
    page = client.get("/learning/", {"kind": "coalfield", "theme": "not-a-number"}).content
    assert b"Our community fridge" in page


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.text(max_size=300))
def test_any_search_text_gives_results_or_none(two, text):
    _, _, chair_a, *_ = two
    qs = learning_search(learning_note_list(viewer=chair_a), text=text)
    assert len(list(qs)) in (0, 1)


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=2000))
def test_the_search_page_never_fails(two, text):
    _, _, chair_a, *_ = two
    response = signed_in(chair_a).get("/learning/", {"q": text})
    assert response.status_code == 200
    body = response.content.decode()
    assert "found" in body or "Latest notes" in body


def test_a_question_reaches_the_chair_in_the_product_without_addresses(two):
    _, _, chair_a, chair_b, note, _ = two
    client = signed_in(chair_a)
    response = client.post(f"/learning/{note.pk}/ask/", {"body": "Who cleans the fridge?"})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "chair.b@brookside.test" not in page
    assert "Who cleans the fridge?" not in page  # questions are for the note's partnership
    notice = Notification.objects.get(recipient=chair_b)
    assert notice.kind == Notification.Kind.QUESTION
    assert "Who cleans the fridge?" in notice.body and "Ada Ash, of Ashfield" in notice.body
    assert "chair.a@ashfield.test" not in notice.body + notice.subject
    assert not Notification.objects.filter(recipient=chair_a).exists()
    inbox = signed_in(chair_b).get("/reports/notifications/").content.decode()
    assert "Who cleans the fridge?" in inbox and "chair.a@ashfield.test" not in inbox
    for message in mail.outbox:
        assert "chair.b@brookside.test" not in message.body
        assert chair_a.email not in message.to


def test_trustees_read_but_do_not_ask(two):
    *_, note, _ = two
    trustee = user_with_role(Role.TRUSTEE)
    client = signed_in(trustee)
    assert client.get(f"/learning/{note.pk}/").status_code == 200
    assert client.post(f"/learning/{note.pk}/ask/", {"body": "Hi"}).status_code == 403
    with pytest.raises(DomainError):
        learning_question_ask(note_id=note.pk, actor=trustee, body="Hi")


def test_a_public_note_is_on_the_partnerships_public_page(two):
    from partnerships.services.partnerships import partnership_publish
    from reporting.services.learning import learning_note_edit

    _, b, _, chair_b, note, theme = two
    partnership_publish(partnership_id=b.pk, actor=chair_b)
    from django.test import Client

    assert (
        "Our community fridge" not in Client().get(f"/open/partnerships/{b.pk}/").content.decode()
    )
    learning_note_edit(
        note_id=note.pk, actor=chair_b,
        note=NoteInput(title=note.title, tried=note.tried, happened=note.happened,
                       theme_id=theme.pk, is_public=True),
    )  # fmt: skip
    page = Client().get(f"/open/partnerships/{b.pk}/").content.decode()
    assert "Our community fridge" in page and "chair.b@brookside.test" not in page
