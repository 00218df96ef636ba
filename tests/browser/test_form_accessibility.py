"""Issue 15's forms in their error states pass axe-core (pinned in package.json) for the WCAG 2.2
A and AA rules, at 320 px and at 1280 px, and do not scroll sideways at 320 px. The layout's
harness walks every page; this holds the error states of the forms this issue changed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from grants.services.disbursement import tranches_release_due
from grants.services.plans import plan_endorse, plan_submit
from partnerships.services import members
from tests.grants.plan_scenario import drafted, setup_partnership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def axe_violations(page) -> list[str]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run npm ci")
    # Evaluated through the DevTools protocol, which the pages' CSP (script-src 'self') allows.
    page.evaluate("source => { (0, eval)(source); }", AXE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [
        f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
        for v in result["violations"]
    ]


def scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")


@pytest.fixture
def s():
    s = setup_partnership()
    plan = drafted(s)
    plan_submit(plan_id=plan.pk, actor=s["chair"])
    plan_endorse(plan_id=plan.pk, actor=s["officer"], today=date(2024, 5, 1))
    tranches_release_due(today=date(2024, 5, 1))
    members.member_add(
        actor=s["officer"], partnership_id=s["partnership"].pk, full_name="Member One",
        is_resident=True, joined_on=date(2024, 1, 1),
    )  # fmt: skip
    # Issue 19: a new plan version, to add outcome indicators to.
    from grants.services.plans import plan_draft_start

    s["draft"] = plan_draft_start(partnership_id=s["partnership"].pk, actor=s["chair"])
    return s


def _error_states(s):
    p = s["partnership"].pk
    return [
        (s["resident"], f"/plans/partnership/{p}/spending/log/", "Log the spend"),
        (s["chair"], f"/plans/partnership/{p}/spending/log/", "Log the spend"),
        (s["chair"], f"/plans/partnership/{p}/spending/log/decision/", "Record the decision"),
        (s["chair"], f"/partnerships/{p}/members/new/", "Add member"),
        (s["chair"], f"/partnerships/{p}/meetings/new/", "Save and record attendance"),  # a bad day
        # Issue 19: a learning note without a theme; an outcome indicator with nothing chosen.
        (s["chair"], "/learning/new/", "Share the note"),
        (s["chair"], f"/plans/{s['draft'].pk}/indicators/add/", "Add the indicator"),
        (None, "/accounts/login/", "Sign in"),
    ]


@pytest.mark.parametrize("width", [320, 1280])
def test_forms_in_their_error_state_pass_axe_and_fit(page_as, s, width):
    problems = {}
    for user, url, button in _error_states(s):
        page = page_as(user, phone=width < 800, javascript=True)
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        if page.locator("#id_held_on_day").count():
            page.fill("#id_held_on_day", "32")
        page.locator("main button", has_text=button).first.click()
        page.wait_for_selector(".govuk-error-summary")
        assert page.title().startswith("Error: "), url
        found = axe_violations(page)
        if width == 320 and scrolls_sideways(page):
            found.append("scrolls sideways at 320 px")
        if found:
            problems[url] = found
    assert problems == {}
