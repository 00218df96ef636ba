"""Issue 24, finding 1 in the browser, without JavaScript: one officer changes a partnership's
LTO mid-term (through a form error), a second officer approves it, the next tranche is released,
and the ledger, the payment batch, the e-mail and the allocation page all name the new LTO; the
old LTO's handover is in the ledger and ledger_verify passes."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from grants.models import Frequency, Transaction
from grants.services.disbursement import tranche_release, tranches_release_due
from grants.services.payments import tranches_mark_paid
from partnerships.models import Lto, LtoContact
from tests.browser.helpers import fill_date
from tests.factories import PartnershipFactory
from tests.grants import scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
START = date(2024, 4, 1)


@pytest.fixture
def w():
    officer, second = scenario.officers()
    scenario.fund(officer)
    partnership = PartnershipFactory(name="Moving On Big Local")
    allocation = scenario.active(
        officer, second, partnership=partnership, frequency=Frequency.ANNUAL, starts_on=START
    )
    first, unpaid = allocation.tranches.order_by("sequence")[:2]
    tranche_release(tranche_id=first.pk, today=START)
    tranches_mark_paid(
        tranche_ids=[first.pk], actor=officer, bank_reference="BACS-1", paid_on=date(2024, 4, 20)
    )
    tranche_release(tranche_id=unpaid.pk, today=date(2025, 4, 1))  # released, not paid
    new = Lto.objects.create(
        name="Newtown Community Trust",
        supplier_reference="SUP-NEWTOWN",
        due_diligence_status=Lto.DueDiligence.PASSED,
        due_diligence_date=date(2026, 1, 5),
    )
    LtoContact.objects.create(lto=new, name="Nia New", email="nia@newtown.example")
    return {"officer": officer, "second": second, "allocation": allocation, "new": new}


def test_changing_the_lto_mid_term_sends_the_next_payment_to_the_new_lto(page_as, w):
    allocation, today = w["allocation"], timezone.localdate()
    old = allocation.funding_agreement.lto
    page = page_as(w["officer"], phone=False)
    page.goto(f"/grants/allocations/{allocation.pk}/")
    page.get_by_role("link", name="Change the LTO").click()
    page.wait_for_selector("h1:has-text('Change the LTO')")
    page.select_option("#id_new_lto", str(w["new"].pk))
    fill_date(page, "id_new_lto_starts_on", today.isoformat())
    page.get_by_label("Money the old LTO transferred to the new LTO").fill("60000")
    fill_date(page, "id_handover_on", today.isoformat())
    page.get_by_label("Bank reference of the transfer").fill("TRF-NEWTOWN")
    page.get_by_label("Why is the LTO changing?").fill("The old LTO is winding up.")
    page.get_by_role("button", name="Propose the change of LTO").click()
    # It holds £100,000 of the partnership's money: the rest must be explained.
    page.wait_for_selector("text=There is a problem")
    assert "say what happened to the other £40,000.00" in page.inner_text(".govuk-error-summary")
    page.get_by_label("What happened to the rest of the money the old LTO held").fill(
        "£40,000 returned to the fund, bank reference RET-77."
    )
    page.get_by_role("button", name="Propose the change of LTO").click()
    page.wait_for_selector("text=Change of LTO proposed")
    assert "nothing is released or paid until it is decided" in page.inner_text("main")

    # While it waits, the release run releases nothing of this allocation.
    assert tranches_release_due(today=today).get("released", 0) == 0

    second = page_as(w["second"], phone=False)
    second.goto(f"/grants/allocations/{allocation.pk}/")
    second.get_by_role("link", name="Review the amendment").click()
    second.get_by_role("button", name="Approve and apply").click()
    second.wait_for_selector("text=Change of LTO approved")

    mail.outbox.clear()
    tranches_release_due(today=today)  # the re-released tranche 2 and tranche 3
    recipients = {m.to[0] for m in mail.outbox}
    assert "nia@newtown.example" in recipients and "lto@example.org" not in recipients
    assert all("Newtown Community Trust" in m.body for m in mail.outbox)

    second.goto(f"/grants/allocations/{allocation.pk}/")
    summary = second.inner_text("main")
    assert "with Newtown Community Trust" in summary
    assert f"Novated from {old.name} to Newtown Community Trust" in summary

    second.goto("/grants/payments/")
    batch = second.inner_text("main")
    assert "Newtown Community Trust" in batch and old.name not in batch

    second.goto("/grants/ledger/")
    ledger = second.inner_text("main")
    assert "released to Newtown Community Trust" in ledger
    assert f"{old.name} handed £60,000.00" in ledger
    handover = Transaction.objects.get(kind=Transaction.Kind.HANDOVER)
    assert "TRF-NEWTOWN" in handover.memo
    call_command("ledger_verify")
