"""The learning library (issue 19): notes need a theme, search never fails, questions reach the
writing partnership's chair in the product, and the chair's answers reach the asker, without
showing either side's e-mail address."""

from __future__ import annotations

import pytest
from django.core import mail
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cwf.core.errors import DomainError
from grants.models import Theme
from grants.services.plans import themes_ensure
from reporting.models import LearningAnswer, LearningNote, LearningQuestion, Notification
from reporting.selectors.learning import learning_note_list, learning_search
from reporting.services.learning import (
    NoteInput,
    learning_note_write,
    learning_question_answer,
    learning_question_ask,
)
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


@pytest.fixture
def asked(two):
    """Ada (chair of Ashfield) has asked Brookside a question about its note."""
    _, _, chair_a, chair_b, note, _ = two
    chair_b.full_name = "Bea Brook"
    chair_b.save()
    question = learning_question_ask(note_id=note.pk, actor=chair_a, body="Who cleans it?")
    mail.outbox.clear()
    return chair_a, chair_b, note, question


def _question_url(question) -> str:
    return f"/learning/{question.note_id}/questions/{question.pk}/"


def test_the_chair_answers_from_the_questions_page_and_it_reaches_the_asker(
    asked, django_capture_on_commit_callbacks
):
    chair_a, chair_b, note, question = asked
    notice = Notification.objects.get(recipient=chair_b, kind=Notification.Kind.QUESTION)
    assert notice.link == _question_url(question)  # the chair's notice opens the question
    writer = signed_in(chair_b)
    page = writer.get(notice.link).content.decode()
    assert "Who cleans it?" in page and "Ada Ash, of Ashfield Partnership" in page
    assert "Send the answer" in page and 'name="submission_key"' in page
    assert chair_a.email not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = writer.post(notice.link, {"body": "Our volunteers, on a rota."})
    assert response.status_code == 302 and response.url == notice.link
    answer = LearningAnswer.objects.get(question=question)
    assert answer.answered_by == chair_b and answer.body == "Our volunteers, on a rota."

    told = Notification.objects.get(recipient=chair_a, kind=Notification.Kind.ANSWER)
    assert told.link == notice.link
    assert "Our volunteers, on a rota." in told.body
    assert "Bea Brook, chair of Brookside Partnership" in told.body
    assert chair_b.email not in told.body + told.subject
    asker = signed_in(chair_a)
    inbox = asker.get("/reports/notifications/").content.decode()
    assert "Our volunteers, on a rota." in inbox and chair_b.email not in inbox
    page = asker.get(told.link).content.decode()
    assert "Our volunteers, on a rota." in page and "Bea Brook, chair of Brookside" in page
    assert chair_b.email not in page and "Send the answer" not in page
    note_page = asker.get(f"/learning/{note.pk}/").content.decode()
    assert "Your questions about this note" in note_page and "1 answer" in note_page
    # The asker is e-mailed at their own address; the chair's is in no message.
    assert [m.to for m in mail.outbox] == [[chair_a.email]]
    assert all(chair_b.email not in m.body + m.subject for m in mail.outbox)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Write your answer"),
        ("   ", "Write your answer"),
        ("x" * 2001, "Keep your answer to 2000 characters or fewer"),
    ],
)
def test_an_empty_or_too_long_answer_is_a_field_error(asked, body, message):
    _, chair_b, _, question = asked
    response = signed_in(chair_b).post(_question_url(question), {"body": body})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "govuk-error-summary" in page and 'aria-invalid="true"' in page
    with pytest.raises(DomainError, match=message) as exc:
        learning_question_answer(question_id=question.pk, actor=chair_b, body=body)
    assert exc.value.field == "body"
    assert not LearningAnswer.objects.exists()
    assert not Notification.objects.filter(kind=Notification.Kind.ANSWER).exists()


def test_another_partnerships_member_cannot_read_or_answer_the_question(asked):
    chair_a, _, note, question = asked
    c = PartnershipFactory(name="Canalside Partnership")
    for role in (Role.PARTNERSHIP_CHAIR, Role.RESIDENT_MEMBER):
        outsider = user_with_role(role, c)
        client = signed_in(outsider)
        assert client.get(f"/learning/{note.pk}/").status_code == 200  # the note is shared
        assert "Who cleans it?" not in client.get(f"/learning/{note.pk}/").content.decode()
        assert client.get(_question_url(question)).status_code == 404
        assert client.post(_question_url(question), {"body": "Me!"}).status_code == 404
        with pytest.raises(DomainError):
            learning_question_answer(question_id=question.pk, actor=outsider, body="Me!")
    # The asker reads the answers but does not answer for the other partnership.
    asker = signed_in(chair_a)
    assert asker.get(_question_url(question)).status_code == 200
    assert asker.post(_question_url(question), {"body": "Me!"}).status_code == 403
    # A question is read under its own note only.
    other = LearningNote.objects.create(
        partnership=note.partnership, theme=note.theme, title="Other", tried="t", happened="h",
        written_by=note.written_by,
    )  # fmt: skip
    assert asker.get(f"/learning/{other.pk}/questions/{question.pk}/").status_code == 404
    assert not LearningAnswer.objects.exists()


def test_a_trustee_cannot_answer_and_the_partnerships_members_only_read(asked):
    _, _, note, question = asked
    trustee = user_with_role(Role.TRUSTEE)
    client = signed_in(trustee)
    assert client.get(_question_url(question)).status_code == 404
    assert client.post(_question_url(question), {"body": "Hi"}).status_code == 404
    with pytest.raises(DomainError):
        learning_question_answer(question_id=question.pk, actor=trustee, body="Hi")
    member = user_with_role(Role.RESIDENT_MEMBER, note.partnership)
    client = signed_in(member)
    page = client.get(_question_url(question)).content.decode()
    assert "Who cleans it?" in page and "Send the answer" not in page
    assert client.post(_question_url(question), {"body": "Hi"}).status_code == 403
    assert not LearningAnswer.objects.exists()
    assert LearningQuestion.objects.get().pk == question.pk
