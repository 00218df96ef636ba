"""The home page is a list of tasks, GOV.UK task-list style: what needs doing now and by when,
for the person signed in and no one else, then the everyday actions. A resident reaches "Log a
spend" in one tap. Its reads are pinned: a bigger fund costs the page no more queries."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from grants.services.payments import tranches_mark_paid
from grants.services.plans import plan_submit
from reporting.services.report_reviews import report_return
from reporting.services.reports import report_save_draft, report_submit
from tests.conftest import signed_in
from tests.factories import PartnershipFactory, Role, user_with_role
from tests.grants.plan_scenario import (
    drafted,
    endorsed_and_released,
    pay_released,
    setup_partnership,
)
from tests.grants.scenario import approved, proposed
from tests.reporting.report_scenario import COMPLETE, World

pytestmark = pytest.mark.django_db

TASK = re.compile(r'<li class="govuk-task-list__item.*?</li>', re.DOTALL)


def _tasks(client) -> list[str]:
    """Each task on the home page, as its words (link, hint and status), in order."""
    page = client.get("/").content.decode()
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in TASK.findall(page)]


def _day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


@pytest.fixture
def world():
    return World()


def test_a_resident_logs_a_spend_in_one_tap_from_home():
    s = setup_partnership()
    page = signed_in(s["resident"]).get("/").content.decode()
    log = f'href="/plans/partnership/{s["partnership"].pk}/spending/log/"'
    assert re.search(log + r"[^>]*>\s*Log a spend\s*</a>", page)


def test_a_report_owed_is_a_task_with_its_due_date_for_the_partnerships_people(world):
    report = world.first_report()
    due = report.extended_to or report.due_on
    for person in (world.chair, world.resident):
        tasks = _tasks(signed_in(person))
        [task] = [t for t in tasks if "quarterly report" in t]
        assert "Write the quarterly report for April to June 2024" in task
        assert f"due {_day(due)}" in task
        # Due in 2024: long past.
        assert task.endswith("Overdue")


def test_a_returned_report_says_so_and_what_to_change(world):
    report = world.first_report()
    report_save_draft(report_id=report.pk, actor=world.chair, narrative=COMPLETE)
    report_submit(report_id=report.pk, actor=world.chair)
    report_return(report_id=report.pk, actor=world.officer, comments="Add the volunteers' hours.")
    [task] = [t for t in _tasks(signed_in(world.chair)) if "quarterly report" in t]
    assert "Change the returned quarterly report for April to June 2024" in task
    assert task.endswith("Returned")


def test_the_lead_officer_reviews_a_submitted_report_and_the_chair_waits(world):
    report = world.first_report()
    report_save_draft(report_id=report.pk, actor=world.chair, narrative=COMPLETE)
    report_submit(report_id=report.pk, actor=world.chair)
    officer_tasks = _tasks(signed_in(world.officer))
    assert any(
        f"Review the quarterly report from {world.partnership.name} for April to June 2024" in t
        for t in officer_tasks
    )
    assert not any("quarterly report" in t for t in _tasks(signed_in(world.chair)))


def test_plans_to_submit_and_to_endorse():
    s = setup_partnership()
    plan = drafted(s)
    [task] = [t for t in _tasks(signed_in(s["chair"])) if "spending plan" in t]
    assert "Submit your spending plan for endorsement" in task and task.endswith("Draft")
    plan_submit(plan_id=plan.pk, actor=s["chair"])
    officer = _tasks(signed_in(s["officer"]))
    name = s["partnership"].name
    assert any(f"Endorse or return the spending plan of {name}" in t for t in officer)
    # The resident is not the one to submit it.
    assert not any("spending plan" in t for t in _tasks(signed_in(s["resident"])))


def test_an_allocation_waits_for_a_second_officer_but_not_its_proposer():
    first = user_with_role(Role.FUND_OFFICER, full_name="Olu Officer")
    second = user_with_role(Role.FUND_OFFICER, full_name="Priya Second")
    from tests.grants.scenario import fund

    fund(first)
    allocation = proposed(first, amount="1200000.00")
    name = allocation.partnership.name
    assert any(
        f"Approve or reject the allocation of £1,200,000.00 to {name}" in t
        and "Proposed by Olu Officer" in t
        for t in _tasks(signed_in(second))
    )
    assert not any("Approve or reject" in t for t in _tasks(signed_in(first)))


def test_tranches_to_pay_then_to_confirm():
    s = setup_partnership()
    endorsed_and_released(s)
    officer = _tasks(signed_in(s["officer"]))
    assert any("Pay 1 released tranche" in t for t in officer)

    from grants.models import Tranche

    tranche = Tranche.objects.get(status=Tranche.Status.RELEASED)
    paid_on = date(2024, 5, 3)
    tranches_mark_paid(
        tranche_ids=[tranche.pk], actor=s["officer"], bank_reference="BACS1", paid_on=paid_on
    )
    [task] = [t for t in _tasks(signed_in(s["finance"])) if "Confirm" in t]
    # The LTO is paid the tranche and its management contribution together.
    assert f"Confirm you received £{tranche.amount + tranche.management_contribution:,.2f}" in task
    assert not any("Confirm" in t for t in _tasks(signed_in(s["resident"])))


def test_spends_without_a_receipt_are_counted_for_the_partnerships_people():
    from grants.services.spending import SpendInput, spend_log

    s = setup_partnership()
    endorsed_and_released(s)
    pay_released(s)  # the LTO has received it, so spends within it need no fronting
    for payee in ("Hall hire", "Tea urn"):
        spend_log(
            partnership_id=s["partnership"].pk,
            actor=s["resident"],
            data=SpendInput(
                spent_on=timezone.localdate(), amount=Decimal("25.00"), payee=payee,
                description="For the hall", theme_id=s["themes"]["Community spaces"].pk,
            ),
        )  # fmt: skip
    [task] = [t for t in _tasks(signed_in(s["chair"])) if "receipt" in t]
    assert "2 spends have no receipt" in task
    page = signed_in(s["chair"]).get("/").content.decode()
    listing = f"/plans/partnership/{s['partnership'].pk}/spending/?receipt=missing"
    assert f'href="{listing}"' in page

    # A reversed spend needs no receipt: the task and the list leave it out.
    from grants.models import Spend
    from grants.services.spending import spend_reverse

    urn = Spend.objects.get(payee="Tea urn")
    spend_reverse(spend_id=urn.pk, actor=s["chair"], reason="Bought twice")
    [task] = [t for t in _tasks(signed_in(s["chair"])) if "receipt" in t]
    assert task.startswith("1 spend has no receipt")
    missing = signed_in(s["chair"]).get(listing).content.decode()
    assert "Hall hire" in missing and "Tea urn" not in missing


def test_nothing_to_do_says_so_and_tasks_never_show_another_partnership(world):
    world.first_report()
    outsider = user_with_role(Role.RESIDENT_MEMBER, PartnershipFactory(name="Elsewhere"))
    page = signed_in(outsider).get("/").content.decode()
    assert "Nothing needs doing now" in page
    assert world.partnership.name not in page
    trustee = signed_in(user_with_role(Role.TRUSTEE)).get("/").content.decode()
    assert "Nothing needs doing now" in trustee
    assert 'href="/portfolio/"' in trustee and 'href="/portfolio/board-packs/"' in trustee


def test_a_pending_invitation_to_the_person_signed_in_is_a_task(partnership, officer):
    from cwf.accounts.invitations import invitation_create

    resident = user_with_role(Role.RESIDENT_MEMBER, partnership)
    other = PartnershipFactory(name="Second Partnership")
    invitation_create(
        actor=officer, email=resident.email, role=Role.PARTNERSHIP_CHAIR, partnership_id=other.pk
    )
    [task] = [t for t in _tasks(signed_in(resident)) if "invitation" in t]
    assert "Accept your invitation to be Partnership chair of Second Partnership" in task
    assert "open the link in the e-mail" in task


def test_the_home_page_costs_the_same_queries_however_big_the_fund(
    world, django_assert_max_num_queries
):
    """Each role's home page reads through scoped selectors in a fixed number of queries."""
    world.first_report()
    people = {
        "chair": world.chair,
        "resident": world.resident,
        "officer": world.officer,
        "trustee": user_with_role(Role.TRUSTEE),
    }
    clients = {role: signed_in(person) for role, person in people.items()}
    for client in clients.values():
        client.get("/")  # warm the session
    # The officer's 20th: pledge changes another officer proposed (issue 18's four eyes).
    budgets = {"chair": 15, "resident": 10, "officer": 20, "trustee": 9}
    for role, client in clients.items():
        with django_assert_max_num_queries(budgets[role]):
            client.get("/")
    for _ in range(5):
        more = World(name=f"Another {_}")
        more.first_report()
        approved(more.officer, more.second, amount="1000000.00")
    for role, client in clients.items():
        with django_assert_max_num_queries(budgets[role]):
            client.get("/")
