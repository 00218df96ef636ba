"""Every page of the project, as an officer and as a partnership's chair, with hostile query
strings: search boxes, filters, pages and languages never answer with a 500. NUL bytes pass
Python but not PostgreSQL; "²" passes str.isdigit() but not int()."""

from __future__ import annotations

import pytest

from tests.access.test_access_matrix import _fill, _routes
from tests.access.world import build_world
from tests.conftest import signed_in

PARAMETERS = ("q", "status", "page", "funds", "kind", "theme", "partnership", "region", "decile",
              "year", "lang", "sort", "per_page", "imd_decile", "ordering")  # fmt: skip
VALUES = ("x\x00y", "²", "9" * 40, "-1", "a" * 3000)


@pytest.mark.django_db
def test_no_page_fails_on_a_hostile_query_string():
    world = build_world()
    officer = signed_in(world.users["officer"])
    officer.raise_request_exception = False
    problems = []
    for route in _routes():
        url = _fill(route, world)
        if url is None or url == "/health/":  # its 503 says what is down, not the query
            continue
        for value in VALUES:
            query = dict.fromkeys(PARAMETERS, value)
            if route.startswith("api/"):
                # The API refuses unknown parameters (400): send each alone.
                for name in PARAMETERS:
                    response = officer.get(url, {name: value})
                    if response.status_code >= 500:
                        problems.append(f"GET {url}?{name}={value[:10]!r}: {response.status_code}")
                continue
            response = officer.get(url, query)
            if response.status_code >= 500:
                problems.append(f"GET {url} with {value[:10]!r}: {response.status_code}")
    assert not problems, "\n".join(problems)
