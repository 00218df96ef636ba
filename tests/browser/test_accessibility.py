"""axe-core on every page each role can reach, at 1280 px and 320 px, and on every form in its
error state: no WCAG 2.2 A/AA violation, and nothing scrolls sideways at 320 px (the WCAG reflow
width).

The page list is not written down: it is every route of the URL conf (as the access matrix walks
it), filled with partnership B's objects from the access matrix's world, and asked for as each
role, with B's own people in the partnership roles. Whatever answers with HTML is a page that role
can reach, so a new page is checked the day it is added. A form's error state is the page the
server returns when the form is sent as it comes, nothing filled in or chosen (hidden fields kept,
as a browser sends them), made inside a transaction that is rolled back (so nothing the form
would do happens), then shown in the browser at the page's own address.

A page whose main content another role already had checked (the admin's pages are mostly the
officer's) is checked once: the header and menu around it are checked on that role's other pages.

axe-core is the npm package pinned in package.json, injected from node_modules into each page. One
browser, one context per role, signed in by session cookie, JavaScript on (axe needs it; the pages
without JavaScript are covered by the journeys that switch it off).

While fixing pages, CWF_SWEEP_URLS=<regex> limits the sweep to the addresses it matches."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock

import pytest
from django.db import transaction
from django.test import Client
from django.urls import get_resolver

from tests.access.test_access_matrix import _fill, _walk
from tests.access.world import build_world
from tests.factories import Role, give_totp, user_with_role

pytestmark = pytest.mark.slow

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
NARROW, WIDE = 320, 1280
# Each role, and the roles swept before it whose pages it need not check again.
SWEEPS = {
    "signed_out": (),
    "resident": (),
    "chair": ("resident",),
    "finance": ("resident", "chair"),
    "officer": (),
    "trustee": ("officer",),
    "admin": ("officer",),
}

# Not pages of this product's own: the Django admin (staff only, Django's own markup) and the API
# (JSON; its docs page is drf-spectacular's Swagger UI). Files (CSV, XLSX, PDF, receipts) are not
# HTML, so they drop out by their content type. The account pages with a key in their address
# (e-mail confirmation, password reset) need a key sent by e-mail, and show the same templates as
# their neighbours.
SKIPPED = re.compile(r"^(admin/|api/)|\^|^accounts/.*<")
ARGUMENT = re.compile(r"<[^>]+>")
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
MAIN = re.compile(rb"<main.*</main>", re.DOTALL)
POST_FORM = re.compile(rb'<form[^>]*method="post"', re.IGNORECASE)


@dataclass
class Page:
    url: str
    html: bytes
    # The HTML of the page in its error state, when an empty POST gives one.
    error_html: bytes | None = None


def _people(world) -> dict[str, object | None]:
    """Each role as someone who may open partnership B's pages: B's own people for the
    partnership roles, the fund-wide roles as they are."""
    b = world.b
    people = {
        "resident": user_with_role(Role.RESIDENT_MEMBER, b, email="resident-b@axe.test"),
        "chair": user_with_role(Role.PARTNERSHIP_CHAIR, b, email="chair-b@axe.test"),
        "finance": user_with_role(Role.LTO_FINANCE, b, email="finance-b@axe.test"),
        "officer": world.users["officer"],
        "trustee": world.users["trustee"],
        "admin": user_with_role(Role.ADMIN, email="admin@axe.test"),
    }
    from cwf.accounts.permissions import requires_mfa

    for person in people.values():
        if requires_mfa(person):
            give_totp(person)
    return {**people, "signed_out": None}


def _states_worth_seeing(world, people) -> None:
    """What the access matrix's world lacks: a board pack still waiting for the worker (its
    waiting page), a list long enough to have pages (everyone's notifications), B's public
    page and the open data (issue 17), so the public pages are swept signed out, and a budget
    of B's whose vote is closed and decided (issue 20), so its result section is swept."""
    from partnerships.services.partnerships import partnership_publish
    from reporting.services import board_packs
    from reporting.services.notify import notify
    from reporting.services.open_data import open_data_publish
    from tests.participation.access_world import closed_budget

    partnership_publish(partnership_id=world.b.pk, actor=world.users["officer"])
    open_data_publish()
    world.b_objects["closed_budget"] = closed_budget(world)

    with mock.patch.object(board_packs, "_enqueue"):
        board_packs.board_pack_request(actor=world.users["officer"], kind="pdf")
    signed_in = [person for person in people.values() if person is not None]
    for number in range(26):
        notify(
            users=signed_in,
            key=f"axe-{number}",
            kind="submitted",
            subject=f"Report {number} submitted",
            body="A report was submitted.",
        )


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _routes() -> list[str]:
    routes = sorted(set(_walk(get_resolver().url_patterns)))
    return [route for route in routes if not SKIPPED.search(route)]


def _is_page(response) -> bool:
    # The service status page answers 503 while no worker runs, as in tests.
    ok = response.status_code == 200 or response.request["PATH_INFO"] == "/health/"
    return ok and response["Content-Type"].startswith("text/html")


class _RolledBack(Exception):
    pass


class _FirstPostForm(HTMLParser):
    """The fields of the page's first POST form in <main> that posts to the page itself, as a
    browser sends it when nothing is filled in: hidden fields with their values, every other
    field empty, nothing ticked."""

    def __init__(self, url: str):
        super().__init__()
        self.url = url
        self.in_main = self.in_form = self.done = False
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "main":
            self.in_main = True
        elif tag == "form" and self.in_main and not self.done and not self.in_form:
            posts = (a.get("method") or "").lower() == "post"
            self.in_form = posts and a.get("action") in (None, "", self.url)
        elif self.in_form and tag in ("input", "select", "textarea") and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio", "submit", "button", "image"):
                return
            self.fields[a["name"]] = (a.get("value") or "") if kind == "hidden" else ""

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form, self.done = False, True


def _error_state(client: Client, url: str, html: bytes) -> bytes | None:
    """The page the form gives back sent as it comes, when it is the form again with its errors.
    Rolled back, so a form that would act changes nothing; sent from a copy of the client, so a
    form that ends the session (signing out) leaves the sweep's own session alone."""
    form = _FirstPostForm(url)
    form.feed(html.decode())
    if not form.done:
        return None
    copy = Client()
    copy.cookies = client.cookies.__class__(client.cookies)
    body = None
    try:
        with transaction.atomic():
            response = copy.post(url, form.fields)
            if _is_page(response) and b"govuk-error-summary" in response.content:
                body = response.content
            raise _RolledBack
    except _RolledBack:
        pass
    return body


def _invitation_url(world) -> str:
    """The link an invited person gets by e-mail."""
    from django.core import mail

    from cwf.accounts import invitations

    invitations.invitation_create(
        actor=world.users["officer"],
        email="invitee@axe.test",
        role=Role.RESIDENT_MEMBER,
        partnership_id=world.b.pk,
    )
    return re.search(r"/join/[^/\s]+/", mail.outbox[-1].body).group(0)


def _result_pages(world) -> list[str]:
    """The closed budget's pages, where its result section is (the routes are filled with B's
    open budget): residents' page, the partnership's page, and its decision's public page."""
    budget = world.b_objects.get("closed_budget")
    if budget is None:
        return []
    return [
        f"/take-part/budgets/{budget.pk}/",
        f"/participation/budgets/{budget.pk}/",
        f"/open/partnerships/{world.b.pk}/decisions/{budget.decision_id}/",
    ]


def _pages(client: Client, world, *, signed_in: bool) -> list[Page]:
    """Every page the client's user can reach (and each form's error state), found by asking
    for every route as them."""
    pages = []
    if not signed_in:
        # Someone signed out reaches the sign-up page only through an invitation link.
        response = client.get(_invitation_url(world), follow=True)
        pages.append(Page(response.request["PATH_INFO"], response.content))
    filled = []
    for route in _routes():
        if route.startswith("join/") or (ARGUMENT.search(route) and not signed_in):
            continue
        filled.append(_fill(route, world))
    for url in filled + _result_pages(world):
        if url is None:
            continue
        response = client.get(url)
        if not _is_page(response):
            continue
        page = Page(url, response.content)
        if POST_FORM.search(response.content):
            page.error_html = _error_state(client, url, response.content)
        pages.append(page)
    return pages


def _fingerprint(html: bytes, user) -> str:
    """The page's main content, without what differs between two people seeing the same page."""
    main = MAIN.search(html)
    body = CSRF.sub(b"", main.group(0) if main else html)
    if user is not None:
        body = body.replace(user.email.encode(), b"").replace(user.full_name.encode(), b"")
    return hashlib.sha256(body).hexdigest()


# The innermost elements that reach past the right edge, to say what to fix.
TOO_WIDE = """() => {
  const over = [...document.querySelectorAll('body *')].filter(
    e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1);
  const innermost = over.filter(e => !over.some(o => o !== e && e.contains(o)));
  return innermost.slice(0, 3).map(e =>
    e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined
      ? '.' + e.className.trim().split(/\\s+/).join('.') : '') +
    ' "' + (e.textContent || '').trim().slice(0, 30) + '"');
}"""


def _check(page, label: str) -> list[str]:
    """axe at 1280 px, then at 320 px with the sideways-scroll check, on the loaded page."""
    problems = []
    for width in (WIDE, NARROW):
        page.set_viewport_size({"width": width, "height": 900})
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']})",
            WCAG_TAGS,
        )
        for violation in result["violations"]:
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
            problems.append(
                f"{label} at {width} px: {violation['id']} ({violation['impact']}): "
                f"{violation['help']} at {targets}"
            )
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > NARROW:
        problems.append(
            f"{label} at {NARROW} px: scrolls sideways ({scroll_width} px wide; too wide: "
            f"{', '.join(page.evaluate(TOO_WIDE))})"
        )
    return problems


