"""Headers every dynamic response carries, and the query strings no view is given."""

from auditlog.middleware import AuditlogMiddleware as BaseAuditlogMiddleware
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.cache import add_never_cache_headers


class NulQueryMiddleware:
    """A query string with a NUL byte (%00) is a 400 before any view reads it. PostgreSQL
    refuses NUL in any text it is given, so a search box or filter that passes one on (every
    list page's ?q=) would answer with a 500; no person types one, so refusing them here is
    simpler than cleaning each parameter in each view. Forms refuse NUL in what is posted
    (Django's and DRF's CharField), and services that read posted text by hand check it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            message = "The address has a NUL character in it. Remove it and try again."
            if request.path.startswith("/api/"):  # every API answer is a JSON object
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class NoStoreMiddleware:
    """Nothing this application serves may be kept by a shared cache, or by the browser after
    someone signs out on a shared computer: pages, exports, receipts, board packs and API
    answers all carry personal or fund data. So every response says `Cache-Control: no-store`
    (Django's never-cache set). A view that already says `private, no-cache` keeps it: the
    API's summaries answer If-None-Match with their ETag, which needs a revalidated copy.
    The public pages and open data (cwf.core.public.public_view) say `public`: they carry
    nothing personal and are rendered without the visitor's session, so they may be kept.
    Static files never reach here (WhiteNoise serves them first, cacheable, by content hash)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        directives = {d.strip().lower() for d in response.get("Cache-Control", "").split(",")}
        if "public" not in directives and not {"private", "no-cache"} <= directives:
            add_never_cache_headers(response)
        return response


class AuditlogMiddleware(BaseAuditlogMiddleware):
    """django-auditlog's, except for /health/: naming the actor loads the session, a database
    read that must not stand between a database outage and health's 503 JSON."""

    def __call__(self, request):
        if request.path == "/health/":
            return self.get_response(request)
        return super().__call__(request)
