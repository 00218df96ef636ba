"""People are told when a spending plan moves: officers when the chair submits it, the chair
when an officer endorses or returns it, and the chair when a report is returned; in the product
and by e-mail, exactly once each."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from cwf.accounts.roles import Role
from cwf.core.outbox import outbox_send as notifications_send
from grants.services.plans import ActionInput, plan_endorse, plan_return, plan_save, plan_submit
from reporting.models import Notification
from tests.conftest import signed_in
from tests.factories import user_with_role
from tests.grants.plan_scenario import drafted, even_vision, setup_partnership

pytestmark = pytest.mark.django_db


def _told(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("subject", flat=True))


def _mailed(user) -> list[str]:
    return [m.subject.removeprefix("[CWF Grants] ") for m in mail.outbox if m.to == [user.email]]


def test_officers_are_told_of_a_submitted_plan_and_the_chair_of_the_decision(
    django_capture_on_commit_callbacks,
):
    s = setup_partnership()
    other_officer = s["second"]
    partnership = s["partnership"]
    partnership.lead_officer = None
    partnership.save(update_fields=["lead_officer"])
    plan = drafted(s)
    with django_capture_on_commit_callbacks(execute=True):
        plan_submit(plan_id=plan.pk, actor=s["chair"])
    # No lead officer: every fund officer hears, once.
    for officer in (s["officer"], other_officer):
        assert _told(officer) == [f"Spending plan submitted for review: {partnership.name}"]
    notifications_send()
    assert _mailed(s["officer"]) == [f"Spending plan submitted for review: {partnership.name}"]
    assert _told(s["resident"]) == []

    with django_capture_on_commit_callbacks(execute=True):
        plan_return(plan_id=plan.pk, actor=s["officer"], comments="Say more about the hall")
    notifications_send()
    assert _told(s["chair"]) == [f"Spending plan returned for changes: {partnership.name}"]
    body = Notification.objects.get(recipient=s["chair"]).body
    assert "Say more about the hall" in body

    plan_save(
        plan_id=plan.pk, actor=s["chair"], vision=even_vision(s["themes"], s["allocation"]),
        actions=[ActionInput(s["themes"]["Young people"].pk, "Youth club", 1, "40000.00", "Forum")],
        legacy_statement="A hall that lasts, and more about it.",
    )  # fmt: skip
    plan_submit(plan_id=plan.pk, actor=s["chair"])
    plan_endorse(plan_id=plan.pk, actor=s["officer"], today=date(2024, 5, 1))
    notifications_send()
    assert sorted(_told(s["chair"])) == sorted(
        [
            f"Spending plan returned for changes: {partnership.name}",
            f"Spending plan endorsed: {partnership.name}",
        ]
    )
    # A second submission is a second event for the officers; nothing is said twice.
    assert len(_told(s["officer"])) == 2
    assert len(_mailed(s["chair"])) == 2
    notifications_send()
    assert len(_mailed(s["chair"])) == 2


def test_a_lead_officer_alone_hears_of_the_submission():
    s = setup_partnership()
    partnership = s["partnership"]
    partnership.lead_officer = s["officer"]
    partnership.save(update_fields=["lead_officer"])
    third = user_with_role(Role.FUND_OFFICER)
    plan_submit(plan_id=drafted(s).pk, actor=s["chair"])
    assert len(_told(s["officer"])) == 1
    assert _told(third) == [] and _told(s["second"]) == []


def test_the_notification_links_to_the_plan():
    s = setup_partnership()
    plan = drafted(s)
    plan_submit(plan_id=plan.pk, actor=s["chair"])
    page = signed_in(s["officer"]).get("/reports/notifications/").content.decode()
    assert f'href="/plans/{plan.pk}/"' in page


def test_the_chair_is_told_once_when_a_report_is_returned(django_capture_on_commit_callbacks):
    from reporting.services import report_reviews as decisions
    from reporting.services import reports
    from tests.reporting.report_scenario import COMPLETE, World

    world = World()
    report = world.first_report()
    reports.report_save_draft(report_id=report.pk, actor=world.chair, narrative=COMPLETE)
    reports.report_submit(report_id=report.pk, actor=world.chair)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decisions.report_return(report_id=report.pk, actor=world.officer, comments="More")
    notifications_send()
    returned = [s for s in _told(world.chair) if s.startswith("Report returned")]
    assert len(returned) == 1
    assert len([s for s in _mailed(world.chair) if s.startswith("Report returned")]) == 1
    page = signed_in(world.chair).get("/reports/notifications/").content.decode()
    assert "Report returned for changes" in page
