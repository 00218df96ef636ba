"""Residents' pages (issue 20): no account, plain English, no JavaScript, a phone first. They
carry forms, so unlike the other public pages they use the request's context (a CSRF cookie)
and are never cached (NoStoreMiddleware's default). Throttled per address like the public
pages. Only published partnerships' budgets and consultations exist here; a voter's choices
are never shown to anyone, not even back to the voter."""

from __future__ import annotations

import secrets

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from cwf.core.errors import DomainError
from cwf.core.filters import whole_number
from cwf.core.forms import add_domain_error
from cwf.core.pagination import paginate
from cwf.core.public import PublicThrottle, public_throttled

from ..forms import IdeaForm, VoterForm
from ..models import LANGUAGES, Budget, Question
from ..selectors import (
    ballot,
    budget_result,
    consultation_counts,
    public_budget,
    public_consultation,
    public_ideas,
)
from ..services.budgets import idea_propose
from ..services.consultations import is_open, response_submit
from ..services.voting import (
    Throttled,
    VotingClosed,
    has_postcode_list,
    vote_cast,
    voter_confirm,
    voter_register,
    voting_open,
)

DEVICE_COOKIE = "cwf_device"
SESSION_KEY = "participation:voter:{}"


def _client_ip(request) -> str:
    return PublicThrottle().get_ident(request)


def _lang(request, thing) -> str:
    lang = request.GET.get("lang", "en")
    return lang if lang in dict(thing.languages) else "en"


def _budget(budget_pk: int) -> Budget:
    budget = public_budget(budget_pk)
    if budget is None:
        raise Http404
    return budget


def _budget_context(request, budget, **extra) -> dict:
    lang = _lang(request, budget)
    return {
        "budget": budget,
        "lang": lang,
        "lang_name": LANGUAGES[lang],
        "title": budget.in_language("title", lang),
        "description": budget.in_language("description", lang),
        "result": budget_result(budget),
        "open": voting_open(budget),
        "postcode_list": has_postcode_list(budget.partnership_id),
        **extra,
    }


@require_http_methods(["GET"])
@public_throttled
def budget_page(request, budget_pk: int):
    budget = _budget(budget_pk)
    context = _budget_context(request, budget, **_ideas_page(request, budget))
    return render(request, "participation/public/budget.html", context)


IDEAS_PER_PAGE = 25


def _ideas_page(request, budget) -> dict:
    """The published ideas, IDEAS_PER_PAGE to a page, with plain links between pages (no
    JavaScript); the language chosen stays in the links."""
    paged = paginate(request, public_ideas(budget), per_page=IDEAS_PER_PAGE)
    return {**paged, "ideas": list(paged["page"].object_list)}


