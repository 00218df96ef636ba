"""Issue 24: the less-travelled paths a fund lives through. A new LTO mid-term (finding 1) and
a withdrawal with money at the LTO (finding 2), worked by hand.

The scenario: £1,000,000 over 10 years from 1 April 2024, paid yearly, so each tranche is
£100,000 of grant plus the 5% LTO contribution, £105,000. Tranche 1 is released on 1 April 2024
and paid on 20 April; tranche 2 is released on 1 April 2025 and not yet paid."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command

from cwf.accounts.roles import Role
from cwf.core.errors import DomainError
from grants.models import Account, AllocationAmendment, Frequency, MoneyReturn, Tranche, Transaction
from grants.selectors.money import allocation_money, fund_money, money_flow, partnership_money
from grants.services.amendments import amendment_approve, amendment_propose, amendment_reject
from grants.services.disbursement import tranche_release, tranches_release_due
from grants.services.payments import tranches_mark_paid
from grants.services.plans import themes_ensure
from grants.services.returns import money_return_record
from grants.services.spending import SpendInput, spend_log
from partnerships.models import Lto, LtoContact
from partnerships.services.ltos import lto_link
from tests.factories import PartnershipFactory, user_with_role
from tests.grants import scenario
from tests.grants.helpers import balance, ledger_is_consistent, written

pytestmark = pytest.mark.django_db
D = Decimal
START = date(2024, 4, 1)
KIND = AllocationAmendment.Kind


@pytest.fixture
def world():
    officer, second = scenario.officers()
    scenario.fund(officer)
    partnership = PartnershipFactory(name="Moving On Big Local")
    allocation = scenario.active(
        officer, second, partnership=partnership, frequency=Frequency.ANNUAL, starts_on=START
    )
    first, second_tranche = allocation.tranches.order_by("sequence")[:2]
    tranche_release(tranche_id=first.pk, today=START)
    tranches_mark_paid(
        tranche_ids=[first.pk], actor=officer, bank_reference="BACS-1", paid_on=date(2024, 4, 20)
    )
    tranche_release(tranche_id=second_tranche.pk, today=date(2025, 4, 1))
    old = allocation.funding_agreement.lto
    new = Lto.objects.create(
        name="Newtown Community Trust",
        supplier_reference="SUP-NEW",
        due_diligence_status=Lto.DueDiligence.PASSED,
    )
    LtoContact.objects.create(lto=new, name="Nia New", email="nia@newtown.example")
    return {
        "officer": officer,
        "second": second,
        "partnership": partnership,
        "allocation": allocation,
        "first": first,
        "unpaid": second_tranche,
        "old": old,
        "new": new,
    }


def propose_change(w, **kwargs):
    kwargs.setdefault("handover_transferred", "100000.00")
    kwargs.setdefault("handover_on", date(2025, 5, 2))
    kwargs.setdefault("bank_reference", "TRF-NEWTOWN")
    return amendment_propose(
        allocation_id=w["allocation"].pk,
        actor=w["officer"],
        kind=KIND.LTO_CHANGE,
        reason="The old LTO is winding up",
        new_lto_id=w["new"].pk,
        new_lto_starts_on=date(2025, 5, 1),
        **kwargs,
    )


# --- Finding 1: after a change of LTO, payments go to the new LTO ---------------------------------
def test_the_lto_cannot_be_swapped_under_a_funding_agreement_without_four_eyes(world):
    with pytest.raises(DomainError, match="binds the current LTO"):
        lto_link(
            actor=world["officer"],
            partnership_id=world["partnership"].pk,
            lto_id=world["new"].pk,
            starts_on=date(2025, 5, 1),
        )
    change = propose_change(world)
    with pytest.raises(DomainError, match="You proposed this amendment"):
        amendment_approve(amendment_id=change.pk, actor=world["officer"])


def test_releases_and_payments_wait_while_a_change_of_lto_awaits_approval(world):
    propose_change(world)
    before = written()
    tranches_release_due(today=date(2026, 4, 1))
    assert written() == before
    with pytest.raises(DomainError, match="change of LTO for this allocation is awaiting"):
        tranches_mark_paid(
            tranche_ids=[world["unpaid"].pk],
            actor=world["officer"],
            bank_reference="BACS-2",
            paid_on=date(2025, 4, 5),
        )


def test_after_the_change_every_release_and_payment_names_the_new_lto(
    world, django_capture_on_commit_callbacks
):
    w = world
    change = propose_change(w)
    amendment_approve(amendment_id=change.pk, actor=w["second"])
    allocation, old, new = w["allocation"], w["old"], w["new"]
    allocation.refresh_from_db()

    assert w["partnership"].active_lto_link().lto == new
    assert allocation.funding_agreement.lto == new
    # The released-unpaid tranche left the payment batch: its release reversed, a replacement
    # scheduled on the same due date.
    w["unpaid"].refresh_from_db()
    assert w["unpaid"].status == Tranche.Status.CANCELLED
    assert balance(Account.Kind.PAYABLE, allocation=allocation) == D("0.00")
    replacement = allocation.tranches.get(status=Tranche.Status.SCHEDULED, due_on=date(2025, 4, 1))
    assert replacement.total == D("105000.00")

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after commit
        tranches_release_due(today=date(2025, 5, 5))
    replacement.refresh_from_db()
    release = replacement.release
    assert release.lto == new
    assert release.transaction.memo.endswith("released to Newtown Community Trust")
    recipients = {m.to[0] for m in mail.outbox}
    assert "nia@newtown.example" in recipients
    assert "lto@example.org" not in recipients  # the old LTO's contact
    tranches_mark_paid(
        tranche_ids=[replacement.pk],
        actor=w["officer"],
        bank_reference="BACS-2",
        paid_on=date(2025, 5, 6),
    )
    # The old LTO was paid tranche 1 (£105,000) and handed £100,000 of grant on; the new LTO
    # holds that and the replacement tranche.
    assert balance(Account.Kind.PAID, lto=old) == D("5000.00")
    assert balance(Account.Kind.PAID, lto=new) == D("205000.00")
    handover = Transaction.objects.get(kind=Transaction.Kind.HANDOVER)
    assert handover.effective_on == date(2025, 5, 2)
    assert "TRF-NEWTOWN" in handover.memo
    figures = partnership_money(partnership_id=w["partnership"].pk)
    assert (figures.released, figures.paid, figures.received) == (
        D("210000.00"),
        D("210000.00"),
        D("200000.00"),
    )
    ledger_is_consistent()
    call_command("ledger_verify")


def test_a_handover_short_of_what_the_old_lto_holds_must_be_explained(world):
    with pytest.raises(DomainError, match=r"say what happened to the other £40,000.00"):
        propose_change(world, handover_transferred="60000.00")
    with pytest.raises(DomainError, match=r"holds £100,000.00"):
        propose_change(world, handover_transferred="100000.01")
    change = propose_change(
        world,
        handover_transferred="60000.00",
        handover_note="£40,000 spent on the hall before the handover; spends in the log.",
    )
    assert change.old_lto == world["old"]


# --- Finding 2: a withdrawal cancels unpaid releases; money returned is recorded ------------------
def _spend(w, amount, day):
    themes = {t.name: t for t in themes_ensure()}
    finance = w.setdefault(
        "finance", user_with_role(Role.LTO_FINANCE, w["partnership"], full_name="Fay Finance")
    )
    spend_log(
        partnership_id=w["partnership"].pk,
        actor=finance,
        data=SpendInput(
            spent_on=day,
            amount=D(amount),
            payee="Hall Hire Ltd",
            description="Hall hire",
            theme_id=themes["Community spaces"].pk,
        ),
        today=day,
    )


def test_withdrawing_cancels_the_unpaid_release_and_the_repayment_is_recorded(world):
    w = world
    allocation = w["allocation"]
    for day in (5, 6, 7):
        _spend(w, "400.00", date(2025, 4, day))  # £1,200 of the £100,000 received spent
    before_uncommitted = balance(Account.Kind.UNCOMMITTED)
    scenario.withdraw(allocation.pk, w["officer"], w["second"], reason="The partnership folded")
    allocation.refresh_from_db()
    w["unpaid"].refresh_from_db()
    assert w["unpaid"].status == Tranche.Status.CANCELLED
    # Everything not paid comes back: 8 unreleased tranches and the released-unpaid one.
    assert balance(Account.Kind.UNCOMMITTED) - before_uncommitted == D("945000.00")
    assert balance(Account.Kind.PAYABLE, allocation=allocation) == D("0.00")
    with pytest.raises(DomainError, match="only a released tranche can be paid"):
        tranches_mark_paid(
            tranche_ids=[w["unpaid"].pk],
            actor=w["officer"],
            bank_reference="BACS-2",
            paid_on=date(2025, 4, 5),
        )

    with pytest.raises(DomainError, match=r"holds £98,800.00"):
        money_return_record(
            allocation_id=allocation.pk,
            actor=w["officer"],
            amount="98800.01",
            returned_on=date(2025, 6, 1),
            bank_reference="RET-1",
        )
    money_return_record(
        allocation_id=allocation.pk,
        actor=w["officer"],
        amount="98800.00",
        returned_on=date(2025, 6, 1),
        bank_reference="RET-1",
    )
    with pytest.raises(DomainError, match=r"(?i)RET-1 is recorded already"):
        money_return_record(
            allocation_id=allocation.pk,
            actor=w["officer"],
            amount="1.00",
            returned_on=date(2025, 6, 1),
            bank_reference="ret-1",
        )
    returned = MoneyReturn.objects.get()
    assert (returned.amount, returned.contribution) == (D("98800.00"), D("4940.00"))

    figures = partnership_money(partnership_id=w["partnership"].pk)
    assert figures.received == D("100000.00")
    assert figures.spent == D("1200.00")
    assert figures.returned == D("98800.00")
    assert figures.held == D("0.00")
    assert figures.released == figures.paid == D("105000.00")
    assert figures.awaiting_payment == D("0.00")
    assert figures.unreleased == D("0.00")
    assert figures.outstanding == D("0.00")
    one = allocation_money(allocation)
    assert one.underspend_returned == D("103740.00")
    assert one.released_unpaid == D("0.00")
    flow = money_flow(partnership_id=w["partnership"].pk, end=date(2025, 6, 30))
    assert flow.returned == D("98800.00")
    assert money_flow(partnership_id=w["partnership"].pk, end=date(2025, 5, 31)).returned == 0
    # The fund's ledger agrees: money in is held, paid or spent on fees.
    fund = fund_money(viewer=w["officer"])
    assert fund.returned_underspend == D("103740.00")
    assert fund.released_unpaid == D("0.00")
    assert fund.paid == D("105000.00")
    assert fund.balances
    ledger_is_consistent()
    call_command("ledger_verify")


def test_money_returned_needs_a_bank_reference_and_a_withdrawn_or_closed_allocation(world):
    w = world
    with pytest.raises(DomainError, match="after a withdrawal or a close"):
        money_return_record(
            allocation_id=w["allocation"].pk,
            actor=w["officer"],
            amount="10.00",
            returned_on=date(2025, 6, 1),
            bank_reference="RET-1",
        )
    with pytest.raises(DomainError, match="Enter the bank reference"):
        money_return_record(
            allocation_id=w["allocation"].pk,
            actor=w["officer"],
            amount="10.00",
            returned_on=date(2025, 6, 1),
            bank_reference=" ",
        )


# --- Finding 5: close-out has a home for the final report and legacy statement ------------------
@pytest.fixture
def closing():
    from grants.services.closeout import allocation_close_out_start
    from partnerships.models import Partnership

    officer, second = scenario.officers()
    scenario.fund(officer)
    partnership = PartnershipFactory(
        name="Nearly Done Big Local", status=Partnership.Status.DELIVERING
    )
    allocation = scenario.active(
        officer,
        second,
        partnership=partnership,
        frequency=Frequency.ANNUAL,
        starts_on=date(2014, 4, 1),
    )
    tranches_release_due(today=date(2024, 1, 1))  # all ten
    ids = list(allocation.tranches.values_list("pk", flat=True))
    tranches_mark_paid(
        tranche_ids=ids, actor=officer, bank_reference="BACS-ALL", paid_on=date(2024, 1, 2)
    )
    allocation_close_out_start(allocation_id=allocation.pk, actor=officer)
    chair = user_with_role(Role.PARTNERSHIP_CHAIR, partnership, full_name="Chidi Chair")
    return {"officer": officer, "second": second, "allocation": allocation, "chair": chair}


def test_close_out_moves_the_partnership_to_closing(closing):
    partnership = closing["allocation"].partnership
    partnership.refresh_from_db()
    assert partnership.status == "closing"


def test_the_chair_writes_the_final_report_and_legacy_statement_then_the_close_records_as_typed(
    closing,
):
    from tests.conftest import signed_in

    w, allocation = closing, closing["allocation"]

    def propose(**kwargs):
        return amendment_propose(
            allocation_id=allocation.pk,
            actor=w["officer"],
            kind=KIND.CLOSE,
            reason="Close-out",
            underspend_returned="23456.78",
            returned_on=date(2024, 2, 1),
            **kwargs,
        )

    with pytest.raises(DomainError, match="final report and legacy statement come first"):
        propose(bank_reference="RET-9")
    chair = signed_in(w["chair"])
    url = f"/grants/allocations/{allocation.pk}/close-out/statement/"
    page = chair.post(url, {"final_report": "", "legacy_statement": ""})
    assert "Write the final report." in page.content.decode()
    chair.post(url, {"final_report": "Ten good years.", "legacy_statement": "The hub lasts."})
    with pytest.raises(DomainError, match="bank reference of the LTO's repayment"):
        propose()
    amendment_approve(amendment_id=propose(bank_reference="RET-9").pk, actor=w["second"])
    allocation.refresh_from_db()
    assert allocation.status == "closed"
    returned = MoneyReturn.objects.get(allocation=allocation)
    assert (returned.amount, returned.contribution) == (D("23456.78"), D("1172.84"))
    assert returned.bank_reference == "RET-9"
    page = signed_in(w["officer"]).get(f"/grants/allocations/{allocation.pk}/").content.decode()
    assert "Ten good years." in page and "The hub lasts." in page
    assert "£23,456.78 and £1,172.84 contribution" in page and "RET-9" in page
    assert partnership_money(partnership_id=allocation.partnership_id).returned == D("23456.78")
    call_command("ledger_verify")
    # The proposal was announced as a close (issue 24's gap): what approving it would record.
    from reporting.models import Notification

    [asked] = Notification.objects.filter(
        recipient=w["second"], subject="Awaiting your decision: closing Nearly Done Big Local's "
        "allocation",
    )  # fmt: skip
    assert "£23,456.78 is recorded as the underspend the LTO returned on 1 Feb 2024" in asked.body
    assert "(bank reference RET-9)" in asked.body
    [told] = Notification.objects.filter(
        recipient=w["chair"], subject__startswith="The fund has proposed closing"
    )
    assert "Nothing changes until a second officer decides" in told.body


# --- Finding 6: the smaller items -----------------------------------------------------------------
def test_a_schedule_amendment_is_refused_when_proposed_while_a_tranche_is_held(world):
    from grants.services.tranches import tranche_hold

    w = world
    third = w["allocation"].tranches.filter(status=Tranche.Status.SCHEDULED).first()
    tranche_hold(tranche_id=third.pk, actor=w["officer"], reason="Bank details changing")
    with pytest.raises(DomainError, match="is on hold: lift the hold"):
        amendment_propose(
            allocation_id=w["allocation"].pk,
            actor=w["officer"],
            kind=KIND.SCHEDULE,
            reason="Half-yearly",
            new_frequency=Frequency.HALF_YEARLY,
        )
    assert not AllocationAmendment.objects.exists()


def test_a_pending_amendment_stands_in_the_way_of_a_withdrawal(world):
    w = world
    amendment_propose(
        allocation_id=w["allocation"].pk,
        actor=w["officer"],
        kind=KIND.AMOUNT,
        reason="More",
        new_amount="1100000.00",
    )
    with pytest.raises(DomainError, match="already has an amendment awaiting approval"):
        amendment_propose(
            allocation_id=w["allocation"].pk, actor=w["officer"], kind=KIND.WITHDRAWAL, reason="x"
        )


def test_the_decision_page_says_what_a_term_or_amount_change_does_not_do_to_the_schedule(world):
    from tests.conftest import signed_in

    w = world
    term = amendment_propose(
        allocation_id=w["allocation"].pk,
        actor=w["officer"],
        kind=KIND.TERM,
        reason="Longer",
        new_term_years=15,
    )
    page = signed_in(w["second"]).get(f"/grants/amendments/{term.pk}/").content.decode()
    assert "The payment schedule still ends on 1 Apr 2033" in page
    assert "new term ends on 31 Mar 2039" in page
    assert "Propose a schedule that follows the plan" in page


def test_the_payment_batch_ticks_nothing_until_the_officer_chooses(world):
    from tests.conftest import signed_in

    page = signed_in(world["officer"]).get("/grants/payments/").content.decode()
    assert 'name="tranches"' in page and " checked" not in page


def test_the_release_run_says_which_due_tranches_it_left_alone(world):
    import io

    from grants.services.tranches import tranche_hold

    w = world
    third = w["allocation"].tranches.filter(status=Tranche.Status.SCHEDULED).first()
    tranche_hold(tranche_id=third.pk, actor=w["officer"], reason="Bank details changing")
    out = io.StringIO()
    call_command("release_due_tranches", stdout=out)
    assert "Not released: tranche 3 of Moving On Big Local (due 1 Apr 2026): on hold: " in (
        out.getvalue()
    )
    assert "Bank details changing" in out.getvalue()


def test_amendments_close_out_and_plan_reviews_are_announced(world):
    from reporting.models import Notification

    w = world
    chair = user_with_role(Role.PARTNERSHIP_CHAIR, w["partnership"], full_name="Chidi Chair")
    change = propose_change(w)
    assert Notification.objects.filter(
        recipient=w["second"], subject__startswith="Awaiting your decision: a change of LTO"
    ).exists()
    amendment_approve(amendment_id=change.pk, actor=w["second"])
    told = Notification.objects.filter(subject__contains="change of LTO to Newtown")
    assert {n.recipient for n in told if "approved" in n.subject} == {w["officer"], chair}


def test_a_proposed_withdrawal_is_announced_as_one_to_the_second_officer_and_the_partnership(
    world,
):
    """Issue 24's gap: a proposed withdrawal was announced only by the general "amendment
    proposed" notice, to officers. Now the second officer reads what approving it would do to
    the money, and the partnership's chair and LTO finance are told it is proposed and why."""
    from reporting.models import Notification

    w = world
    chair = user_with_role(Role.PARTNERSHIP_CHAIR, w["partnership"], full_name="Chidi Chair")
    finance = user_with_role(Role.LTO_FINANCE, w["partnership"], full_name="Fola Finance")
    resident = user_with_role(Role.RESIDENT_MEMBER, w["partnership"])
    amendment = amendment_propose(
        allocation_id=w["allocation"].pk, actor=w["officer"], kind=KIND.WITHDRAWAL,
        reason="The partnership has folded",
    )  # fmt: skip
    [asked] = Notification.objects.filter(recipient=w["second"])
    assert asked.subject == "Awaiting your decision: withdrawing Moving On Big Local's allocation"
    assert asked.link == f"/grants/amendments/{amendment.pk}/"
    assert "The reason given: The partnership has folded" in asked.body
    # Tranche 2 (£105,000) released and unpaid; 8 tranches of £105,000 not released; tranche 1
    # paid.
    assert "£105,000.00 released but not yet paid is cancelled before payment" in asked.body
    assert "£840,000.00 not yet released goes back" in asked.body
    assert "the £105,000.00 already paid to the LTO is the LTO's to repay" in asked.body
    told = Notification.objects.filter(
        subject="The fund has proposed withdrawing Moving On Big Local's allocation"
    )
    assert {n.recipient for n in told} == {chair, finance}
    assert "Nothing changes until a second officer decides" in told[0].body
    assert not Notification.objects.filter(recipient=resident).exists()
    assert not Notification.objects.filter(subject__contains="a change to the allocation").exists()
    # Other amendments keep the general notice, to officers only.
    amendment_reject(amendment_id=amendment.pk, actor=w["second"], note="Not yet")
    amendment_propose(
        allocation_id=w["allocation"].pk, actor=w["officer"], kind=KIND.TERM, reason="Longer",
        new_term_years=15,
    )  # fmt: skip
    assert Notification.objects.filter(
        recipient=w["second"], subject__startswith="Awaiting your decision: a change to"
    ).exists()
    assert Notification.objects.filter(recipient=chair).count() == 1


