"""Headers every dynamic response carries, and the query strings no view is given."""

from auditlog.middleware import AuditlogMiddleware as BaseAuditlogMiddleware
from django.http import QueryDict
from django.utils.cache import add_never_cache_headers


class NulQueryMiddleware:
    """NUL bytes (%00) are dropped from the query string before any view reads it. PostgreSQL
    refuses NUL in any text it is given, so a search box or filter that passed one on (every
    list page's ?q=) would answer with a 500; no person means one, and a search of any
    character must give results or "no results" (issue 19), so cleaning them here, once, is
    simpler than cleaning each parameter in each view. Forms refuse NUL in what is posted
    (Django's and DRF's CharField), and services that read posted text by hand check it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "%00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
            request.META["QUERY_STRING"] = cleaned.urlencode()
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