@require_http_methods(["GET", "POST"])
@public_throttled
def idea_new(request, budget_pk: int):
    budget = _budget(budget_pk)
    if budget.status != Budget.Status.IDEAS:
        return HttpResponseRedirect(reverse("take_part:budget", args=[budget.pk]))
    form = IdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            idea_propose(budget_id=budget.pk, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return render(request, "participation/public/idea_sent.html", {"budget": budget})
    return render(
        request, "participation/public/idea_new.html", _budget_context(request, budget, form=form)
    )


def _closed(request, budget, message: str, status: int = 409):
    context = _budget_context(request, budget, **_ideas_page(request, budget), refused=message)
    return render(request, "participation/public/budget.html", context, status=status)


@require_http_methods(["GET", "POST"])
@public_throttled
def vote_start(request, budget_pk: int):
    """Step 1: the address and the neighbourhood."""
    budget = _budget(budget_pk)
    if budget.status == Budget.Status.CLOSED:
        return _closed(request, budget, "Voting has closed. The result is below.")
    form = VoterForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        confirm_url = request.build_absolute_uri(
            reverse("take_part:voter_confirm", args=[budget.pk])
        )
        try:
            voter_register(
                budget_id=budget.pk, client_ip=_client_ip(request), confirm_url=confirm_url,
                **form.cleaned_data,
            )  # fmt: skip
        except VotingClosed as exc:
            return _closed(request, budget, exc.message)
        except DomainError as exc:
            add_domain_error(form, exc)
            status = 429 if isinstance(exc, Throttled) else 200
        else:
            return HttpResponseRedirect(reverse("take_part:check_email", args=[budget.pk]))
    context = _budget_context(request, budget, form=form)
    return render(request, "participation/public/vote_start.html", context, status=status)


@require_http_methods(["GET"])
@public_throttled
def check_email(request, budget_pk: int):
    budget = _budget(budget_pk)
    return render(
        request, "participation/public/check_email.html", _budget_context(request, budget)
    )


@require_http_methods(["GET", "POST"])
@public_throttled
def voter_confirm_page(request, budget_pk: int):
    """Step 2: the link from the e-mail. A GET only shows a button (a mail scanner that
    fetches the link confirms nothing); the POST uses the link once."""
    budget = _budget(budget_pk)
    token = request.POST.get("t") or request.GET.get("t", "")
    error = None
    if request.method == "POST":
        try:
            voter = voter_confirm(budget_id=budget.pk, token=token)
        except VotingClosed as exc:
            return _closed(request, budget, exc.message)
        except DomainError as exc:
            error = exc.message
        else:
            request.session.cycle_key()
            request.session[SESSION_KEY.format(budget.pk)] = voter.pk
            return HttpResponseRedirect(reverse("take_part:ballot", args=[budget.pk]))
    context = _budget_context(request, budget, token=token, error=error)
    return render(
        request, "participation/public/confirm.html", context, status=400 if error else 200
    )


@require_http_methods(["GET", "POST"])
@public_throttled
def ballot_page(request, budget_pk: int):
    """Step 3: the ballot, for the voter this browser confirmed."""
    budget = _budget(budget_pk)
    if budget.status == Budget.Status.CLOSED:
        return _closed(request, budget, "Voting has closed. The result is below.")
    voter_id = request.session.get(SESSION_KEY.format(budget.pk))
    if voter_id is None:
        return HttpResponseRedirect(reverse("take_part:vote", args=[budget.pk]))
    device = request.COOKIES.get(DEVICE_COOKIE) or secrets.token_urlsafe(16)
    ideas = ballot(budget)
    error = None
    chosen: set[int] = set()
    ranks: dict[int, int] = {}
    if request.method == "POST":
        chosen = {n for i in request.POST.getlist("ideas") if (n := whole_number(i)) is not None}
        for idea in ideas:
            rank = whole_number(request.POST.get(f"rank-{idea.pk}"))
            if rank is not None:
                ranks[idea.pk] = rank
        try:
            vote_cast(
                budget_id=budget.pk, voter_id=voter_id, idea_ids=sorted(chosen), ranking=ranks,
                client_ip=_client_ip(request), device=device,
            )  # fmt: skip
        except VotingClosed as exc:
            return _closed(request, budget, exc.message)
        except DomainError as exc:
            error = exc.message
        else:
            request.session.pop(SESSION_KEY.format(budget.pk), None)
            response = HttpResponseRedirect(reverse("take_part:voted", args=[budget.pk]))
            _set_device(response, device)
            return response
    context = _budget_context(
        request, budget, ideas=ideas, error=error, chosen=chosen, ranks=ranks,
        positions=range(1, len(ideas) + 1),
    )  # fmt: skip
    response = render(
        request, "participation/public/ballot.html", context, status=400 if error else 200
    )
    _set_device(response, device)
    return response


def _set_device(response, device: str) -> None:
    response.set_cookie(
        DEVICE_COOKIE, device, max_age=365 * 24 * 3600, httponly=True, samesite="Lax",
        secure=False,
    )  # fmt: skip


@require_http_methods(["GET"])
@public_throttled
def voted(request, budget_pk: int):
    budget = _budget(budget_pk)
    return render(request, "participation/public/voted.html", _budget_context(request, budget))


# Consultations ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@public_throttled
def consultation_page(request, consultation_pk: int):
    consultation = public_consultation(consultation_pk)
    if consultation is None:
        raise Http404
    lang = _lang(request, consultation)
    questions = list(consultation.questions.all())
    errors: dict[str, str] = {}
    general = None
    if request.method == "POST" and is_open(consultation):
        answers = _read_answers(request.POST, questions)
        try:
            response_submit(consultation_id=consultation.pk, answers=answers)
        except DomainError as exc:
            if exc.field:
                errors[exc.field] = exc.message
            else:
                general = exc.message
        else:
            url = reverse("take_part:consultation_thanks", args=[consultation.pk])
            return HttpResponseRedirect(f"{url}?lang={lang}")
    context = {
        "consultation": consultation, "lang": lang,
        "title": consultation.in_language("title", lang),
        "description": consultation.in_language("description", lang),
        "questions": question_items(questions, lang, errors, request.POST),
        "open": is_open(consultation), "errors": errors, "general": general,
        "counts": None if is_open(consultation) else consultation_counts(consultation, lang=lang),
        "posted": request.POST,
    }  # fmt: skip
    status = 400 if (errors or general) else 200
    return render(request, "participation/public/consultation.html", context, status=status)


def question_items(questions, lang: str, errors: dict, posted) -> list[dict]:
    return [
        {
            "q": q,
            "text": q.text_in(lang),
            "options": q.option_texts(lang),
            "error": errors.get(f"q{q.pk}", ""),
            "value": posted.get(f"q{q.pk}", ""),
        }
        for q in questions
    ]


def _read_answers(post, questions) -> dict:
    answers = {}
    for q in questions:
        if q.kind == Question.Kind.RANKING:
            answers[q.pk] = {
                i: post.get(f"q{q.pk}-{i}", "")
                for i in range(len(q.options))
                if whole_number(post.get(f"q{q.pk}-{i}")) is not None
            }
        else:
            answers[q.pk] = post.get(f"q{q.pk}", "")
    return answers


@require_http_methods(["GET"])
@public_throttled
def consultation_thanks(request, consultation_pk: int):
    consultation = public_consultation(consultation_pk)
    if consultation is None:
        raise Http404
    lang = _lang(request, consultation)
    title = consultation.in_language("title", lang)
    context = {"consultation": consultation, "lang": lang, "title": title}
    return render(request, "participation/public/consultation_thanks.html", context)
