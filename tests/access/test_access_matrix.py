"""The access matrix: every URL of the project, as every role, against another partnership's data.

It walks the URL resolver, so a new URL is covered the day it is added. A URL argument it cannot
fill fails the test with instructions (see world.py)."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver

from tests.access.world import B_MARKER, URL_ARGUMENTS, build_world
from tests.conftest import signed_in

# Third-party URL trees with their own protection, checked separately below.
SKIPPED_PREFIXES = ("accounts/", "admin/")
# Pages anyone may open, signed in or not.
# The OpenAPI schema and its docs describe the API's shape, never its data.
# The privacy page says what the fund holds, from the register: nobody's data.
PUBLIC = {"health/", "join/<str:token>/", "api/v1/schema/", "api/v1/docs/", "privacy/"}
# The public pages, open data and public API (issue 17): for everyone, but only about the
# partnerships that published their page. B has not, so every scoped user (and anyone signed
# out) gets a 404 on B's public page, and B's data on none (the checks below).
PUBLIC |= {
    "open/",
    "open/fund.csv",
    "open/data/",
    "open/data/<str:name>",
    "open/partnerships/<int:partnership_pk>/",
    "open/partnerships/<int:partnership_pk>/spending.csv",
    "open/partnerships/<int:partnership_pk>/decisions/<int:decision_pk>/",
    "open/partnerships/<int:partnership_pk>/stories/<int:story_pk>/photo/",
    "api/v1/public/fund/",
    "api/v1/public/partnerships/",
    "api/v1/public/partnerships/<int:partnership_pk>/",
    "api/v1/public/data/",
}
# Shared between partnerships by design (issue 19): every partnership reads the learning
# library, B's notes with B's name on them, and may ask B a question (a POST that is not valid
# writes nothing). Who may change a note, and the questions asked about it, stay B's.
SHARED = {
    "learning/",
    "learning/<int:note_pk>/",
    "learning/<int:note_pk>/ask/",
    "api/v1/learning-notes/",
    "api/v1/learning-notes/<int:note_pk>/",
}
# Residents' pages for budgets and consultations (issue 20): for everyone, only a published
# partnership's, so B's are a 404 to everyone here.
PUBLIC |= {
    "take-part/budgets/<int:budget_pk>/",
    "take-part/budgets/<int:budget_pk>/ideas/new/",
    "take-part/budgets/<int:budget_pk>/vote/",
    "take-part/budgets/<int:budget_pk>/vote/check-your-email/",
    "take-part/budgets/<int:budget_pk>/vote/confirm/",
    "take-part/budgets/<int:budget_pk>/vote/ballot/",
    "take-part/budgets/<int:budget_pk>/vote/thank-you/",
    "take-part/consultations/<int:consultation_pk>/",
    "take-part/consultations/<int:consultation_pk>/thank-you/",
}
SCOPED_USERS = ["resident_a", "chair_a", "finance_a", "no_role"]
# Routes where a trustee changes only their own records, never the fund's.
TRUSTEES_OWN = {"reports/notifications/read/"}  # marking their notifications read


def _walk(patterns, prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def _routes() -> list[str]:
    routes = sorted(set(_walk(get_resolver().url_patterns)))
    return [r for r in routes if not r.startswith(SKIPPED_PREFIXES)]


# A write the database is asked to make. Sessions are the framework's, not the product's data.
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
NOT_DATA = ("django_session",)


@contextmanager
def writes():
    """Counts the statements that would change the product's data (any table: the ledger,
    notifications and the outbox as much as audited rows), so "nothing was written" is what
    the database saw, not what the audit log remembered to record."""
    seen: list[str] = []

    def count(execute, sql, params, many, context):
        if WRITE.match(sql) and not any(table in sql for table in NOT_DATA):
            seen.append(sql[:120])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield seen


ARG = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")


def _fill(route: str, world) -> str | None:
    """The URL for `route` with B's objects, or None if the route has a bearer-token argument."""
    url = route.replace("^", "").replace("$", "")
    for match in ARG.finditer(route):
        name = match.group("name")
        if name not in URL_ARGUMENTS:
            pytest.fail(
                f"URL '{route}' has the argument <{name}>, which the access matrix does not "
                f"know. Add how to fill it with partnership B's object to URL_ARGUMENTS in "
                f"tests/access/world.py."
            )
        filler = URL_ARGUMENTS[name]
        if filler is None:
            return None
        url = url.replace(match.group(0), str(filler(world)))
    return "/" + url


@pytest.fixture
def world(db):
    return build_world()


def _clients(world):
    return {name: signed_in(user) for name, user in world.users.items()}


@pytest.mark.django_db
def test_every_route_is_walked():
    routes = _routes()
    assert "" in routes and "health/" in routes
    assert len(routes) >= 5


@pytest.mark.django_db
def test_no_scoped_user_sees_another_partnerships_data(world):
    clients = _clients(world)
    problems = []
    for route in _routes():
        url = _fill(route, world)
        if url is None:
            continue
        has_b_object = "<" in route
        if route in SHARED:
            continue
        for name in SCOPED_USERS:
            response = clients[name].get(url)
            body = response.content.decode(errors="replace") if response.status_code == 200 else ""
            if has_b_object and response.status_code == 200:
                problems.append(f"{name} GET {url}: 200 on partnership B's object")
            elif B_MARKER in body:
                problems.append(f"{name} GET {url}: page shows partnership B's data")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_no_scoped_user_can_change_another_partnerships_data(world):
    clients = _clients(world)
    problems = []
    for route in _routes():
        if "<" not in route:
            continue
        url = _fill(route, world)
        if url is None:
            continue
        for name in SCOPED_USERS:
            with writes() as written:
                response = clients[name].post(url, {})
            if response.status_code not in (403, 404, 405) and route not in SHARED:
                problems.append(f"{name} POST {url}: {response.status_code}")
            if written:
                problems.append(f"{name} POST {url}: changed data ({written[0]})")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_trustees_never_write(world):
    trustee = signed_in(world.users["trustee"])
    problems = []
    for route in _routes():
        url = _fill(route, world)
        if url is None or route in PUBLIC:
            continue
        with writes() as written:
            response = trustee.post(url, {})
        if written and route not in TRUSTEES_OWN:
            problems.append(
                f"trustee POST {url}: changed data ({response.status_code}, {written[0]})"
            )
        if response.status_code == 200 and "/api/" in url:
            problems.append(f"trustee POST {url}: API accepted a write")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(world, client):
    problems = []
    for route in _routes():
        url = _fill(route, world)
        if url is None or route in PUBLIC:
            continue
        response = client.get(url)
        redirected_to_login = response.status_code == 302 and "/accounts/login/" in response.url
        if not (redirected_to_login or response.status_code in (401, 403, 404)):
            problems.append(f"anonymous GET {url}: {response.status_code}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_admin_is_closed_to_everyone_but_staff(world):
    for name, user in world.users.items():
        response = signed_in(user).get("/admin/")
        assert response.status_code == 302, name


@pytest.mark.django_db
def test_the_write_counter_sees_rows_the_audit_log_does_not():
    """Outbox e-mails and notifications are not audited; the matrix still sees them."""
    from cwf.core import outbox

    with writes() as written:
        outbox.email_queue(to=["x@example.org"], subject="S", body="B")
    assert written and "core_outboxemail" in written[0]
