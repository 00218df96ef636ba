"""The learning library: writing a note (or promoting a report's story into one), asking the
writing partnership a question, and its chair's answer. A question reaches the partnership's
chairs as an in-product notification (the outbox's second table, reporting.services.notify), and
an answer reaches the asker's; each names its writer by name and partnership, never by e-mail
address, and neither side is shown the other's."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse

from cwf.accounts import permissions
from cwf.accounts.models import User
from cwf.accounts.roles import Role
from cwf.core.errors import DomainError
from grants.models import Theme

from ..models import (
    LearningAnswer,
    LearningNote,
    LearningQuestion,
    NeighbourhoodKind,
    Notification,
    ReportStory,
)
from .notify import notify

TITLE_MAX = 200
TEXT_MAX = 5000
QUESTION_MAX = 2000
ANSWER_MAX = 2000


@dataclass(frozen=True)
class NoteInput:
    title: str
    tried: str
    happened: str
    theme_id: int | None
    differently: str = ""
    costs: str = ""
    neighbourhood_kind: str = ""
    is_public: bool = False


def search_text(note: LearningNote | NoteInput) -> str:
    return "\n".join(
        part
        for part in (note.title, note.tried, note.happened, note.differently, note.costs)
        if part
    )


def _checked(note: NoteInput) -> dict:
    errors = {}
    if not note.theme_id or not Theme.objects.filter(pk=note.theme_id, is_active=True).exists():
        errors["theme"] = "Choose the theme the note is about"
    if not note.title.strip():
        errors["title"] = "Give the note a title"
    if not note.tried.strip():
        errors["tried"] = "Say what you tried"
    if not note.happened.strip():
        errors["happened"] = "Say what happened"
    if note.neighbourhood_kind and note.neighbourhood_kind not in NeighbourhoodKind.values:
        errors["neighbourhood_kind"] = "Choose a kind of neighbourhood from the list"
    for name, limit in (("title", TITLE_MAX), ("tried", TEXT_MAX), ("happened", TEXT_MAX),
                        ("differently", TEXT_MAX), ("costs", TEXT_MAX)):  # fmt: skip
        if len(getattr(note, name)) > limit:
            errors.setdefault(name, f"Keep this to {limit} characters or fewer")
    if errors:
        field, message = next(iter(errors.items()))
        exc = DomainError(message, field=field)
        exc.errors = errors
        raise exc
    return {
        "theme_id": note.theme_id,
        "title": note.title.strip(),
        "tried": note.tried.strip(),
        "happened": note.happened.strip(),
        "differently": note.differently.strip(),
        "costs": note.costs.strip(),
        "neighbourhood_kind": note.neighbourhood_kind,
        "is_public": note.is_public,
    }


def learning_note_write(
    *, partnership_id: int, actor, note: NoteInput, from_story_id: int | None = None
) -> LearningNote:
    """A new note for a partnership, by its own people or an officer. A note without a theme is
    refused."""
    permissions.require(
        permissions.may_write_learning_note(actor, partnership_id),
        "Only the partnership's own people, or a fund officer, can write its learning notes.",
    )
    fields = _checked(note)
    with transaction.atomic():
        row = LearningNote(partnership_id=partnership_id, written_by=actor, **fields)
        row.from_story_id = from_story_id
        row.search_text = search_text(row)
        row.save()
    return row


def learning_note_edit(*, note_id: int, actor, note: NoteInput) -> LearningNote:
    with transaction.atomic():
        row = LearningNote.objects.select_for_update().get(pk=note_id)  # one editor at a time
        permissions.require(
            permissions.may_write_learning_note(actor, row.partnership_id),
            "Only the partnership's own people, or a fund officer, can change its notes.",
        )
        for name, value in _checked(note).items():
            setattr(row, name, value)
        row.search_text = search_text(row)
        row.save()
    return row


def learning_note_from_story(*, story_id: int, actor, theme_id: int | None) -> LearningNote:
    """Promote a quarterly report's story into a draft of a note: its title and text become the
    note's, to be finished by the writer (what would you do differently, what did it cost)."""
    story = ReportStory.objects.select_related("report").get(pk=story_id)
    return learning_note_write(
        partnership_id=story.report.partnership_id,
        actor=actor,
        note=NoteInput(
            title=story.title[:TITLE_MAX],
            tried=story.body[:TEXT_MAX],
            happened=f"Told in the report for {story.report.quarter_label}.",
            theme_id=theme_id,
        ),
        from_story_id=story.pk,
    )


