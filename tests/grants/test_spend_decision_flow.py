"""The £500 rule without a dead end: from the spend form a chair records the decision that
authorises the spend in one step (who agreed, when, at a meeting or by written resolution) and
comes back to the spend, with it chosen and nothing typed or chosen lost; a resident is told
who to ask, with a link."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from grants.models import Spend
from grants.services.disbursement import tranches_release_due
from grants.services.plans import plan_endorse, plan_submit
from partnerships.models import Decision, Meeting
from partnerships.services import members
from tests.conftest import signed_in
from tests.core.test_date_input import page_form
from tests.grants.plan_scenario import drafted, pay_released, setup_partnership

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 invoice" + b"\x00" * 40


@pytest.fixture
def s(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    s = setup_partnership()
    plan = drafted(s)
    plan_submit(plan_id=plan.pk, actor=s["chair"])
    plan_endorse(plan_id=plan.pk, actor=s["officer"], today=date(2024, 5, 1))
    tranches_release_due(today=date(2024, 5, 1))
    pay_released(s)  # the LTO has received it, so spends within it need no fronting
    s["members"] = [
        members.member_add(
            actor=s["officer"], partnership_id=s["partnership"].pk, full_name=f"Member {n}",
            is_resident=True, joined_on=date(2024, 1, 1),
        ).member
        for n in range(6)
    ]  # fmt: skip
    s["url"] = f"/plans/partnership/{s['partnership'].pk}/spending/log/"
    s["form"] = {
        "spent_on": "2024-06-01", "amount": "750.00", "payee": "Stage Co",
        "description": "Stage for the fun day", "theme": str(s["themes"]["Young people"].pk),
    }  # fmt: skip
    return s


def test_a_chair_records_the_decision_by_written_resolution_and_returns_to_the_spend(s):
    chair = signed_in(s["chair"])
    receipt = SimpleUploadedFile("invoice.pdf", PDF)
    response = chair.post(s["url"], {**s["form"], "receipt": receipt, "record_decision": "1"})
    assert response.status_code == 302
    decision_url = response.url
    page = chair.get(decision_url).content.decode()
    assert 'value="750.00"' in page and "Stage for the fun day" in page
    today = timezone.localdate()
    response = chair.post(
        decision_url,
        {
            "how": "written", "held_on_day": str(today.day), "held_on_month": str(today.month),
            "held_on_year": str(today.year), "title": "Stage for the fun day",
            "amount": "750.00", "agreed_by": [str(m.pk) for m in s["members"][:4]],
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    decision = Decision.objects.get()
    assert decision.outcome == "agreed" and decision.amount == 750
    assert decision.meeting.kind == Meeting.Kind.WRITTEN and decision.votes_for == 4
    # Back on the spend form: what was typed, the receipt and the new decision are all there.
    page = chair.get(response.url).content.decode()
    assert "invoice.pdf" in page and 'value="Stage Co"' in page
    data = page_form(page)
    assert data["decision"] == str(decision.pk)
    response = chair.post(s["url"], data, follow=True)
    assert "Spend of £750.00 to Stage Co logged" in response.content.decode()
    spend = Spend.objects.get()
    assert spend.decision == decision and spend.receipt.read() == PDF


def test_at_a_meeting_the_others_present_count_and_quorum_is_checked(s):
    chair = signed_in(s["chair"])
    decision_url = chair.post(s["url"], {**s["form"], "record_decision": "1"}).url
    today = timezone.localdate()
    form = {
        "how": "meeting", "held_on_day": str(today.day), "held_on_month": str(today.month),
        "held_on_year": str(today.year), "title": "Stage", "amount": "750.00",
        "agreed_by": [str(s["members"][0].pk)],
    }  # fmt: skip
    body = chair.post(decision_url, form).content.decode()
    assert "not quorate" in body and Decision.objects.count() == 0
    assert Meeting.objects.count() == 0  # nothing half-written
    form["agreed_by"] = [str(m.pk) for m in s["members"][:4]]
    form["others_present"] = [str(s["members"][4].pk)]
    form["votes_against"] = "1"
    assert chair.post(decision_url, form).status_code == 302
    decision = Decision.objects.get()
    assert (decision.votes_for, decision.votes_against) == (4, 1)
    assert decision.meeting.attendees.count() == 5


def test_a_resident_is_told_who_to_ask_with_a_link(s):
    resident = signed_in(s["resident"])
    body = resident.post(s["url"], s["form"]).content.decode()
    assert "Chidi Chair" in body
    assert re.search(rf'href="/decisions/\?partnership={s["partnership"].pk}"', body)
    assert 'name="record_decision"' not in body
    decision_url = f"/plans/partnership/{s['partnership'].pk}/spending/log/decision/"
    assert resident.get(decision_url).status_code == 403
