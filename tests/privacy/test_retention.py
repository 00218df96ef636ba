"""Retention by beat (settings.PRIVACY_RETENTION): the dry run counts what the real run then
changes, every run is logged with its counts, and a second run changes nothing."""

from datetime import date, datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cwf.accounts.invitations import invitation_create
from cwf.accounts.models import Invitation
from cwf.accounts.roles import Role
from cwf.core.models import OutboxEmail
from cwf.core.outbox import outbox_send
from grants.models import Spend
from grants.services.spending import SpendInput, spend_log
from partnerships.models import Member
from partnerships.services import members
from privacy.models import RetentionRun
from privacy.services.retention import last_accounting_year_past, retention_run
from tests.grants.plan_scenario import setup_partnership, with_money_received
from tests.participation.scenario import closed_budget_with_a_voter

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
RULES = {
    "invitations_deleted",
    "former_member_emails_removed",
    "receipts_deleted",
    "sent_emails_deleted",
    "voter_emails_deleted",  # issue 20's rule: tested in tests/participation/test_budgets.py
}


@pytest.fixture
def past_their_period(settings):
    s = with_money_received(setup_partnership())
    officer, partnership = s["officer"], s["partnership"]
    invitation_create(
        actor=officer, email="never.came@example.org", role=Role.LTO_FINANCE,
        partnership_id=partnership.pk,
    )  # fmt: skip
    member = members.member_add(
        actor=officer, partnership_id=partnership.pk, full_name="Lee Left",
        email="lee.left@example.org", is_resident=True, joined_on=date(2024, 4, 1),
    ).member  # fmt: skip
    members.member_leave(actor=officer, member_id=member.pk, left_on=date(2024, 9, 1))
    spend = spend_log(
        partnership_id=partnership.pk,
        actor=s["resident"],
        data=SpendInput(
            spent_on=date(2024, 6, 1), amount="75.50", payee="Print Shop",
            description="Leaflets", theme_id=s["themes"]["Young people"].pk,
        ),
        receipt=SimpleUploadedFile("r.png", PNG),
    )  # fmt: skip
    closed_budget_with_a_voter(s)
    outbox_send(now=timezone.now())
    assert OutboxEmail.objects.filter(emailed_at__isnull=False).exists()
    return {**s, "member": member, "spend": spend}


@pytest.mark.django_db
def test_dry_run_and_real_run_agree_and_a_second_run_changes_nothing(past_their_period, settings):
    s = past_their_period
    later = timezone.now().replace(year=2032)  # past every period
    receipt = Path(settings.MEDIA_ROOT) / s["spend"].receipt.name
    assert receipt.exists()

    dry = retention_run(dry_run=True, now=later)
    assert set(dry.counts) == RULES
    assert all(count >= 1 for count in dry.counts.values()), dry.counts
    assert Invitation.objects.filter(email="never.came@example.org").exists()  # nothing done
    assert receipt.exists()

    real = retention_run(dry_run=False, now=later)
    assert real.counts == dry.counts
    assert not Invitation.objects.filter(email="never.came@example.org").exists()
    assert Member.objects.get(pk=s["member"].pk).email == ""
    assert Spend.objects.get(pk=s["spend"].pk).receipt.name == ""
    assert not receipt.exists()
    assert not OutboxEmail.objects.filter(emailed_at__isnull=False).exists()

    again = retention_run(dry_run=False, now=later)
    assert set(again.counts.values()) == {0}
    assert list(RetentionRun.objects.order_by("pk").values_list("dry_run", flat=True)) == [
        True, False, False,
    ]  # fmt: skip


@pytest.mark.django_db
def test_nothing_is_due_before_its_period(past_their_period):
    the_day_after_lee_left = timezone.make_aware(datetime(2024, 9, 2, 12))
    run = retention_run(dry_run=True, now=the_day_after_lee_left)
    assert run.counts["receipts_deleted"] == 0
    assert run.counts["former_member_emails_removed"] == 0
    assert run.counts["invitations_deleted"] == 0


def test_receipts_are_kept_six_years_after_the_accounting_year_ends():
    # Spent in June 2024: the accounting year ends 31 March 2025, so kept until 31 March 2031.
    assert last_accounting_year_past(date(2031, 3, 31), 6) == date(2024, 3, 31)
    assert last_accounting_year_past(date(2031, 4, 1), 6) == date(2025, 3, 31)


def test_the_beat_schedule_runs_retention(settings):
    assert (
        settings.CELERY_BEAT_SCHEDULE["privacy-retention"]["task"] == "privacy.tasks.retention_run"
    )


@pytest.mark.django_db
def test_the_command_says_what_a_dry_run_would_do():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("retention_run", "--dry-run", stdout=out)
    assert "invitations deleted: would change 0" in out.getvalue()
    assert RetentionRun.objects.get().dry_run