def _serve(body: bytes):
    def fulfil(route, request):
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=body)

    return fulfil


# The officer reaches most pages: their sweep is cut in two, so two test processes share it.
PARTS = {"officer": 2}
SWEEP_PARTS = [
    pytest.param(role, part, id=role if PARTS.get(role, 1) == 1 else f"{role}-{part + 1}")
    for role in SWEEPS
    for part in range(PARTS.get(role, 1))
]


@pytest.mark.parametrize(("role", "part"), SWEEP_PARTS)
def test_every_page_passes_axe_and_reflows_at_320px(
    role, part, browser, live_server, transactional_db
):
    world = build_world()
    people = _people(world)
    _states_worth_seeing(world, people)
    user = people[role]
    client = _client(user)
    pages = _pages(client, world, signed_in=user is not None)
    assert len(pages) >= 3, f"{role} reaches too few pages for a real sweep: {pages}"

    only = re.compile(os.environ.get("CWF_SWEEP_URLS", ""))
    parts = PARTS.get(role, 1)
    pages = [p for n, p in enumerate(pages) if n % parts == part and only.search(p.url)]
    checked = set()
    for earlier in SWEEPS[role]:
        for page in _pages(_client(people[earlier]), world, signed_in=True):
            checked.add(_fingerprint(page.html, people[earlier]))
            if page.error_html:
                checked.add(_fingerprint(page.error_html, people[earlier]))

    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    context.add_init_script(path=str(AXE))
    session = client.cookies["sessionid"].value
    context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    browser_page = context.new_page()
    problems, count = [], 0
    try:
        for page in pages:
            for html, state in ((page.html, ""), (page.error_html, " (form with errors)")):
                fingerprint = html and _fingerprint(html, user)
                if html is None or fingerprint in checked:
                    continue
                checked.add(fingerprint)
                count += 1
                browser_page.set_viewport_size({"width": WIDE, "height": 900})
                address = live_server.url + page.url
                if state:
                    browser_page.route(address, _serve(html))
                browser_page.goto(page.url)
                if state:
                    browser_page.unroute(address)
                problems += _check(browser_page, f"{role} {page.url}{state}")
    finally:
        context.close()
    assert not problems, f"{len(problems)} problems on {count} pages:\n" + "\n".join(problems)
