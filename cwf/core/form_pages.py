"""The shape of every page that takes a form and calls a service: for a valid POST, call the
service; if it refuses (a DomainError), show the refusal on the form, by its field; if it
succeeds, say so and redirect. Otherwise (a GET, an invalid or refused POST) show the page."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import redirect, render

from .errors import DomainError
from .forms import add_domain_error


def form_page(
    request,
    form,
    on_valid: Callable[[], object],
    *,
    template: str,
    context: dict | Callable[[], dict] | None = None,
    on_refused: Callable[[DomainError], None] | None = None,
):
    """Run `on_valid` (a service call) for a valid POST: it returns the response to send (a
    redirect, usually `done(...)`). A DomainError shows on the form (and is handed to
    `on_refused`, for a page that tells someone of it); the page is rendered with `form` and
    `context` (a function for a context that costs queries, so a successful POST makes none)."""
    if request.method == "POST" and form.is_valid():
        try:
            return on_valid()
        except DomainError as exc:
            add_domain_error(form, exc)
            if on_refused is not None:
                on_refused(exc)
    if callable(context):
        context = context()
    return render(request, template, {"form": form, **(context or {})})


def done(request, message: str, to: str, *args):
    """The service succeeded: say so on the next page, and go there."""
    messages.success(request, message)
    return redirect(to, *args)


def approve_or_reject(request, reject_form, *, approve, reject, approved: str, rejected: str, done):
    """The second person's decision on a proposal (four eyes): a POST with decision=approve calls
    `approve()`; any other POST with a valid `reject_form` (a note) calls `reject(note)`. Either
    says so (`approved`, `rejected`) and redirects to `done` (what `redirect` takes, as a tuple).
    A refusal is an error message, and on the note's field when rejecting. Returns the redirect
    or None, and the form to show on the page."""
    form = reject_form(request.POST or None)
    if request.method != "POST":
        return None, form
    approving = request.POST.get("decision") == "approve"
    try:
        if approving:
            approve()
            messages.success(request, approved)
            return redirect(*done), form
        if form.is_valid():
            reject(form.cleaned_data["note"])
            messages.success(request, rejected)
            return redirect(*done), form
    except DomainError as exc:
        messages.error(request, exc.message)
        if approving:
            form = reject_form()
        else:
            add_domain_error(form, exc)
    return None, form
