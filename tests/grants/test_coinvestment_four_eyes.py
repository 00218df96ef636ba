"""Four eyes on pledges (issue 18). A pledge is recorded by one officer and accepted by
another; its amount then caps what may be received and counts in leverage on the dashboard,
the API and the public pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from cwf.accounts.permissions import NotAllowed
from cwf.accounts.roles import Role
from cwf.core.errors import DomainError
from grants.models import Pledge, PledgeAmendment
from grants.services.coinvestment import (
    pledge_amend,
    pledge_amendment_approve,
    pledge_amendment_propose,
    pledge_amendment_reject,
    pledge_receipt_record,
)
from reporting.models import Notification
from tests.conftest import signed_in
from tests.factories import PartnershipFactory, user_with_role
from tests.grants import scenario
from tests.grants.coinvestment_scenario import START, accepted, pledge, received


def _receive(p, officer, amount, reference):
    return pledge_receipt_record(
        pledge_id=p.pk, actor=officer, amount=amount, received_on=START, bank_reference=reference
    )


pytestmark = pytest.mark.django_db


def test_an_officer_cannot_accept_their_own_pledge():
    from grants.services.coinvestment import pledge_accept

    first, _ = scenario.officers()
    recorded = pledge(first, partnership=PartnershipFactory())
    with pytest.raises(DomainError, match="different officer"):
        pledge_accept(pledge_id=recorded.pk, actor=first)


def test_an_accepted_pledge_is_not_amended_by_one_officer_alone():
    first, second = scenario.officers()
    p = accepted(first, second, partnership=PartnershipFactory(), amount="1000.00")
    with pytest.raises(DomainError):
        pledge_amend(pledge_id=p.pk, actor=first, amount="900000.00")
    p.refresh_from_db()
    assert p.amount == D("1000.00")


def test_a_pledge_not_yet_accepted_is_still_corrected_by_one_officer():
    first, _ = scenario.officers()
    p = pledge(first, partnership=PartnershipFactory(), amount="1000.00")
    pledge_amend(pledge_id=p.pk, actor=first, amount="1200.00")
    p.refresh_from_db()
    assert p.amount == D("1200.00")


def test_a_change_applies_only_when_a_second_officer_approves_it():
    first, second = scenario.officers()
    horden = PartnershipFactory()
    p = received(first, second, partnership=horden, amount="1000.00", receive="600.00")
    change = pledge_amendment_propose(
        pledge_id=p.pk, actor=first, reason="The trust doubled it", amount="2000.00",
        ends_on=date(2025, 6, 30), match_ratio="1", match_cap="1500.00",
    )  # fmt: skip
    # Proposed, nothing has changed: the pledge, its cap on receipts, its status.
    p.refresh_from_db()
    assert (p.amount, p.ends_on, p.match_ratio, p.status) == (
        D("1000.00"), date(2025, 3, 31), None, Pledge.Status.PARTLY_RECEIVED,
    )  # fmt: skip
    with pytest.raises(DomainError, match="over the pledge"):
        _receive(p, first, "400.01", "EARLY")
    with pytest.raises(DomainError, match="different officer must approve it"):
        pledge_amendment_approve(amendment_id=change.pk, actor=first)
    pledge_amendment_approve(amendment_id=change.pk, actor=second)
    p.refresh_from_db()
    assert (p.amount, p.ends_on, p.match_ratio, p.match_cap, p.status) == (
        D("2000.00"), date(2025, 6, 30), D("1.00"), D("1500.00"),
        Pledge.Status.PARTLY_RECEIVED,
    )  # fmt: skip
    change.refresh_from_db()
    assert (change.status, change.decided_by, change.amount_before) == (
        PledgeAmendment.Status.APPROVED, second, D("1000.00"),
    )  # fmt: skip


def test_a_repeated_approval_applies_once():
    first, second = scenario.officers()
    p = accepted(first, second, partnership=PartnershipFactory(), amount="1000.00")
    change = pledge_amendment_propose(pledge_id=p.pk, actor=first, reason="More", amount="1500.00")
    pledge_amendment_approve(amendment_id=change.pk, actor=second)
    decided_at = PledgeAmendment.objects.get().decided_at
    pledge_amendment_approve(amendment_id=change.pk, actor=second)
    p.refresh_from_db()
    assert p.amount == D("1500.00")
    assert PledgeAmendment.objects.get().decided_at == decided_at
    # Nor can it be rejected once approved.
    with pytest.raises(DomainError):
        pledge_amendment_reject(amendment_id=change.pk, actor=second, note="Too late")


def test_a_rejected_change_changes_nothing():
    first, second = scenario.officers()
    p = accepted(first, second, partnership=PartnershipFactory(), amount="1000.00")
    change = pledge_amendment_propose(
        pledge_id=p.pk,
        actor=first,
        reason="More",
        amount="900000.00",
        match_ratio="1",
        match_cap="500.00",
    )
    with pytest.raises(DomainError) as refused:
        pledge_amendment_reject(amendment_id=change.pk, actor=second, note="")
    assert refused.value.field == "note"
    with pytest.raises(DomainError, match="different officer must decide it"):
        pledge_amendment_reject(amendment_id=change.pk, actor=first, note="Mine")
    pledge_amendment_reject(amendment_id=change.pk, actor=second, note="Not confirmed")
    p.refresh_from_db()
    assert (p.amount, p.match_ratio, p.status) == (D("1000.00"), None, Pledge.Status.ACCEPTED)
    with pytest.raises(DomainError):
        pledge_amendment_approve(amendment_id=change.pk, actor=second)
    p.refresh_from_db()
    assert p.amount == D("1000.00")
    # Decided, the pledge may have another change proposed; only one awaits at a time.
    pledge_amendment_propose(pledge_id=p.pk, actor=first, reason="Again", amount="1100.00")
    with pytest.raises(DomainError, match="already has a change awaiting"):
        pledge_amendment_propose(pledge_id=p.pk, actor=second, reason="Also", amount="1200.00")


def test_a_trustee_neither_proposes_nor_decides():
    first, second = scenario.officers()
    trustee = user_with_role(Role.TRUSTEE)
    p = accepted(first, second, partnership=PartnershipFactory(), amount="1000.00")
    with pytest.raises(NotAllowed):
        pledge_amendment_propose(pledge_id=p.pk, actor=trustee, reason="x", amount="2000.00")
    change = pledge_amendment_propose(pledge_id=p.pk, actor=first, reason="x", amount="2000.00")
    with pytest.raises(NotAllowed):
        pledge_amendment_approve(amendment_id=change.pk, actor=trustee)
    with pytest.raises(NotAllowed):
        pledge_amendment_reject(amendment_id=change.pk, actor=trustee, note="No")
    p.refresh_from_db()
    assert p.amount == D("1000.00")


def test_the_api_holds_four_eyes_too():
    first, second = scenario.officers()
    trustee = user_with_role(Role.TRUSTEE)
    p = accepted(first, second, partnership=PartnershipFactory(), amount="1000.00")
    one, two, looker = signed_in(first), signed_in(second), signed_in(trustee)
    body = {"reason": "The trust gives more", "amount": "3000.00"}
    assert looker.post(
        f"/api/v1/pledges/{p.pk}/amendments/", body, content_type="application/json"
    ).status_code in (400, 403)
    proposed = one.post(
        f"/api/v1/pledges/{p.pk}/amendments/", body, content_type="application/json"
    )
    assert proposed.status_code == 201, proposed.content
    change_id = proposed.json()["id"]
    assert proposed.json()["amount_before"] == "1000.00"
    assert one.post(f"/api/v1/pledge-amendments/{change_id}/approve/").status_code == 400
    assert looker.post(f"/api/v1/pledge-amendments/{change_id}/approve/").status_code in (
        400, 403,
    )  # fmt: skip
    p.refresh_from_db()
    assert p.amount == D("1000.00")
    approved = two.post(f"/api/v1/pledge-amendments/{change_id}/approve/")
    assert approved.json()["status"] == "approved"
    p.refresh_from_db()
    assert p.amount == D("3000.00")
    assert looker.get(f"/api/v1/pledge-amendments/{change_id}/").json()["new_amount"] == ("3000.00")


def test_officers_propose_and_decide_on_the_pages_and_hear_of_it():
    first, second = scenario.officers()
    p = accepted(first, second, partnership=PartnershipFactory(), amount="1000.00")
    one, two = signed_in(first), signed_in(second)
    page = one.get(reverse("grants:pledge_amend", args=[p.pk])).content.decode()
    assert "Propose a change to the pledge" in page and "submission_key" in page
    body = one.post(
        reverse("grants:pledge_amend", args=[p.pk]), {"amount": "2500", "reason": ""}
    ).content.decode()
    assert "There is a problem" in body
    one.post(
        reverse("grants:pledge_amend", args=[p.pk]),
        {"amount": "2500", "ends_on": "2025-03-31", "reason": "Confirmed by letter"},
    )
    change = PledgeAmendment.objects.get()
    p.refresh_from_db()
    assert p.amount == D("1000.00")
    decide = reverse("grants:pledge_amendment_decide", args=[change.pk])
    told = Notification.objects.get(recipient=second)
    assert told.link == decide and "Confirmed by letter" in told.body
    assert not Notification.objects.filter(recipient=first).exists()
    home = two.get("/").content.decode()
    assert decide in home and "Approve or reject the change to Northern Trust" in home
    assert decide not in one.get("/").content.decode()
    own = one.get(decide).content.decode()
    assert "different officer must decide it" in own and 'value="approve"' not in own
    theirs = two.get(decide).content.decode()
    assert "£1,000.00" in theirs and "£2,500.00" in theirs and 'value="approve"' in theirs
    two.post(decide, {"decision": "approve"})
    p.refresh_from_db()
    assert p.amount == D("2500.00")
    # The audit trail has who proposed and who approved, and shows on the change's page.
    from auditlog.models import LogEntry

    trail = LogEntry.objects.get_for_object(change).order_by("pk")
    assert [e.actor for e in trail] == [first, second]
    assert "History" in two.get(decide).content.decode()
    assert Notification.objects.filter(recipient=first, kind="pledge").exists()
