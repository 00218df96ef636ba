"""Issue 6's "Done when" journeys at a phone's size, without JavaScript: a chair finishes and
submits a plan and an officer endorses it (the schedule follows); a resident logs a spend with a
receipt and sees it in planned-against-actual; a mistaken spend is reversed with a reason."""

from datetime import date
from decimal import Decimal

import pytest

from grants.models import Allocation, Spend, SpendingPlan, Tranche
from grants.services.disbursement import tranches_release_due
from grants.services.plans import plan_endorse, plan_submit
from grants.services.spending import SpendInput, spend_log
from tests.grants.plan_scenario import drafted, even_vision, pay_released, setup_partnership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def test_chair_finishes_and_submits_officer_endorses_and_the_schedule_follows(page_as):
    starts_on = date(date.today().year + 1, 4, 1)
    s = setup_partnership(starts_on=starts_on)
    themes = s["themes"]
    vision = even_vision(themes, s["allocation"])
    cell = (themes["Community spaces"].pk, 1)
    vision[cell] -= Decimal("1000.00")
    plan = drafted(s, vision=vision)
    page = page_as(s["chair"])
    page.goto(f"/plans/{plan.pk}/")
    page.wait_for_selector("text=Difference: £1,000.00")
    page.click("text=Edit the plan")
    field = page.locator(f"#id_vision_{cell[0]}_1")
    field.fill(f"{vision[cell] + Decimal('1000.00'):.2f}")
    page.select_option("#id_action_4_theme", str(themes["Environment"].pk))
    page.fill("#id_action_4_description", "Plant the pocket park")
    page.select_option("#id_action_4_year", "1")
    page.fill("#id_action_4_budget", "5000.00")
    page.fill("#id_action_4_lead", "Green group")
    page.click("text=Save the plan")
    page.wait_for_selector("text=The costed vision adds up")
    page.click("text=Submit for endorsement")
    page.click("button:has-text('Submit the plan')")
    page.wait_for_selector("text=Plan submitted")

    officer = page_as(s["officer"])
    officer.goto(f"/plans/{plan.pk}/")
    officer.click("text=Endorse or return")
    officer.select_option("#id_decision", "endorse")
    officer.click("button:has-text('Confirm')")
    officer.wait_for_selector("text=Plan endorsed")
    allocation = Allocation.objects.get(pk=s["allocation"].pk)
    assert allocation.status == Allocation.Status.ACTIVE
    first = allocation.tranches.exclude(status=Tranche.Status.CANCELLED).order_by("due_on").first()
    # Year 1 of the action plan (60,000 + 40,000 + 5,000) when the term starts.
    assert (first.due_on, first.amount) == (starts_on, Decimal("105000.00"))
    officer.goto(f"/grants/allocations/{allocation.pk}/")
    officer.wait_for_selector("text=£105,000.00")


def _endorsed():
    s = setup_partnership()
    plan = drafted(s)
    plan_submit(plan_id=plan.pk, actor=s["chair"])
    plan_endorse(plan_id=plan.pk, actor=s["officer"], today=date(2024, 5, 1))
    tranches_release_due(today=date(2024, 5, 1))
    pay_released(s)  # the LTO has received it: spends within it need no confirmation
    return s


def test_resident_logs_a_spend_with_a_receipt_on_a_phone(page_as, tmp_path):
    s = _endorsed()
    receipt = tmp_path / "till-receipt.png"
    receipt.write_bytes(PNG)
    page = page_as(s["resident"])
    page.goto(f"/plans/partnership/{s['partnership'].pk}/spending/")
    page.click("text=Log a spend")
    page.fill("#id_spent_on_day", "3")
    page.fill("#id_spent_on_month", "6")
    page.fill("#id_spent_on_year", "2024")
    page.fill("#id_amount", "0")  # a mistake first: the form comes back half-filled
    page.fill("#id_payee", "Greenway Print")
    page.fill("#id_description", "Leaflets for the fun day")
    page.select_option("#id_theme", str(s["themes"]["Community spaces"].pk))
    page.click("button:has-text('Log the spend')")
    page.wait_for_selector("text=There is a problem")
    assert page.input_value("#id_payee") == "Greenway Print"
    page.fill("#id_amount", "86.40")
    page.set_input_files("#id_receipt", str(receipt))
    page.click("button:has-text('Log the spend')")
    page.wait_for_selector("text=Spend of £86.40 to Greenway Print logged")
    assert page.locator("text=Download the receipt").count() == 1
    page.goto(f"/plans/partnership/{s['partnership'].pk}/money/")
    assert page.inner_text("#spent") == "£86.40"
    assert page.inner_text("#held") == "£99,913.60"
    row = page.locator("#planned-actual tr", has_text="Community spaces").first
    assert "£86.40" in row.inner_text() and "£49,913.60" in row.inner_text()


def test_a_mistaken_spend_is_reversed_with_a_reason(page_as):
    s = _endorsed()
    theme = s["themes"]["Young people"].pk
    spend = spend_log(
        partnership_id=s["partnership"].pk,
        actor=s["resident"],
        data=SpendInput(date(2024, 6, 1), "250.00", "Hall Hire", "Room", theme),
    )
    page = page_as(s["resident"])
    page.goto(f"/plans/spends/{spend.pk}/edit/")
    page.wait_for_selector("text=cannot be edited or deleted")
    page.click("text=Reverse this spend instead")
    page.click("button:has-text('Reverse the spend')")
    page.wait_for_selector("text=There is a problem")
    page.fill("#id_reason", "Logged against the wrong partnership")
    page.click("button:has-text('Reverse the spend')")
    page.wait_for_selector("text=Spend reversed")
    page.wait_for_selector("text=Logged against the wrong partnership")
    assert Spend.objects.get(reverses=spend).amount == Decimal("-250.00")
    assert not SpendingPlan.objects.filter(status="draft").exists()