def chairs_of(partnership_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__partnership_id=partnership_id,
            role_assignments__role=Role.PARTNERSHIP_CHAIR,
        ).distinct()
    )


def asker_label(actor, partnership) -> str:
    """How the asker is named to the chair: their name (never their address) and partnership."""
    name = (actor.full_name or "").strip() or "Someone"
    if partnership is not None:
        return f"{name}, of {partnership.name}"
    if permissions.is_officer(actor):
        return f"{name}, a fund officer"
    return name


def learning_question_ask(*, note_id: int, actor, body: str) -> LearningQuestion:
    """Ask the note's partnership a question: it reaches each of its chairs' notifications
    (and their own e-mail, through the outbox, to their own address). The chair answers in
    the product; neither side is shown the other's e-mail address."""
    permissions.require(
        permissions.may_ask_learning_question(actor),
        "Only partnership members and fund officers can ask a question.",
    )
    text = (body or "").strip()
    if not text:
        raise DomainError("Write your question", field="body")
    if len(text) > QUESTION_MAX:
        raise DomainError(f"Keep your question to {QUESTION_MAX} characters or fewer", field="body")
    from partnerships.models import Partnership

    with transaction.atomic():
        note = LearningNote.objects.select_related("partnership").get(pk=note_id)
        own = sorted(permissions.partnership_ids(actor, permissions.PARTNERSHIP_PEOPLE))
        asker_partnership = Partnership.objects.filter(pk__in=own).order_by("pk").first()
        question = LearningQuestion.objects.create(
            note=note, asked_by=actor, asker_partnership=asker_partnership, body=text
        )
        who = asker_label(actor, asker_partnership)
        link = reverse("learning:question_detail", args=[note.pk, question.pk])
        notify(
            users=[u for u in chairs_of(note.partnership_id) if u.pk != actor.pk],
            key=f"learning-question:{question.pk}",
            kind=Notification.Kind.QUESTION,
            subject=f"A question about your learning note “{note.title}”"[:200],
            body=(
                f"Hello,\n\n{who} asked about your partnership's learning note "
                f"“{note.title}”:\n\n{text}\n\n"
                "E-mail addresses are not shared either way: open the question in the product "
                "to answer it there.\n"
            ),
            link=link,
        )
    return question


def learning_question_answer(*, question_id: int, actor, body: str) -> LearningAnswer:
    """The note's partnership answers a question, through a chair: the answer reaches the
    asker's notifications (and their own e-mail, through the outbox, to their own address),
    naming the chair and partnership, never the chair's address."""
    text = (body or "").strip()
    with transaction.atomic():
        question = LearningQuestion.objects.select_related("note__partnership", "asked_by").get(
            pk=question_id
        )
        note = question.note
        permissions.require(
            permissions.may_answer_learning_question(actor, note.partnership_id),
            "Only the chair of the partnership that wrote the note can answer its questions.",
        )
        if not text:
            raise DomainError("Write your answer", field="body")
        if len(text) > ANSWER_MAX:
            raise DomainError(f"Keep your answer to {ANSWER_MAX} characters or fewer", field="body")
        answer = LearningAnswer.objects.create(question=question, answered_by=actor, body=text)
        name = (actor.full_name or "").strip() or "The chair"
        notify(
            users=[question.asked_by] if question.asked_by_id != actor.pk else [],
            key=f"learning-answer:{answer.pk}",
            kind=Notification.Kind.ANSWER,
            subject=f"{note.partnership.name} answered your question about “{note.title}”"[:200],
            body=(
                f"Hello,\n\n{name}, chair of {note.partnership.name}, answered your question "
                f"about their learning note “{note.title}”:\n\n{text}\n\n"
                "E-mail addresses are not shared either way: open the question in the product "
                "to read it again or ask another.\n"
            ),
            link=reverse("learning:question_detail", args=[note.pk, question.pk]),
        )
    return answer
