import hashlib
import json

from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter, SearchFilter
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError


def money_field(**kwargs) -> serializers.DecimalField:
    """Money in the API: a string with exactly two decimal places (pence, never a float)."""
    return serializers.DecimalField(max_digits=14, decimal_places=2, **kwargs)


def exception_handler(exc, context):
    """A service's DomainError becomes a 400 with the message (and field, when there is one).
    Every error answer is a JSON object: a bare list of messages (a filter that refuses a
    value, say) becomes {"detail": ...}."""
    if isinstance(exc, DomainError):
        body = {"detail": exc.message}
        if exc.field:
            body["field"] = exc.field
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        response.data = {"detail": " ".join(str(message) for message in response.data)}
    return response


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@permission_classes([AllowAny])
def api_not_found(request, *args, **kwargs):
    """Any address under /api/v1/ that is not an endpoint: a JSON 404 that points to the index
    (Django's own would be an HTML page). A read of an endpoint without its trailing slash is
    redirected to it, as Django's APPEND_SLASH would."""
    if request.method in ("GET", "HEAD") and not request.path.endswith("/"):
        match = _resolves(request.path + "/")
        if match is not None and match.url_name != "api_not_found":
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                request.path + "/" + (f"?{query}" if query else "")
            )
    return Response(
        {
            "detail": (
                f"There is no API endpoint at {request.path}. The list of endpoints is at "
                f"{request.build_absolute_uri(reverse('api_index'))}."
            )
        },
        status=status.HTTP_404_NOT_FOUND,
    )


# --- What a client that syncs needs: strict parameters, ETags, updated_after -------------------

# Parameters renamed so that every date filter reads <field>_after / <field>_before (issue 25).
RENAMED_PARAMETERS = {
    "due_on_after": "due_after",
    "due_on_before": "due_before",
    "spent_from": "spent_after",
    "spent_to": "spent_before",
    "meeting_from": "meeting_after",
    "meeting_to": "meeting_before",
    "updated_since": "updated_after",
}


def updated_after_filter(field_name: str = "updated_at") -> filters.IsoDateTimeFilter:
    """Records changed strictly after this moment: pass the newest `updated_at` you hold."""
    return filters.IsoDateTimeFilter(
        field_name=field_name,
        lookup_expr="gt",
        label="Changed strictly after this moment (ISO 8601): the newest updated_at you hold.",
    )


def etag_of(data) -> str:
    return '"' + hashlib.sha256(JSONRenderer().render(data)).hexdigest()[:40] + '"'


