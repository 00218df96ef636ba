"""Every list endpoint and list page pins its query count at two data sizes: the bench's
generator builds 2 partnerships (with members, meetings, decisions, allocations, 60 tranches
each, releases and the ledger), the counts are taken, it grows to 12, and every page must take
exactly as many queries again. The routes are found by walking the URLconf, so a list added by
a later issue is covered without touching this file."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from cwf.accounts.tokens import api_token_create
from devtools.bench import generate

pytestmark = pytest.mark.django_db

# Not lists, or not about data size: sign-in flows, health checks that ask other services,
# and downloads whose size is the point.
SKIPPED_PREFIXES = ("accounts/", "admin/", "health/", "api/v1/schema", "__", "static/")


def _routes(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, route)
        elif isinstance(pattern, URLPattern) and "<" not in route and "(?P" not in route:
            yield route.lstrip("^").rstrip("$")


def _get_routes() -> list[str]:
    return sorted(
        {
            "/" + route
            for route in _routes()
            if not route.startswith(SKIPPED_PREFIXES) and "download" not in route
        }
    )


def _counts(api: Client, browser: Client, paths: list[str]) -> dict[str, int]:
    counts = {}
    for path in paths:
        client = api if path.startswith("/api/") else browser
        client.get(path)  # warm-up: first-use caches and once-a-minute writes
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code == 200:
            counts[path] = len(queries.captured_queries)
    return counts


def test_every_list_takes_the_same_queries_for_2_partnerships_and_12():
    portfolio = generate.portfolio_start(
        partnerships=12, load_trustees=0, spends_per_partnership=30
    )
    # An officer sees every page a trustee does, and the officers' own lists besides.
    officer = portfolio.people.proposer  # the bench sets up its MFA (devtools/bench/people.py)
    browser = Client()
    browser.force_login(officer)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=officer, name='t')[1]}")
    paths = _get_routes()

    generate.portfolio_grow(portfolio, upto=2)
    few = _counts(api, browser, paths)
    generate.portfolio_grow(portfolio, upto=12)
    many = _counts(api, browser, paths)

    assert any(path.startswith("/api/") for path in few), "the walk found no API list"
    assert len(few) > 10, f"the walk found too few pages: {sorted(few)}"
    grew = {path: (few[path], many.get(path)) for path in few if many.get(path) != few[path]}
    assert grew == {}, f"query counts that change with the data (2 vs 12 partnerships): {grew}"