def test_the_pages_record_money_returned_and_refuse_a_bare_lto_swap(world):
    from tests.conftest import signed_in

    w = world
    officer = signed_in(w["officer"])
    page = officer.post(
        f"/partnerships/{w['partnership'].pk}/lto/",
        {"lto": w["new"].pk, "starts_on": "2025-05-01"},
    ).content.decode()
    assert "binds the current LTO" in page
    scenario.withdraw(w["allocation"].pk, w["officer"], w["second"], reason="Folded")
    url = f"/grants/allocations/{w['allocation'].pk}/money-returned/"
    page = officer.post(url, {"amount": "500", "returned_on": "2025-06-01", "bank_reference": ""})
    assert "There is a problem" in page.content.decode()
    assert "bank reference of the repayment" in page.content.decode().lower()
    done = officer.post(
        url, {"amount": "500", "returned_on": "2025-06-01", "bank_reference": "RET-1"}
    )
    assert done.status_code == 302
    detail = officer.get(f"/grants/allocations/{w['allocation'].pk}/").content.decode()
    assert "Returned by the LTO on 1 Jun 2025 (RET-1)" in detail
    assert "£500.00 and £25.00 contribution" in detail


def test_after_an_amount_change_a_schedule_can_follow_the_plan_again():
    from tests.grants.plan_scenario import endorsed_and_released, setup_partnership

    s = setup_partnership()
    endorsed_and_released(s)
    allocation = s["allocation"]
    more = amendment_propose(
        allocation_id=allocation.pk,
        actor=s["officer"],
        kind=KIND.AMOUNT,
        reason="Match funding arrived",
        new_amount="1100000.00",
    )
    amendment_approve(amendment_id=more.pk, actor=s["second"])
    scheduled = allocation.tranches.filter(status=Tranche.Status.SCHEDULED)
    evenly = set(scheduled.values_list("amount", flat=True))
    assert evenly == {D("111111.12"), D("111111.11")}  # spread evenly, pence to the first
    follow = amendment_propose(
        allocation_id=allocation.pk,
        actor=s["officer"],
        kind=KIND.SCHEDULE,
        reason="Back to the plan's profile",
        new_frequency="plan",
    )
    amendment_approve(amendment_id=follow.pk, actor=s["second"])
    scheduled = allocation.tranches.filter(status=Tranche.Status.SCHEDULED)
    amounts = list(scheduled.order_by("due_on").values_list("amount", flat=True))
    assert sum(amounts) == D("1000000.00")  # all that is not yet released
    assert max(amounts) - min(amounts) > D("1.00")  # by the plan, not equal instalments
    assert sum(scheduled.values_list("management_contribution", flat=True)) == D("50000.00")
    ledger_is_consistent()