def answer_with_etag(request, data, response: Response | None = None) -> Response:
    """`data` with an ETag of its JSON; If-None-Match with the same ETag gets 304 and no body.
    `private, no-cache` so a client keeps a copy and revalidates (NoStoreMiddleware keeps it)."""
    etag = etag_of(data)
    wanted = [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if etag in wanted or "*" in wanted:
        return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
    if response is None:
        return Response(data, headers=headers)
    for name, value in headers.items():
        response[name] = value
    return response


def json_body(data) -> tuple[bytes, str]:
    """`data` rendered as the API renders it, with its ETag: what a cached answer keeps."""
    body = JSONRenderer().render(data)
    return body, '"' + hashlib.sha256(body).hexdigest()[:40] + '"'


def answer_with_body(request, body: bytes, etag: str) -> HttpResponse:
    """A cached answer (`json_body`), as `answer_with_etag` would give its data: 304 for its
    ETag, else the bytes as they were rendered, not parsed and rendered again (that was most of
    a cached read's time, docs/performance.md). The browsable API, or JSON asked for indented,
    gets the data parsed back and rendered as asked."""
    wanted = [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if etag in wanted or "*" in wanted:
        return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
    renderer = getattr(request, "accepted_renderer", None)
    media_type = getattr(request, "accepted_media_type", "") or ""
    if type(renderer) is JSONRenderer and "indent" not in media_type:
        return HttpResponse(body, content_type=renderer.media_type, headers=headers)
    return Response(json.loads(body), headers=headers)


class SyncableApi:
    """Every API view: an unknown query parameter is a 400 naming it and what the endpoint
    accepts (a typo such as ?updated_since= would otherwise return everything), and every
    successful read carries an ETag (If-None-Match gets 304). A view names parameters it reads
    itself in `query_parameters`; filters, search, ordering and pages are found from the view."""

    query_parameters: tuple[str, ...] = ()

    def accepted_query_parameters(self) -> set[str]:
        accepted = set(self.query_parameters)
        if getattr(self, "action", "list") not in ("list", None):
            return accepted  # one object: the schema documents no filters for it
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None:
            accepted |= set(filterset_class.base_filters)
        for backend in getattr(self, "filter_backends", ()):
            if issubclass(backend, SearchFilter) and getattr(self, "search_fields", None):
                accepted.add(backend.search_param)
            if issubclass(backend, OrderingFilter):
                accepted.add(backend.ordering_param)
        paginator = getattr(self, "paginator", None)
        if paginator is not None:
            accepted |= {
                name
                for name in (
                    getattr(paginator, "page_query_param", None),
                    getattr(paginator, "page_size_query_param", None),
                )
                if name
            }
        return accepted

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication and permissions first
        accepted = self.accepted_query_parameters()
        unknown = sorted(set(request.query_params) - accepted)
        if unknown:
            known = ", ".join(sorted(accepted)) or "none"
            errors = {}
            for name in unknown:
                renamed = RENAMED_PARAMETERS.get(name)
                hint = f" Did you mean {renamed}?" if renamed in accepted else ""
                errors[name] = [f"Unknown parameter.{hint} This endpoint accepts: {known}."]
            raise ValidationError(
                {"detail": f"Unknown query parameter: {', '.join(unknown)}.", **errors}
            )

    def finalize_response(self, request, response, *args, **kwargs):
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == status.HTTP_200_OK
            and isinstance(response, Response)
            and response.data is not None
            and "ETag" not in response
        ):
            response = answer_with_etag(request, response.data, response)
        return super().finalize_response(request, response, *args, **kwargs)


API_PREFIX = "api/v1/"
NOT_LISTED = {"api_schema", "api_docs"}


class ApiIndexSerializer(serializers.Serializer):
    name = serializers.CharField()
    version = serializers.CharField()
    documentation = serializers.URLField(help_text="The interactive documentation.")
    schema = serializers.URLField(help_text="The OpenAPI schema.")
    authentication = serializers.CharField()
    endpoints = serializers.DictField(
        child=serializers.URLField(), help_text="Each list endpoint, by name."
    )


def _list_routes(patterns, prefix: str = ""):
    """Every route without arguments, with its name, as the URL resolver has them."""
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _list_routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and "<" not in route and entry.name:
            yield route, entry.name


class ApiIndexView(SyncableApi, APIView):
    """The front door of the API: where the documentation and the schema are, how to
    authenticate, and every list endpoint (each object's own URL is in its list)."""

    @extend_schema(summary="Index of the API", tags=["index"], responses=ApiIndexSerializer)
    def get(self, request):
        endpoints = {
            route.removeprefix(API_PREFIX).rstrip("/"): request.build_absolute_uri("/" + route)
            for route, name in sorted(set(_list_routes(get_resolver().url_patterns)))
            if route.startswith(API_PREFIX) and route != API_PREFIX and name not in NOT_LISTED
        }
        return Response(
            {
                "name": "CWF Grants API",
                "version": "v1",
                "documentation": request.build_absolute_uri(reverse("api_docs")),
                "schema": request.build_absolute_uri(reverse("api_schema")),
                "authentication": (
                    "A personal API token, made on your account page (API tokens), sent as "
                    "Authorization: Bearer <token>. Read-only."
                ),
                "endpoints": endpoints,
            }
        )


# --- Error responses, documented on every operation --------------------------------------------
ERROR_RESPONSES = {
    "400": "The request is not valid: `detail` says why (and `field` names the field), or, "
    "for a filter, each bad parameter is a key with its messages.",
    "401": "No valid API token (or session): send Authorization: Bearer <token>. A revoked "
    "token gets this too.",
    "403": "You may not do this: your role does not allow it (trustees read only), or your role "
    "needs two-factor authentication and your account has none set up.",
    "404": "No such object for you: it does not exist or is outside what you may see, or the "
    "page number is past the end.",
    "429": "Too many requests: wait the number of seconds in the Retry-After header.",
}
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What was wrong, in words a person reads."},
        "field": {"type": "string", "description": "The field at fault, when there is one."},
    },
    "additionalProperties": True,
}


