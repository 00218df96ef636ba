"""Idempotent writes: a form or API request sent twice is done once, and the repeat gets the
first answer.

Every POST form of this project carries `{% submission_key %}` next to `{% csrf_token %}`: a
hidden `submission_key` field holding a random key made when the page was drawn. API clients
send the same thing as an `Idempotency-Key` header (Stripe's convention). For a POST with
either, `IdempotencyMiddleware` runs the view itself, in the request's one transaction, after
inserting a `SubmissionKey` row unique per (who, key):

- The first request inserts the row; when the view answers 2xx or 3xx the row keeps that
  answer (the redirect's Location, or the body: an API response, or a page) and commits with
  the write. When the view refuses (4xx) or fails, the row goes, so the same key may be sent
  again. A form shown again with errors is a new page with a new key.
- A repeat finds the row and gets the first answer: a redirect to the same place (with a line
  saying it was done once) or the same API status and body. A repeat sent while the first is
  still running waits on PostgreSQL's unique index until the first commits (or rolls back, and
  then it runs itself), so ten identical POSTs at once store one spend.
- The same key on another path is refused (422): a key names one request, never two.

Keys are kept a day (`submission_keys_prune`, beat)."""

from __future__ import annotations

import hashlib
import uuid

from allauth.core.exceptions import ImmediateHttpResponse
from django.contrib import messages
from django.db import IntegrityError, router, transaction
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.html import format_html

FIELD = "submission_key"
HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 100
MAX_BODY_BYTES = 256 * 1024
REPEATED = "You sent this twice. It was done once."


def new_key() -> str:
    return uuid.uuid4().hex


def hidden_input() -> str:
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_key())


def _principal(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    authorization = request.headers.get("Authorization", "")
    if authorization:
        return "token:" + hashlib.sha256(authorization.encode()).hexdigest()[:64]
    return "anonymous"


def _key(request) -> str | None:
    key = request.headers.get(HEADER) or request.POST.get(FIELD)
    if not key:
        return None
    return key.strip()[:MAX_KEY_LENGTH] or None


def _replay(request, row) -> HttpResponse:
    if row.path != request.path:
        return JsonResponse(
            {"detail": "This key was already used for another request. Use a new key."},
            status=422,
        )
    if row.location:
        if not row.content_type.startswith("application/json"):
            messages.info(request, REPEATED)
        return HttpResponseRedirect(row.location, status=row.status_code)
    response = HttpResponse(bytes(row.body), status=row.status_code, content_type=row.content_type)
    response["Idempotent-Replayed"] = "true"
    return response


class IdempotencyMiddleware:
    """Last in MIDDLEWARE, so CSRF, sign-in and MFA checks have all run before it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST":
            return None
        key = _key(request)
        if key is None:
            return None
        from .models import SubmissionKey

        # Views outside ATOMIC_REQUESTS (those writing uploaded files) run in this transaction
        # too: the key must commit with the write. Their services' blocks become savepoints,
        # which cwf.core.files handles; a failure after such a block has finished (the key's
        # own save) could leave an unused file, which harms no one.
        alias = router.db_for_write(SubmissionKey)
        principal = _principal(request)
        try:
            return self._once(request, view_func, view_args, view_kwargs, principal, key, alias)
        except ImmediateHttpResponse as exc:
            # allauth's way of answering from deep inside a view (its middleware's
            # process_exception, which a response from process_view would skip).
            return exc.response

    def _once(self, request, view_func, view_args, view_kwargs, principal, key, alias):
        from .models import SubmissionKey

        with transaction.atomic(using=alias):
            try:
                with transaction.atomic(using=alias):
                    row = SubmissionKey.objects.create(
                        principal=principal, key=key, path=request.path[:500], status_code=0
                    )
            except IntegrityError:
                # The first request with this key has committed: answer as it was answered.
                first = SubmissionKey.objects.get(principal=principal, key=key)
                return _replay(request, first)
            response = view_func(request, *view_args, **view_kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if not 200 <= response.status_code < 400 or response.streaming:
                row.delete()  # refused or not kept: the same key may be sent again
                return response
            if 300 <= response.status_code < 400:
                row.location = response.get("Location", "")
            content_type = response.get("Content-Type", "")
            row.status_code = response.status_code
            row.content_type = content_type[:200]
            if not row.location:
                if len(response.content) > MAX_BODY_BYTES:
                    row.delete()  # too big to keep: a repeat will run again
                    return response
                row.body = response.content
            row.save()
        return response
