"""Issue 15's form journeys, in the browser as a resident or a chair meets them: without
JavaScript from sign-in to a logged £25 spend with a receipt, through a validation error, without
choosing the file again; and a chair's £750 spend that needs a decision, recorded without
leaving the flow."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from grants.models import Spend
from grants.services.disbursement import tranches_release_due
from grants.services.plans import plan_endorse, plan_submit
from partnerships.models import Decision
from partnerships.services import members
from tests.browser.helpers import login
from tests.grants.plan_scenario import drafted, pay_released, setup_partnership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4 till receipt" + b"\x00" * 40


@pytest.fixture
def s(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    s = setup_partnership()
    plan = drafted(s)
    plan_submit(plan_id=plan.pk, actor=s["chair"])
    plan_endorse(plan_id=plan.pk, actor=s["officer"], today=date(2024, 5, 1))
    tranches_release_due(today=date(2024, 5, 1))
    pay_released(s)  # the LTO has received it, so spends within it need no fronting
    return s


def _to_the_spend_form(page, s):
    """From the home page to 'Log a spend': one tap, the home page's first everyday task."""
    page.get_by_role("link", name="Log a spend").first.click()
    page.wait_for_selector("h1:has-text('Log a spend')")


def test_a_resident_without_javascript_logs_a_spend_through_an_error_keeping_the_receipt(
    page_as, live_server, tmp_path, s
):
    receipt = tmp_path / "receipt.pdf"
    receipt.write_bytes(PDF)
    page = page_as(None, javascript=False)
    login(page, live_server, s["resident"])
    _to_the_spend_form(page, s)
    page.get_by_label("Day").fill("3")
    page.get_by_label("Month").fill("6")
    page.get_by_label("Year").fill("2024")
    page.get_by_label("Amount").fill("25")
    page.get_by_label("What it was for").fill("Tea and biscuits for the open day")
    page.select_option("#id_theme", str(s["themes"]["Community spaces"].pk))
    page.set_input_files("#id_receipt", str(receipt))
    page.get_by_role("button", name="Log the spend").click()  # who was paid is missing
    page.wait_for_selector("text=There is a problem")
    assert page.title().startswith("Error: ")
    page.get_by_role("link", name="Enter who was paid, for example the shop's name").click()
    assert page.locator("#id_payee").get_attribute("aria-invalid") == "true"
    assert "receipt.pdf" in page.inner_text("#held-receipt")
    page.get_by_label("Who was paid", exact=True).fill("Corner Shop")
    page.get_by_role("button", name="Log the spend").click()  # no file chosen this time
    page.wait_for_selector("text=Spend of £25.00 to Corner Shop logged")
    spend = Spend.objects.get()
    assert spend.receipt.read() == PDF
    assert page.locator("text=Download the receipt").count() == 1


def test_a_chair_logs_a_750_spend_recording_its_decision_on_the_way(page_as, s):
    for n in range(6):
        members.member_add(
            actor=s["officer"], partnership_id=s["partnership"].pk, full_name=f"Member {n}",
            is_resident=True, joined_on=date(2024, 1, 1),
        )  # fmt: skip
    page = page_as(s["chair"])
    page.goto("/")
    _to_the_spend_form(page, s)
    page.get_by_label("Day").fill("3")
    page.get_by_label("Month").fill("6")
    page.get_by_label("Year").fill("2024")
    page.get_by_label("Amount").fill("750.00")
    page.get_by_label("Who was paid", exact=True).fill("Stage Co")
    page.get_by_label("What it was for").fill("Stage for the fun day")
    page.select_option("#id_theme", str(s["themes"]["Young people"].pk))
    page.get_by_role("button", name="Log the spend").click()
    page.wait_for_selector("text=needs the decision")
    page.get_by_role("button", name="Record the decision that approved it").click()
    page.wait_for_selector("h1:has-text('Record the decision for this spend')")
    assert page.input_value("#id_amount") == "750.00"
    page.get_by_label("By written resolution").check()
    today = timezone.localdate()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    for n in range(4):
        page.get_by_label(f"Member {n}").first.check()
    page.get_by_role("button", name="Record the decision and go back to the spend").click()
    page.wait_for_selector("text=recorded and chosen for this spend")
    assert page.input_value("#id_payee") == "Stage Co"
    decision = Decision.objects.get()
    assert page.input_value("#id_decision") == str(decision.pk)
    page.get_by_role("button", name="Log the spend").click()
    page.wait_for_selector("text=Spend of £750.00 to Stage Co logged")
    assert Spend.objects.get().decision == decision
