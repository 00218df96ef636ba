from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError


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


class ApiIndexView(APIView):
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
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_RESPONSES.items():
                responses.setdefault(code, {"description": description, "content": error})
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
