"""Headers every dynamic response carries."""

from auditlog.middleware import AuditlogMiddleware as BaseAuditlogMiddleware
from django.utils.cache import add_never_cache_headers


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
