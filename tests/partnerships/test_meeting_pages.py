import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import Decision, Meeting
from tests.conftest import signed_in
from tests.factories import Role, user_with_role
from tests.partnerships import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return f.officer_user()


@pytest.fixture
def setup(officer):
    made = f.partnership(officer, residents=7, others=3)
    chair = signed_in(user_with_role(Role.PARTNERSHIP_CHAIR, made))
    return made, chair


def _url(name, *args):
    return reverse(f"partnerships:{name}", args=args)


def _decision_form(**overrides):
    return {
        "title": "Summer fun day",
        "decided": "Hold a free fun day in August.",
        "amount": "2750.00",
        "theme": "Community events",
        "votes_for": "6",
        "votes_against": "1",
        "votes_abstaining": "0",
        "outcome": "agreed",
        **overrides,
    }


def test_the_chair_records_a_meeting_attendance_and_a_decision(setup):
    made, chair = setup
    response = chair.post(
        _url("meeting_create", made.pk),
        {"held_on": "2025-05-01", "kind": "partnership", "title": "May meeting", "agenda": "1."},
    )
    meeting = Meeting.objects.get()
    assert response.url == _url("meeting_attendance", made.pk, meeting.pk)
    present = list(made.members.order_by("pk")[:8])
    chair.post(response.url, {"attendees": [m.pk for m in present]})
    page = chair.get(_url("meeting_detail", made.pk, meeting.pk)).content.decode()
    assert "8 voting members present; the quorum is 5" in page and "Quorate" in page
    conflicted = present[0]
    response = chair.post(
        _url("decision_create", made.pk, meeting.pk),
        _decision_form(conflicts=[conflicted.pk], interest="Runs the bouncy castle firm"),
    )
    decision = Decision.objects.get()
    assert response.url == _url("meeting_detail", made.pk, meeting.pk)
    assert str(decision.amount) == "2750.00"
    log = chair.get(reverse("decisions:decision_log")).content.decode()
    assert f"{decision.reference}: Summer fun day" in log
    assert "6 for, 1 against, 0 abstaining; 1 conflict" in log and "£2,750.00" in log
    detail = chair.get(_url("decision_detail", made.pk, decision.pk)).content.decode()
    assert f"{conflicted.full_name}: Runs the bouncy castle firm" in detail


def test_too_many_votes_are_refused_on_the_form(setup, officer):
    made, chair = setup
    meeting = f.meeting_with_attendance(officer, made, present=made.members.order_by("pk")[:6])
    response = chair.post(
        _url("decision_create", made.pk, meeting.pk),
        _decision_form(
            votes_for="6", votes_against="1", conflicts=[made.members.order_by("pk").first().pk]
        ),
    )
    text = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in text
    assert "7 votes were recorded but only 5 members could vote" in text
    assert not Decision.objects.exists()


def test_an_inquorate_meeting_is_flagged_and_refuses_decisions(setup, officer):
    made, chair = setup
    meeting = f.meeting_with_attendance(officer, made, present=made.members.order_by("pk")[:3])
    page = chair.get(_url("meeting_detail", made.pk, meeting.pk)).content.decode()
    assert "Not quorate" in page and "Record a decision" not in page
    response = chair.post(
        _url("decision_create", made.pk, meeting.pk),
        _decision_form(votes_for="3", votes_against="0"),
    )
    assert "An inquorate meeting cannot make decisions" in response.content.decode()


def test_approved_minutes_freeze_the_decisions_and_offer_a_correction(setup, officer):
    made, chair = setup
    meeting = f.meeting_with_attendance(officer, made, held_on=f.LONG_AGO)
    decision = f.decision(officer, meeting)
    chair.post(
        _url("meeting_edit", made.pk, meeting.pk),
        {"held_on": f.LONG_AGO.isoformat(), "kind": "partnership", "minutes": "Agreed."},
    )
    url = _url("meeting_approve", made.pk, meeting.pk)
    assert "Approve the minutes of" in chair.get(url).content.decode()
    chair.post(url)
    meeting.refresh_from_db()
    assert meeting.minutes_approved
    detail = chair.get(_url("decision_detail", made.pk, decision.pk)).content.decode()
    assert "Record a correction" in detail and ">Change<" not in detail
    edit = chair.post(_url("decision_edit", made.pk, decision.pk), _decision_form())
    assert "minutes of this meeting are approved" in edit.content.decode()
    later = f.meeting_with_attendance(officer, made)
    correct = _url("decision_correct", made.pk, decision.pk)
    assert later.title in chair.get(correct).content.decode()
    response = chair.post(
        f"{correct}?meeting={later.pk}", _decision_form(title="Kitchen, corrected")
    )
    assert response.status_code == 302
    correction = Decision.objects.get(title="Kitchen, corrected")
    assert correction.corrects == decision and correction.meeting == later
    log = chair.get(reverse("decisions:decision_log")).content.decode()
    assert f"corrected by {correction.reference}" in log


def test_the_log_filters_exports_csv_and_keeps_its_query_count(setup, officer):
    made, chair = setup
    meeting = f.meeting_with_attendance(officer, made)
    f.decision(officer, meeting, title="=HYPERLINK(evil)", theme="Young people")
    f.decision(officer, meeting, title="Plain", amount=None, theme="")
    url = reverse("decisions:decision_log")
    with CaptureQueriesContext(connection) as few:
        chair.get(url)
    for n in range(8):
        f.decision(officer, meeting, title=f"More {n}")
    with CaptureQueriesContext(connection) as many:
        chair.get(url)
    assert len(many) == len(few) == 9
    page = chair.get(url, {"money": "yes", "theme": "young people"}).content.decode()
    assert "HYPERLINK" in page and "Plain" not in page
    assert "1 decision." in page
    export = chair.get(url, {"q": "evil", "format": "csv"})
    assert export["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(export.content.decode())))
    assert len(rows) == 1
    assert rows[0]["title"] == "'=HYPERLINK(evil)"  # never a formula in a spreadsheet
    assert rows[0]["amount"] == "1250.50" and rows[0]["partnership"] == made.name


def test_a_trustee_reads_decisions_but_not_meetings_or_conflicted_names(setup, officer):
    made, _ = setup
    meeting = f.meeting_with_attendance(officer, made)
    decision = f.decision(officer, meeting, conflicted_member_ids=(made.members.first().pk,),
                          votes_for=4)  # fmt: skip
    trustee = signed_in(user_with_role(Role.TRUSTEE))
    page = trustee.get(_url("decision_detail", made.pk, decision.pk)).content.decode()
    assert "1 declared" in page and made.members.first().full_name not in page
    assert trustee.get(_url("meeting_detail", made.pk, meeting.pk)).status_code == 404
    assert trustee.get(_url("meeting_list", made.pk)).status_code == 404
    assert trustee.post(_url("decision_edit", made.pk, decision.pk), {}).status_code == 404


def test_deleting_a_draft_decision_asks_first(setup, officer):
    made, chair = setup
    meeting = f.meeting_with_attendance(officer, made)
    decision = f.decision(officer, meeting)
    url = _url("decision_delete", made.pk, decision.pk)
    assert "Delete decision" in chair.get(url).content.decode()
    assert Decision.objects.exists()
    chair.post(url)
    assert not Decision.objects.exists()
