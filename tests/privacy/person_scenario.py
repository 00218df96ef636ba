"""One person, Priya Patel, in every place personal data can be, built through the services:
an account with a proved address, a partnership member, a payee with a receipt she uploaded,
named in a decision and its conflict of interest, at a meeting whose minutes name her and her
phone, in a submitted report and its story, invited to a second role (an outbox e-mail), an
LTO contact, and in the audit log's change records of all of these."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from cwf.accounts.invitations import invitation_create
from cwf.accounts.roles import Role
from grants.services.spending import SpendInput, spend_log
from partnerships.services import decisions, ltos, meetings, members
from reporting.models import QuarterlyReport
from reporting.services.periods import report_periods_create
from reporting.services.reports import Narrative, report_save_draft, report_story_add, report_submit
from tests.factories import prove_address, user_with_role
from tests.grants.plan_scenario import setup_partnership, with_money_received
from tests.reporting.access_world import png_upload

NAME = "Priya Patel"
EMAIL = "priya.patel@example.org"
PHONE = "07700 900123"
RECEIPT = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40 + b"Paid by Priya Patel"


def person_everywhere() -> dict:
    s = with_money_received(setup_partnership())
    partnership, officer = s["partnership"], s["officer"]
    priya = user_with_role(Role.RESIDENT_MEMBER, partnership, full_name=NAME, email=EMAIL)
    prove_address(priya)
    member = members.member_add(
        actor=officer, partnership_id=partnership.pk, full_name=NAME, email=EMAIL,
        is_resident=True, joined_on=date(2024, 4, 1), user_id=priya.pk,
    ).member  # fmt: skip
    others = [
        members.member_add(
            actor=officer, partnership_id=partnership.pk, full_name=f"Member {n}",
            email=f"m{n}@example.org", is_resident=True, joined_on=date(2024, 4, 1),
        ).member
        for n in range(6)
    ]  # fmt: skip
    meeting = meetings.meeting_create(
        actor=officer, partnership_id=partnership.pk, held_on=date(2024, 6, 3),
        kind="partnership", title="June meeting",
    )  # fmt: skip
    meetings.meeting_attendance_record(
        actor=officer, meeting_id=meeting.pk, member_ids=[member.pk, *(m.pk for m in others)]
    )
    decision = decisions.decision_record(
        actor=officer,
        meeting_id=meeting.pk,
        data=decisions.DecisionInput(
            title="Chairs for the hall",
            decided=f"{NAME} to buy chairs; call her on {PHONE}.",
            outcome="agreed",
            votes_for=6,
            amount=Decimal("75.50"),
            conflicted_member_ids=(member.pk,),
            interest=f"{NAME}'s sister runs the shop",
        ),
    )
    meetings.meeting_update(
        actor=officer, meeting_id=meeting.pk, held_on=meeting.held_on, kind="partnership",
        title="June meeting", minutes=f"{NAME} ({PHONE}) reported on the chairs.",
    )  # fmt: skip
    meetings.meeting_minutes_approve(actor=officer, meeting_id=meeting.pk)
    spend = spend_log(
        partnership_id=partnership.pk,
        actor=priya,
        data=SpendInput(
            spent_on=date(2024, 6, 1), amount="75.50", payee=NAME,
            description=f"Chairs bought by {NAME}", theme_id=s["themes"]["Young people"].pk,
        ),
        receipt=SimpleUploadedFile("r.png", RECEIPT),
    )  # fmt: skip
    report_periods_create(today=date(2024, 7, 2))
    report = QuarterlyReport.objects.filter(partnership=partnership).order_by("quarter_start")[0]
    text = f"{NAME} led the chairs project."
    report_save_draft(
        report_id=report.pk,
        actor=s["chair"],
        narrative=Narrative(
            what_happened=text, outcome_needs=text, outcome_skills=text,
            outcome_difference=text, outcome_place=text, people_involved=1, volunteers=1,
        ),
    )  # fmt: skip
    story = report_story_add(
        report_id=report.pk, actor=priya, title=f"Meet {NAME}", body=text, photo=png_upload()
    )
    report_submit(report_id=report.pk, actor=s["chair"])
    invitation = invitation_create(
        actor=officer, email=EMAIL, role=Role.LTO_FINANCE, partnership_id=partnership.pk,
        full_name=NAME,
    )  # fmt: skip
    lto = partnership.lto_links.first().lto
    contact = ltos.lto_contact_save(
        actor=officer, lto_id=lto.pk, name=NAME, role="Volunteer treasurer", email=EMAIL,
        phone=PHONE,
    )  # fmt: skip
    return {
        **s, "priya": priya, "member": member, "meeting": meeting, "decision": decision,
        "spend": spend, "report": report, "story": story, "invitation": invitation,
        "contact": contact,
    }  # fmt: skip
