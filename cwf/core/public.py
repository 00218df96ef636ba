"""What every public page, file and endpoint shares (docs/open-data.md): no sign-in, a rate
limit per address, and cache headers. Public views read nothing from the session, so a visitor
gets no cookie."""

from __future__ import annotations

import functools

from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from rest_framework.throttling import SimpleRateThrottle

# How long a browser or a proxy may keep a public page: short, so an unpublished page or a
# withheld spend goes quickly.
MAX_AGE = 300

LICENCES = {
    "OGL": (
        "Open Government Licence v3.0",
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    ),
    "CC-BY": ("Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"),
}


class PublicThrottle(SimpleRateThrottle):
    """Per address (X-Forwarded-For as settings.NUM_PROXIES says), signed in or not."""

    scope = "public"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def public_throttled(view):
    """A public page's rate limit alone (429 with Retry-After): for a page that must not be
    cached, such as a form or a vote."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        throttle = PublicThrottle()
        if not throttle.allow_request(request, None):
            response = HttpResponse("Too many requests: try again in a minute.", status=429)
            response["Retry-After"] = str(int(throttle.wait() or 60))
            return response
        return view(request, *args, **kwargs)

    return wrapped


def public_view(view):
    """A public page or file: throttled (429 with Retry-After) and cacheable for MAX_AGE."""

    @public_throttled
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=MAX_AGE)
        return response

    return wrapped


def licence() -> tuple[str, str]:
    from django.conf import settings

    return LICENCES.get(settings.OPEN_DATA_LICENCE, LICENCES["OGL"])
