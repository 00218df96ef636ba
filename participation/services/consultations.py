"""Consultations: a question or a short survey (choose one, rank, free text) with open and
close dates. Residents answer online without an account; the partnership enters the answers
gathered on paper at events, with the event and who entered them. Counted separately and
together (participation/selectors.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from cwf.core.errors import DomainError

from ..models import Answer, Consultation, Question, Response
from .budgets import clean_translations
from .guards import check_text, require_runs

TEXT_LIMIT = 2000


@dataclass(frozen=True)
class QuestionInput:
    kind: str
    text: str
    options: tuple[str, ...] = ()
    translations: dict | None = None


def consultation_create(
    *, actor, partnership_id: int, title: str, description: str, opens_on: dt.date | None,
    closes_on: dt.date | None, questions: list[QuestionInput], translations: dict | None = None,
) -> Consultation:  # fmt: skip
    require_runs(actor, partnership_id, to="run a consultation")
    title = check_text(title, label="a title", field="title", limit=200)
    description = check_text(
        description, label="an introduction", field="description", limit=4000, required=False
    )
    if opens_on is None or closes_on is None:
        raise DomainError("Enter when the consultation opens and closes.", field="opens_on")
    if closes_on < opens_on:
        raise DomainError("It must close on or after the day it opens.", field="closes_on")
    if not questions:
        raise DomainError("Ask at least one question.", field="questions")
    with transaction.atomic():
        consultation = Consultation.objects.create(
            partnership_id=partnership_id, title=title, description=description,
            opens_on=opens_on, closes_on=closes_on, created_by=actor,
            translations=clean_translations(translations or {}, ("title", "description")),
        )  # fmt: skip
        for n, q in enumerate(questions, start=1):
            if q.kind not in Question.Kind.values:
                raise DomainError(f"Question {n}: choose its kind.", field="questions")
            text = check_text(q.text, label=f"question {n}", field="questions", limit=300)
            options = [o.strip() for o in q.options if o.strip()]
            if q.kind != Question.Kind.TEXT and len(options) < 2:
                raise DomainError(f"Question {n}: give at least two options.", field="questions")
            Question.objects.create(
                consultation=consultation, position=n, kind=q.kind, text=text,
                options=options if q.kind != Question.Kind.TEXT else [],
                translations=_question_translations(q.translations or {}),
            )  # fmt: skip
    return consultation


def _question_translations(raw: dict) -> dict:
    out = clean_translations(raw, ("text",))
    for lang, texts in raw.items():
        if lang in out or (lang != "en" and isinstance(texts, dict) and texts.get("options")):
            options = [str(o).strip()[:200] for o in (texts.get("options") or [])]
            if any(options):
                out.setdefault(lang, {})["options"] = options
    return out


def is_open(consultation: Consultation, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return consultation.opens_on <= today <= consultation.closes_on


def _answers(consultation: Consultation, answers: dict[int, object]) -> list[Answer]:
    rows = []
    for question in consultation.questions.all():
        value = answers.get(question.pk)
        if value in (None, "", [], {}):
            continue
        field = f"q{question.pk}"
        if question.kind == Question.Kind.CHOICE:
            try:
                choice = int(value)
            except (TypeError, ValueError):
                raise DomainError("Choose one of the options.", field=field) from None
            if not 0 <= choice < len(question.options):
                raise DomainError("Choose one of the options.", field=field)
            rows.append(Answer(question=question, choice=choice))
        elif question.kind == Question.Kind.RANKING:
            refusal = DomainError(
                "Give each option you rank a different number, from 1 for your first.",
                field=field,
            )
            try:
                ranks = {int(k): int(v) for k, v in dict(value).items() if str(v).strip()}
            except (TypeError, ValueError):  # "²" is a digit to str.isdigit(), not to int()
                raise refusal from None
            if set(ranks) - set(range(len(question.options))) or sorted(ranks.values()) != list(
                range(1, len(ranks) + 1)
            ):
                raise refusal
            order = [i for i, _ in sorted(ranks.items(), key=lambda kv: kv[1])]
            rows.append(Answer(question=question, ranking=order))
        else:
            text = check_text(str(value), label="your answer", field=field, limit=TEXT_LIMIT)
            rows.append(Answer(question=question, text=text))
    if not rows:
        raise DomainError("Answer at least one question.")
    return rows


def response_submit(*, consultation_id: int, answers: dict[int, object]) -> Response:
    """An online response, with no account and nothing about the person."""
    with transaction.atomic():
        consultation = Consultation.objects.get(pk=consultation_id)
        if not is_open(consultation):
            raise DomainError("This consultation is closed.")
        rows = _answers(consultation, answers)
        response = Response.objects.create(consultation=consultation, source=Response.Source.ONLINE)
        for row in rows:
            row.response = response
        Answer.objects.bulk_create(rows)
    return response


def paper_response_enter(
    *, actor, consultation_id: int, event: str, answers: dict[int, object]
) -> Response:
    """One paper form gathered at an event, typed in by one of the partnership's people."""
    with transaction.atomic():
        consultation = Consultation.objects.get(pk=consultation_id)
        require_runs(actor, consultation.partnership_id, to="enter paper responses")
        event = check_text(event, label="the event where it was gathered", field="event", limit=200)
        rows = _answers(consultation, answers)
        response = Response.objects.create(
            consultation=consultation, source=Response.Source.PAPER, event=event, entered_by=actor
        )
        for row in rows:
            row.response = response
        Answer.objects.bulk_create(rows)
    return response