def document_errors(result, generator, request, public):
    """A drf-spectacular postprocessing hook: every operation lists the 400, 401, 403, 404 and
    429 answers it can give, each a JSON object with `detail` (cwf.core.api.exception_handler)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    etag = {
        "ETag": {
            "description": "An ETag of the answer: send it back as If-None-Match to ask "
            "whether it changed.",
            "schema": {"type": "string"},
        }
    }
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_RESPONSES.items():
                responses.setdefault(code, {"description": description, "content": error})
            if method == "get":  # SyncableApi: every read has an ETag
                if "200" in responses:
                    responses["200"].setdefault("headers", {}).update(etag)
                responses.setdefault(
                    "304",
                    {
                        "description": "Not modified: If-None-Match named this answer's ETag. "
                        "No body.",
                        "headers": etag,
                    },
                )
    return result


def _resolves(path: str):
    try:
        return resolve(path)
    except Resolver404:
        return None


class AnythingConverter:
    """Any rest of a path, new lines included (the `path` converter stops at a new line)."""

    regex = r"[\s\S]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class VersionCachedList:
    """A list endpoint whose answer is cached by the portfolio versions
    (cwf/core/portfolio_version.py), so trustees and officers paging the same list under load
    share one computation until the next committed write that could change it: never stale.
    The key holds the versions the view reads (`portfolio_concerns`: "main", or "both" when
    its rows read the spending log or its totals, or "main, spend when read": see below), the
    day, the viewer's scope (their roles and partnerships: two viewers share an answer only if
    they may see the same rows), and every query parameter (filters, ordering, page, page
    size). Only tables the versions watch may be read (grants, partnerships, reporting). Off
    with PORTFOLIO_CACHE_LISTS = False (the bench times the computation itself).

    "main, spend when read": a list whose rows read spend only in some cases (an allocation's
    close-out flag, only near its end) says after computing a page, in `page_reads_spend()`,
    whether any of its rows did. A page none of whose rows did is the same whatever the spend
    version, so it is kept by the main version alone: residents' spends leave it cached. A
    page that did is keyed by both versions, as "both" is."""

    portfolio_concerns = "both"
    SPEND_WHEN_READ = "main, spend when read"

    def page_reads_spend(self) -> bool:
        """For "main, spend when read": whether the page just computed read spend."""
        return True

    def list(self, request, *args, **kwargs):
        from django.conf import settings
        from django.utils import timezone

        from cwf.accounts import permissions

        from . import portfolio_version

        versions = portfolio_version.versions() if settings.PORTFOLIO_CACHE_LISTS else None
        if versions is None:
            return super().list(request, *args, **kwargs)
        scope = sorted((role, pid or 0) for role, pid in permissions.role_pairs(request.user))
        parameters = sorted(request.query_params.lists())
        identity = repr((type(self).__qualname__, scope, parameters, request.accepted_media_type))
        digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
        prefix = f"api-list:{timezone.localdate().isoformat()}:{digest}"
        main, spend = versions

        def compute():
            body, etag = json_body(
                super(VersionCachedList, self).list(request, *args, **kwargs).data
            )
            return body, etag, self.page_reads_spend()

        if self.portfolio_concerns == "main":
            key = f"{prefix}:{main}"
        elif self.portfolio_concerns == self.SPEND_WHEN_READ:
            body, etag, reads_spend = portfolio_version.cached(f"{prefix}:{main}", compute)
            if not reads_spend:
                return answer_with_body(request, body, etag)
            key = f"{prefix}:{main}:{spend}"
        else:
            key = f"{prefix}:{main}:{spend}"
        body, etag, _ = portfolio_version.cached(key, compute)
        return answer_with_body(request, body, etag)
