"""The grants pages as people use them: what they see, what they may do, and what is refused."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cwf.accounts.roles import Role
from grants.models import Allocation, AllocationAmendment, EndowmentMovement, Tranche
from grants.services.amendments import amendment_propose
from grants.services.disbursement import tranches_release_due
from grants.services.tranches import tranche_hold
from tests.conftest import signed_in
from tests.factories import user_with_role
from tests.grants import scenario
from tests.grants.helpers import written

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers():
    officers = scenario.officers()
    scenario.fund(officers[0], "10000000.00")
    return officers


@pytest.fixture
def active(officers):
    allocation = scenario.active(*officers, amount="1000000.00")
    tranches_release_due(today=date(2025, 4, 1))
    return allocation


def url(name, *args):
    return reverse(f"grants:{name}", args=args)


def test_an_officer_proposes_and_a_second_officer_approves(officers):
    first, second = (signed_in(o) for o in officers)
    partnership = scenario.proposed(officers[0]).partnership
    Allocation.objects.all().delete()
    response = first.post(
        url("allocation_propose"),
        {
            "partnership": partnership.pk,
            "amount": "1,500,000.00",
            "starts_on": "2026-04-01",
            "term_years": "12",
        },
        follow=True,
    )
    allocation = Allocation.objects.get()
    assert "A different officer must now approve it." in response.content.decode()
    # Four eyes in the UI: no approve button for the proposer, and the page says why.
    page = first.get(url("allocation_detail", allocation.pk)).content.decode()
    assert "a different officer must approve it" in page
    assert url("allocation_approve", allocation.pk) not in page
    page = first.get(url("allocation_approve", allocation.pk)).content.decode()
    assert "You cannot approve this allocation" in page
    before = written()
    response = first.post(url("allocation_approve", allocation.pk), follow=True)
    assert "You proposed this allocation, so a different officer must approve it." in (
        response.content.decode()
    )
    assert written() == before
    page = second.get(url("allocation_detail", allocation.pk)).content.decode()
    assert url("allocation_approve", allocation.pk) in page
    response = second.post(url("allocation_approve", allocation.pk), follow=True)
    assert "£1,575,000.00 is now committed" in response.content.decode()
    allocation.refresh_from_db()
    assert allocation.status == Allocation.Status.APPROVED


def test_an_allocation_outside_the_bounds_shows_the_refusal_and_writes_nothing(officers):
    client = signed_in(officers[0])
    partnership = scenario.proposed(officers[0]).partnership
    Allocation.objects.all().delete()
    response = client.post(
        url("allocation_propose"),
        {
            "partnership": partnership.pk,
            "amount": "2600000",
            "starts_on": "2026-04-01",
            "term_years": "12",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "between £1,000,000.00 and £2,500,000.00: £2,600,000.00 is not" in body
    assert not Allocation.objects.exists()


def test_approval_without_enough_funds_says_how_much_is_missing(officers):
    allocation = scenario.proposed(officers[0], amount="2500000.00")
    for _ in range(3):
        scenario.approved(*officers, amount="2500000.00")
    response = signed_in(officers[1]).post(url("allocation_approve", allocation.pk), follow=True)
    assert "Uncommitted funds are £2,125,000.00, but approving £2,500,000.00" in (
        response.content.decode()
    )


def test_issuing_the_agreement_generates_the_schedule(officers):
    allocation = scenario.approved(*officers)
    scenario.lto_for(allocation.partnership)
    response = signed_in(officers[0]).post(
        url("funding_agreement_issue", allocation.pk),
        {"frequency": "quarterly", "first_due_on": "", "custom_dates": "", "terms": ""},
        follow=True,
    )
    assert "with 40 scheduled payments" in response.content.decode()
    assert allocation.tranches.count() == 40


def test_editing_the_schedule_must_still_add_up(officers, active):
    client = signed_in(officers[0])
    scheduled = list(active.tranches.filter(status="scheduled").order_by("sequence"))
    data = {}
    for tranche in scheduled:
        data[f"due_on_{tranche.pk}"] = tranche.due_on.isoformat()
        data[f"amount_{tranche.pk}"] = f"{tranche.amount:.2f}"
    data[f"amount_{scheduled[0].pk}"] = "100000.50"
    response = client.post(url("schedule_edit", active.pk), data)
    assert "The schedule must still add up to £1,000,000.00" in response.content.decode()
    data[f"amount_{scheduled[1].pk}"] = "99999.50"
    response = client.post(url("schedule_edit", active.pk), data, follow=True)
    assert "Payment schedule updated." in response.content.decode()
    assert sorted(active.tranches.values_list("amount", flat=True))[0] == Decimal("99999.50")


def test_holding_and_lifting_with_a_reason(officers, active):
    client = signed_in(officers[0])
    tranche = active.tranches.get(sequence=3)
    response = client.post(url("tranche_hold", tranche.pk), {"reason": ""})
    assert "Enter the reason" in response.content.decode()
    client.post(url("tranche_hold", tranche.pk), {"reason": "Report overdue"})
    tranche.refresh_from_db()
    assert tranche.status == Tranche.Status.HELD
    page = client.get(url("tranche_detail", tranche.pk)).content.decode()
    assert "Report overdue" in page and "In force" in page
    client.post(url("tranche_lift_hold", tranche.pk), {"reason": "Report in"})
    tranche.refresh_from_db()
    assert tranche.status == Tranche.Status.SCHEDULED


def test_the_payment_batch_csv(officers, active):
    response = signed_in(officers[0]).get(url("payment_batch_csv"))
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    lto = active.funding_agreement.lto
    assert lines[0] == (
        "payment_reference,payee_name,payee_supplier_reference,amount,grant_amount,"
        "management_contribution,due_on,released_on,partnership,funding_agreement"
    )
    assert lines[1] == (
        f"CWF-{active.pk:05d}-001,{lto.name},{lto.supplier_reference},105000.00,100000.00,"
        f"5000.00,2024-04-01,2025-04-01,{active.partnership.name},FA-{active.pk:05d}"
    )
    assert len(lines) == 3


def test_marking_a_batch_paid_asks_for_confirmation_first(officers, active):
    client = signed_in(officers[0])
    ids = list(active.tranches.filter(status="released").values_list("pk", flat=True))
    data = {"tranches": ids, "bank_reference": "BACS-77", "paid_on": "2025-04-08"}
    response = client.post(url("payment_batch"), data)
    body = response.content.decode()
    assert "Mark 2 payments paid?" in body and "Total £210,000.00" in body
    assert not active.tranches.filter(status="paid").exists()
    response = client.post(url("payment_batch"), {**data, "confirm": "yes"}, follow=True)
    assert "2 tranches marked paid, £210,000.00 in all." in response.content.decode()
    assert active.tranches.filter(status="paid", bank_reference="BACS-77").count() == 2


def test_paying_a_held_tranche_through_the_form_is_refused(officers, active):
    client = signed_in(officers[0])
    held = active.tranches.get(sequence=3)
    tranche_hold(tranche_id=held.pk, actor=officers[0], reason="Query")
    before = written()
    response = client.post(
        url("payment_batch"),
        {"tranches": [held.pk], "bank_reference": "B", "paid_on": "2025-04-08", "confirm": "yes"},
    )
    assert "is on hold: only a released tranche can be paid" in response.content.decode()
    assert written() == before


def test_the_lto_finance_user_confirms_receipt(officers, active):
    finance = user_with_role(Role.LTO_FINANCE, active.partnership)
    chair = user_with_role(Role.PARTNERSHIP_CHAIR, active.partnership)
    tranche = active.tranches.get(sequence=1)
    from grants.services.payments import tranches_mark_paid

    tranches_mark_paid(
        tranche_ids=[tranche.pk], actor=officers[0], bank_reference="B", paid_on=date(2025, 4, 2)
    )
    assert (
        "Confirm the money arrived"
        not in signed_in(chair).get(url("tranche_detail", tranche.pk)).content.decode()
    )
    assert signed_in(chair).post(url("tranche_confirm_receipt", tranche.pk)).status_code == 403
    client = signed_in(finance)
    assert (
        "Confirm the money arrived"
        in client.get(url("tranche_detail", tranche.pk)).content.decode()
    )
    response = client.post(url("tranche_confirm_receipt", tranche.pk), follow=True)
    assert "receipt confirmed" in response.content.decode()
    tranche.refresh_from_db()
    assert tranche.receipt_confirmed_by == finance


def test_partnership_users_read_their_own_allocation_without_officer_names(officers, active):
    chair = user_with_role(Role.PARTNERSHIP_CHAIR, active.partnership)
    client = signed_in(chair)
    page = client.get(url("allocation_detail", active.pk)).content.decode()
    assert "£1,000,000.00" in page and "Payment schedule" in page
    assert officers[0].full_name not in page and officers[1].full_name not in page
    assert url("allocation_withdraw", active.pk) not in page
    assert url("amendment_propose", active.pk) not in page
    assert client.get(url("allocation_withdraw", active.pk)).status_code == 403
    assert client.get(url("endowment")).status_code == 404
    assert client.get(url("payment_batch")).status_code == 403


def test_trustees_read_everything_and_change_nothing(officers, active):
    client = signed_in(user_with_role(Role.TRUSTEE))
    for name, args in [
        ("endowment", ()),
        ("ledger", ()),
        ("allocation_list", ()),
        ("allocation_detail", (active.pk,)),
        ("tranche_list", ()),
        ("tranche_detail", (active.tranches.first().pk,)),
    ]:
        assert client.get(url(name, *args)).status_code == 200, name
    page = client.get(url("allocation_detail", active.pk)).content.decode()
    assert "Withdraw" not in page and "Propose an amendment" not in page
    before = written()
    assert client.post(url("allocation_withdraw", active.pk), {"reason": "x"}).status_code == 403
    assert client.post(url("endowment_record"), {}).status_code == 403
    assert written() == before


def test_amendments_need_a_second_officer_in_the_ui(officers, active):
    amendment = amendment_propose(
        allocation_id=active.pk,
        actor=officers[0],
        kind=AllocationAmendment.Kind.AMOUNT,
        new_amount=Decimal("1100000.00"),
        reason="Bigger hub",
    )
    proposer = signed_in(officers[0])
    page = proposer.get(url("amendment_decide", amendment.pk)).content.decode()
    assert "You proposed this amendment" in page and "Approve and apply" not in page
    response = proposer.post(url("amendment_decide", amendment.pk), {"decision": "approve"})
    assert "different officer must approve it" in response.content.decode()
    response = signed_in(officers[1]).post(
        url("amendment_decide", amendment.pk), {"decision": "approve"}, follow=True
    )
    assert "Amendment approved and applied." in response.content.decode()
    active.refresh_from_db()
    assert active.amount == Decimal("1100000.00")


def test_the_endowment_page_shows_sources_figures_and_the_burn_down(officers, active):
    page = signed_in(officers[0]).get(url("endowment")).content.decode()
    assert "Capital: Dormant assets" in page and "£10,000,000.00" in page
    assert "<svg" in page and 'role="img"' in page
    assert "The burn-down as a table" in page
    assert "The ledger balances" in page
    assert EndowmentMovement.objects.count() == 1


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/grants/allocations/", 9),
        ("/grants/tranches/", 8),
        ("/grants/ledger/", 10),
        ("/grants/endowment/", 12),  # with the market valuations
        ("/grants/payments/", 7),
    ],
)
def test_list_pages_take_the_same_number_of_queries_for_few_rows_and_many(officers, path, expected):
    """Pinned: the session, the user, MFA and roles, then the page's own fixed queries."""
    client = signed_in(officers[0])
    client.get(path)  # warm the session and the role cache
    scenario.active(*officers)
    tranches_release_due(today=date(2024, 4, 1))
    few = _queries(client, path)
    for _ in range(4):
        scenario.active(*officers)
    tranches_release_due(today=date(2026, 4, 1))
    assert few == expected
    assert _queries(client, path) == expected
