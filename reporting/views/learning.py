"""The learning library: search and filter, read a note, write or change one, promote a report's
story into one, ask the writing partnership a question, and its chair's answer."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from cwf.accounts import permissions
from cwf.core.form_pages import done, form_page
from cwf.core.pagination import paginate
from partnerships.selectors import partnership_list

from ..forms_learning import AnswerForm, NoteForm, PromoteForm, QuestionForm, SearchForm
from ..models import LearningNote
from ..selectors.learning import (
    SEARCH_MAX,
    learning_note_list,
    learning_question_list,
    learning_regions,
    learning_search,
)
from ..selectors.reports import report_stories
from ..services import learning as services


def _readable(request):
    if not permissions.may_read_learning(request.user):
        raise Http404("The learning library is for people with a role in the fund.")
    return learning_note_list(viewer=request.user)


@login_required
def note_list(request):
    """Search and filters never fail: a choice that is not on the list is ignored, and the
    search text is used up to SEARCH_MAX characters."""
    qs = _readable(request)
    form = SearchForm(request.GET or None, regions=learning_regions())
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    text = request.GET.get("q", "")[:SEARCH_MAX]
    decile = data.get("decile")
    qs = learning_search(
        qs,
        text=text,
        theme_id=data["theme"].pk if data.get("theme") else None,
        kind=data.get("kind") or "",
        region=data.get("region") or "",
        imd_decile=int(decile) if decile else None,
    )
    context = {
        **paginate(request, qs, per_page=20),
        "form": form,
        "q": text,
        "searched": any(request.GET.get(k) for k in ("q", "theme", "kind", "region", "decile")),
        "may_write": _writes_notes(request.user),
    }
    return render(request, "reporting/learning/note_list.html", context)


def _writes_notes(user) -> bool:
    return permissions.is_officer(user) or bool(
        permissions.partnership_ids(user, permissions.PARTNERSHIP_PEOPLE)
    )


def _writable_partnerships(user) -> list:
    qs = partnership_list(viewer=user).order_by("name")
    if permissions.is_officer(user):
        return list(qs)
    return list(qs.filter(pk__in=permissions.partnership_ids(user, permissions.PARTNERSHIP_PEOPLE)))


def _note(request, note_pk: int) -> LearningNote:
    return get_object_or_404(_readable(request), pk=note_pk)


@login_required
def note_detail(request, note_pk: int):
    note = _note(request, note_pk)
    own = permissions.may_write_learning_note(request.user, note.partnership_id)
    # The partnership's own people (and officers) see every question; an asker, their own.
    questions = learning_question_list(viewer=request.user).filter(note=note)
    context = {
        "note": note,
        "may_edit": own,
        "may_ask": permissions.may_ask_learning_question(request.user)
        and note.partnership_id not in permissions.partnership_ids(request.user),
        "questions": questions if own else None,
        "my_questions": None if own else list(questions),
        "form": QuestionForm(),
    }
    return render(request, "reporting/learning/note_detail.html", context)


def _note_input(data) -> services.NoteInput:
    return services.NoteInput(
        title=data["title"],
        tried=data["tried"],
        happened=data["happened"],
        theme_id=data["theme"].pk if data.get("theme") else None,
        differently=data.get("differently", ""),
        costs=data.get("costs", ""),
        neighbourhood_kind=data.get("neighbourhood_kind", ""),
        is_public=data.get("is_public", False),
    )


@login_required
def note_write(request):
    partnerships = _writable_partnerships(request.user)
    if not partnerships:
        raise PermissionDenied("Only partnership members and fund officers write learning notes.")
    form = NoteForm(request.POST or None, partnerships=partnerships)

    def write():
        note = services.learning_note_write(
            partnership_id=form.cleaned_data["partnership"],
            actor=request.user,
            note=_note_input(form.cleaned_data),
        )
        shared = "Your learning note has been shared with the fund."
        return done(request, shared, "learning:note_detail", note.pk)

    return form_page(
        request, form, write, template="reporting/learning/note_form.html", context={"note": None}
    )


@login_required
def note_edit(request, note_pk: int):
    note = _note(request, note_pk)
    if not permissions.may_write_learning_note(request.user, note.partnership_id):
        raise Http404("Only the partnership's own people change its notes.")
    initial = {
        "partnership": note.partnership_id,
        "theme": note.theme_id,
        **{
            name: getattr(note, name)
            for name in ("neighbourhood_kind", "title", "tried", "happened", "differently",
                         "costs", "is_public")
        },
    }  # fmt: skip
    form = NoteForm(request.POST or None, initial=initial, partnerships=[note.partnership])

    def edit():
        services.learning_note_edit(
            note_id=note.pk, actor=request.user, note=_note_input(form.cleaned_data)
        )
        return done(request, "Your changes have been saved.", "learning:note_detail", note.pk)

    return form_page(
        request, form, edit, template="reporting/learning/note_form.html", context={"note": note}
    )


@login_required
def note_ask(request, note_pk: int):
    note = _note(request, note_pk)
    if not permissions.may_ask_learning_question(request.user):
        raise PermissionDenied("Only partnership members and fund officers can ask a question.")
    form = QuestionForm(request.POST or None)

    def ask():
        services.learning_question_ask(
            note_id=note.pk, actor=request.user, body=form.cleaned_data["body"]
        )
        sent = (
            f"Your question has been sent to {note.partnership.name}'s chair. "
            "They will see your name and partnership, not your e-mail address."
        )
        return done(request, sent, "learning:note_detail", note.pk)

    return form_page(
        request, form, ask, template="reporting/learning/note_ask.html", context={"note": note}
    )


@login_required
def question_detail(request, note_pk: int, question_pk: int):
    """A question and its answers, read by the asker and the note's partnership; its chairs
    answer here. Anyone else is told there is no such page."""
    question = get_object_or_404(
        learning_question_list(viewer=request.user).filter(note_id=note_pk), pk=question_pk
    )
    note = question.note
    may_answer = permissions.may_answer_learning_question(request.user, note.partnership_id)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and not may_answer:
        raise PermissionDenied("Only the chair of the partnership that wrote the note answers.")

    def answer():
        services.learning_question_answer(
            question_id=question.pk, actor=request.user, body=form.cleaned_data["body"]
        )
        sent = (
            "Your answer has been sent. They will see your name and partnership, "
            "not your e-mail address."
        )
        return done(request, sent, "learning:question_detail", note.pk, question.pk)

    context = {
        "note": note,
        "question": question,
        "answers": question.answers.select_related("answered_by"),
        "may_answer": may_answer,
    }
    return form_page(
        request,
        form,
        answer,
        template="reporting/learning/question_detail.html",
        context=context,
    )


@login_required
def story_promote(request, report_pk: int, story_pk: int):
    """Turn a story from a quarterly report into a learning note, to finish on its edit page."""
    story = get_object_or_404(report_stories(viewer=request.user, report_id=report_pk), pk=story_pk)
    if not permissions.may_write_learning_note(request.user, story.report.partnership_id):
        raise PermissionDenied("Only the partnership's own people share its stories as notes.")
    form = PromoteForm(request.POST or None)

    def promote():
        note = services.learning_note_from_story(
            story_id=story.pk, actor=request.user, theme_id=form.cleaned_data["theme"].pk
        )
        promoted = "The story is now a learning note. Add what you would do differently."
        return done(request, promoted, "learning:note_edit", note.pk)

    return form_page(
        request,
        form,
        promote,
        template="reporting/learning/story_promote.html",
        context={"story": story},
    )
