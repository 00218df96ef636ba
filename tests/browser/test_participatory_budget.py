"""Issue 20, "done when": signed out, on a phone (360 px, no JavaScript), a resident proposes an
idea, confirms an e-mail address by the link the outbox sent, votes within the budget, and after
the close sees the result on the partnership's public page; a second vote from the same address
is refused."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import expect

from participation.models import Idea, Vote
from participation.services import budgets
from tests.browser.conftest import TIMEOUT_MS
from tests.participation.scenario import budget_scenario, confirm_link

pytestmark = pytest.mark.django_db(transaction=True)
SMALL_PHONE = {"width": 360, "height": 740}


@pytest.fixture
def resident_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport=SMALL_PHONE, is_mobile=True, java_script_enabled=False
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]


def test_a_resident_proposes_confirms_votes_and_sees_the_result(resident_page, live_server):
    mail.outbox.clear()
    s = budget_scenario(stage="ideas")
    budget, chair = s["budget"], s["chair"]
    page = resident_page

    page.goto(f"/take-part/budgets/{budget.pk}/")
    no_sideways_scroll(page)
    page.get_by_role("link", name="Propose an idea").click()
    page.get_by_label("Name your idea").fill("Planters on the high street")
    page.get_by_label("Describe your idea").fill("Flower planters outside the shops.")
    page.get_by_role("button", name="Send your idea").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Idea sent")

    # The partnership moderates, shortlists and costs it (and two more), then opens the vote.
    mine = Idea.objects.get(title="Planters on the high street")
    other = budgets.idea_propose(budget_id=budget.pk, title="New goalposts", description="Two.")
    budgets.budget_transition(actor=chair, budget_id=budget.pk, target="costing")
    budgets.idea_moderate(actor=chair, idea_id=mine.pk, status="shortlisted", cost="3000")
    budgets.idea_moderate(actor=chair, idea_id=other.pk, status="shortlisted", cost="18000")
    budgets.budget_transition(actor=chair, budget_id=budget.pk, target="voting")

    page.goto(f"/take-part/budgets/{budget.pk}/")
    page.get_by_role("link", name="Vote").click()
    page.get_by_label("Your e-mail address").fill("resident@example.org")
    page.get_by_label("I live here").check()
    page.get_by_label("Postcode").fill("SR8 4AA")
    page.get_by_role("button", name="Send me the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")

    link = confirm_link("resident@example.org")
    page.goto(link)
    page.get_by_role("button", name="Confirm and vote").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose projects up to £20,000.00")
    no_sideways_scroll(page)
    page.get_by_label("Planters on the high street: £3,000.00").check()
    page.get_by_label("New goalposts: £18,000.00").check()
    page.get_by_role("button", name="Cast your vote").click()  # £21,000: too much
    expect(page.locator(".govuk-error-summary")).to_contain_text("Take £1,000.00 off")
    page.get_by_label("New goalposts: £18,000.00").uncheck()
    page.get_by_label("Planters on the high street: £3,000.00").check()
    page.get_by_role("button", name="Cast your vote").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your vote is counted")

    # The same address again: the link is spent, and a new request says it has voted.
    page.goto(link)
    page.get_by_role("button", name="Confirm and vote").click()
    expect(page.locator("#confirm-error")).to_contain_text("This link has been used")
    page.goto(f"/take-part/budgets/{budget.pk}/vote/")
    page.get_by_label("Your e-mail address").fill("Resident@Example.org")
    page.get_by_label("I live here").check()
    page.get_by_label("Postcode").fill("SR8 4AA")
    page.get_by_role("button", name="Send me the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    assert any(m.subject.startswith("You have already voted") for m in mail.outbox)
    assert Vote.objects.filter(budget=budget).count() == 1

    budgets.budget_close(actor=chair, budget_id=budget.pk)
    page.goto(f"/open/partnerships/{s['partnership'].pk}/")
    result = page.locator(f"#budget-{budget.pk}-result")
    expect(result).to_contain_text("You voted: 1 person")
    expect(result).to_contain_text("Planters on the high street (£3,000.00)")
    no_sideways_scroll(page)
    # Voting now is refused, with the result shown.
    page.goto(f"/take-part/budgets/{budget.pk}/vote/")
    expect(page.locator("#refused")).to_contain_text("Voting has closed")
    expect(page.locator("#tally")).to_contain_text("Planters on the high street")
