"""Words people read, said one way everywhere (issue 15, finding 7): dates as "6 Dec 2026",
decisions as "D62", the spend threshold and allocation bounds as figures from the settings,
sentences that read as sentences, and an invitation's sign-up page that says what it is for."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from cwf.core.dates import display_date
from tests.conftest import signed_in
from tests.factories import Role, user_with_role

ROOT = Path(__file__).resolve().parents[2]
# The date formats pages may use: "6 Dec 2026", with a time, or a month ("Dec 2026").
DATE_FORMATS = {"j M Y", "j M Y H:i", r"j M Y \a\t H:i", "M Y"}


def test_display_date_writes_the_day_without_a_leading_zero():
    assert display_date(date(2026, 12, 6)) == "6 Dec 2026"
    assert display_date(date(2024, 4, 1)) == "1 Apr 2024"


def test_every_page_writes_dates_one_way():
    used = {
        (path.relative_to(ROOT).as_posix(), fmt)
        for path in (ROOT / "templates").rglob("*.html")
        for fmt in re.findall(r'\|date:"([^"]*)"', path.read_text())
    }
    assert {(path, fmt) for path, fmt in used if fmt not in DATE_FORMATS} == set()


def test_no_message_writes_a_date_another_way():
    """Messages, e-mails and ledger memos use display_date, not their own strftime."""
    # A day, month and year written by an f-string's format ("{day:%d %B %Y}"), or a day
    # then "{day:%B %Y}". Formats for reading dates typed in are not writing them.
    pattern = re.compile(r":%-?d[ /]%[Bbm][ /]%Y|\.day\} \{\w+:%[Bb] %Y\}")
    found = []
    for app in ("cwf", "partnerships", "grants", "reporting"):
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or path.name == "dates.py":
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if pattern.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


@pytest.mark.django_db
def test_the_ledger_writes_dates_like_every_other_page():
    from tests.grants.plan_scenario import endorsed_and_released, setup_partnership

    s = setup_partnership()
    endorsed_and_released(s)
    ledger = signed_in(s["officer"]).get("/grants/ledger/").content.decode()
    assert "Tranche 1 (due 1 May 2024) released to" in ledger  # scheduled from endorsement
    assert not re.search(r"\d\d/\d\d/\d{4}", ledger)


@pytest.mark.django_db
def test_a_decision_is_numbered_the_same_on_every_page(settings):
    from grants.services.spending import SpendInput, spend_log
    from tests.grants.plan_scenario import (
        agreed_decision,
        setup_partnership,
        with_money_received,
    )

    s = with_money_received(setup_partnership())  # the LTO has the money it spends
    decision = agreed_decision(s["partnership"], s["officer"], amount="900.00", title="Buy a van")
    log = signed_in(s["chair"]).get(f"/plans/partnership/{s['partnership'].pk}/spending/log/")
    assert f"{decision.reference}: Buy a van (£900.00)" in log.content.decode()
    spend = spend_log(
        partnership_id=s["partnership"].pk,
        actor=s["chair"],
        data=SpendInput(
            spent_on=date.today(), amount=Decimal("800.00"), payee="Van Co",
            description="A van", theme_id=s["themes"]["Community spaces"].pk,
            decision_id=decision.pk,
        ),
    )  # fmt: skip
    detail = signed_in(s["chair"]).get(f"/plans/spends/{spend.pk}/").content.decode()
    assert f"{decision.reference}: Buy a van" in detail
    assert "No. " not in detail


@pytest.mark.django_db
def test_the_spend_threshold_and_allocation_bounds_are_figures(settings):
    from grants.forms import AllocationProposeForm
    from grants.forms_plans import SpendForm

    settings.SPEND_DECISION_THRESHOLD = Decimal("750.00")
    settings.ALLOCATION_MIN_AMOUNT = Decimal("1000000.00")
    settings.ALLOCATION_MAX_AMOUNT = Decimal("2500000.00")
    spend = SpendForm(themes=[], action_lines=[], decisions=[])
    assert spend.fields["decision"].help_text == "Needed for spends over £750."
    allocation = AllocationProposeForm(partnerships=None)
    assert allocation.fields["amount"].help_text == "Between £1,000,000 and £2,500,000."


@pytest.mark.django_db
def test_a_partnership_with_no_voting_members_says_so_plainly(officer):
    from tests.factories import PartnershipFactory

    partnership = PartnershipFactory()
    page = signed_in(officer).get(f"/partnerships/{partnership.pk}/").content.decode()
    assert "no voting members of the voting places" not in page
    assert "Nobody has a vote yet" in page


@pytest.mark.django_db
def test_a_returned_reports_comments_are_addressed_to_whoever_reads_them():
    from reporting.services.report_reviews import report_return
    from reporting.services.reports import report_save_draft, report_submit
    from tests.reporting.report_scenario import COMPLETE, World

    world = World()
    report = world.first_report()
    report_save_draft(report_id=report.pk, actor=world.chair, narrative=COMPLETE)
    report_submit(report_id=report.pk, actor=world.chair)
    report_return(report_id=report.pk, actor=world.officer, comments="Add the hours.")
    address = f"/reports/{report.pk}/"
    chair = signed_in(world.chair).get(address).content.decode()
    assert "What your fund officer asked you to change" in chair
    officer = signed_in(world.officer).get(address).content.decode()
    assert "What your fund officer asked you to change" not in officer
    assert "What the fund officer asked the partnership to change" in officer


@pytest.mark.django_db
def test_a_held_tranche_says_why_in_a_sentence():
    from tests.reporting import scenario

    scenario.build()
    trustee = user_with_role(Role.TRUSTEE)
    page = signed_in(trustee).get("/portfolio/").content.decode()
    assert "held because" not in page
    assert re.search(r"due 1 Apr 2026, on hold: quarterly report missing\.", page)


@pytest.mark.django_db
def test_the_invitation_sign_up_page_names_the_partnership_and_the_role(
    officer, client, django_capture_on_commit_callbacks
):
    from django.core import mail

    from cwf.accounts.invitations import invitation_create
    from tests.factories import PartnershipFactory

    partnership = PartnershipFactory(name="Riverside Partnership")
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            actor=officer, email="new@example.org", role=Role.PARTNERSHIP_CHAIR,
            partnership_id=partnership.pk,
        )  # fmt: skip
    link = re.search(r"/join/[^/\s]+/", mail.outbox[-1].body).group(0)
    page = client.get(link, follow=True).content.decode()
    assert "Sign Up" not in page
    assert "You were invited to join Riverside Partnership as partnership chair" in page
    assert "new@example.org" in page
