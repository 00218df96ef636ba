"""Releasing due tranches exactly once, holds, payment batches, receipt and notifications."""

from datetime import date, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction

from cwf.accounts.roles import Role
from cwf.core.errors import DomainError, ScopeError
from grants.models import Account, Release, Tranche, TrancheHold, Transaction
from grants.services.allocations import allocation_approve
from grants.services.disbursement import Outcome, tranche_release, tranches_release_due
from grants.services.payments import tranche_confirm_receipt, tranches_mark_paid
from grants.services.tranches import tranche_hold, tranche_release_hold
from grants.tasks import tranches_release_due as release_due_tranches
from tests.factories import user_with_role
from tests.grants import scenario
from tests.grants.helpers import balance, ledger_is_consistent, written

pytestmark = pytest.mark.django_db
HOLD = TrancheHold.Kind


@pytest.fixture
def officers():
    officers = scenario.officers()
    scenario.fund(officers[0], "5000000.00")
    return officers


@pytest.fixture
def allocation(officers):
    return scenario.active(*officers, amount="1000000.00")  # annual from 1 Apr 2024


def released(allocation):
    return allocation.tranches.filter(status=Tranche.Status.RELEASED).order_by("sequence")


def test_the_release_run_three_times_releases_each_due_tranche_once(allocation):
    with mock.patch(
        "grants.services.disbursement.timezone.localdate", return_value=date(2026, 5, 1)
    ):
        for _ in range(3):
            release_due_tranches()
    assert Release.objects.count() == 3
    assert Transaction.objects.filter(kind=Transaction.Kind.RELEASE).count() == 3
    for tranche in released(allocation):
        assert tranche.ledger_transactions.filter(kind=Transaction.Kind.RELEASE).count() == 1
    assert balance(Account.Kind.PAYABLE, allocation=allocation) == Decimal("315000.00")
    assert balance(Account.Kind.COMMITMENT, allocation=allocation) == Decimal("700000.00")
    ledger_is_consistent()


def test_a_second_call_for_a_released_tranche_does_nothing(allocation):
    tranche = allocation.tranches.get(sequence=1)
    assert tranche_release(tranche_id=tranche.pk, today=date(2024, 4, 1)) == Outcome.RELEASED
    assert tranche_release(tranche_id=tranche.pk, today=date(2024, 4, 1)) == Outcome.NOT_DUE
    assert (
        tranche_release(tranche_id=allocation.tranches.get(sequence=2).pk, today=date(2024, 4, 1))
        == Outcome.NOT_DUE
    )
    assert Release.objects.count() == 1


def test_the_database_refuses_a_second_release_even_without_the_guards(allocation):
    """The last guard on its own: the lock and the status check bypassed, the unique
    constraints still refuse a second posting and a second Release."""
    from grants.services.disbursement import release_post

    tranche = allocation.tranches.get(sequence=1)
    agreement = allocation.funding_agreement
    release_post(tranche=tranche, agreement=agreement, today=date(2024, 4, 1), actor=None)
    before = written()
    with pytest.raises(DomainError, match="posted to the ledger already"), transaction.atomic():
        release_post(tranche=tranche, agreement=agreement, today=date(2024, 4, 1), actor=None)
    assert written() == before


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_run_is_finished_by_the_next_run(monkeypatch):
    """Batches of one tranche, so the second tranche's batch dies after the first committed."""
    from grants.services import disbursement as release_batch

    monkeypatch.setattr(release_batch, "BATCH_SIZE", 1)
    officers = scenario.officers()
    scenario.fund(officers[0], "5000000.00")
    scenario.active(*officers, amount="1000000.00")
    original = Release.objects.bulk_create
    calls = {"n": 0}

    def dies_on_the_second(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise SystemExit("worker killed")  # not a DomainError: the run stops here
        return original(*args, **kwargs)

    with (
        mock.patch.object(Release.objects, "bulk_create", side_effect=dies_on_the_second),
        pytest.raises(SystemExit),
    ):
        tranches_release_due(today=date(2026, 5, 1))
    assert Release.objects.count() == 1  # the first tranche's transaction had committed
    assert Transaction.objects.filter(kind=Transaction.Kind.RELEASE).count() == 1
    outcomes = tranches_release_due(today=date(2026, 5, 1))
    assert outcomes == {Outcome.RELEASED: 2}
    assert sorted(Release.objects.values_list("tranche__sequence", flat=True)) == [1, 2, 3]
    assert Transaction.objects.filter(kind=Transaction.Kind.RELEASE).count() == 3
    ledger_is_consistent()


def test_held_tranches_are_not_released_until_every_hold_is_lifted(officers, allocation):
    tranche = allocation.tranches.get(sequence=1)
    tranche_hold(tranche_id=tranche.pk, actor=officers[0], reason="Report overdue")
    tranche_hold(tranche_id=tranche.pk, actor=None, reason="Q1 report overdue", kind=HOLD.AUTOMATIC)
    # A repeated automatic hold returns the hold in force, and adds nothing.
    tranche_hold(tranche_id=tranche.pk, actor=None, reason="Q1 report overdue", kind=HOLD.AUTOMATIC)
    assert tranche.holds.count() == 2
    assert tranches_release_due(today=date(2024, 4, 1)) == {}
    tranche_release_hold(tranche_id=tranche.pk, actor=officers[1], reason="Report received")
    tranche.refresh_from_db()
    assert tranche.status == Tranche.Status.HELD  # the automatic hold is still in force
    tranche_release_hold(tranche_id=tranche.pk, actor=None, reason="Report in", kind=HOLD.AUTOMATIC)
    tranche.refresh_from_db()
    assert tranche.status == Tranche.Status.SCHEDULED
    assert tranches_release_due(today=date(2024, 4, 1)) == {Outcome.RELEASED: 1}


def test_holds_need_a_reason_and_an_officer(officers, allocation):
    tranche = allocation.tranches.get(sequence=1)
    with pytest.raises(DomainError, match="Say why"):
        tranche_hold(tranche_id=tranche.pk, actor=officers[0], reason=" ")
    with pytest.raises(ScopeError):
        tranche_hold(tranche_id=tranche.pk, actor=user_with_role(Role.TRUSTEE), reason="No")
    tranches_release_due(today=date(2024, 4, 1))
    with pytest.raises(DomainError, match="is released: only a scheduled tranche can be held"):
        tranche_hold(tranche_id=tranche.pk, actor=officers[0], reason="Too late")


def test_a_batch_is_marked_paid(officers, allocation):
    tranches_release_due(today=date(2025, 4, 1))
    ids = list(released(allocation).values_list("pk", flat=True))
    tranches_mark_paid(
        tranche_ids=ids, actor=officers[0], bank_reference="BACS0401", paid_on=date(2025, 4, 8)
    )
    assert set(Tranche.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"paid"}
    assert balance(Account.Kind.PAYABLE, allocation=allocation) == 0
    lto = allocation.funding_agreement.lto
    assert balance(Account.Kind.PAID, lto=lto) == Decimal("210000.00")
    ledger_is_consistent()


@pytest.mark.parametrize("status", ["held", "cancelled", "scheduled", "paid"])
def test_paying_a_tranche_that_is_not_released_is_refused_with_nothing_written(
    officers, allocation, status
):
    tranches_release_due(today=date(2024, 4, 1))
    payable = allocation.tranches.get(sequence=1)
    other = allocation.tranches.get(sequence=2)
    if status == "held":
        tranche_hold(tranche_id=other.pk, actor=officers[0], reason="Query")
    elif status == "cancelled":
        scenario.withdraw(allocation, officers[0], officers[1], reason="Ended")
    elif status == "paid":
        tranches_mark_paid(
            tranche_ids=[payable.pk],
            actor=officers[0],
            bank_reference="B1",
            paid_on=date(2024, 4, 2),
        )
        other = payable
    before = written()
    with pytest.raises(DomainError) as refusal:
        tranches_mark_paid(
            tranche_ids=[payable.pk, other.pk],
            actor=officers[0],
            bank_reference="BACS9",
            paid_on=date(2024, 4, 9),
        )
    assert refusal.value.message.startswith("Nothing was marked paid.")
    label = {"held": "is on hold", "cancelled": "is cancelled", "scheduled": "is scheduled"}
    assert label.get(status, "was marked paid on 2 Apr 2024") in refusal.value.message
    assert written() == before


def test_payment_dates_are_checked(officers, allocation):
    tranches_release_due(today=date(2024, 4, 1))
    tranche = allocation.tranches.get(sequence=1)
    for paid_on, message in [
        (date.today() + timedelta(days=1), "cannot be in the future"),
        (date(2024, 3, 31), "released on 1 Apr 2024, after 31 Mar 2024"),
    ]:
        with pytest.raises(DomainError, match=message):
            tranches_mark_paid(
                tranche_ids=[tranche.pk], actor=officers[0], bank_reference="B", paid_on=paid_on
            )
    with pytest.raises(DomainError, match="bank reference"):
        tranches_mark_paid(
            tranche_ids=[tranche.pk],
            actor=officers[0],
            bank_reference=" ",
            paid_on=date(2024, 4, 2),
        )


def test_the_ltos_finance_user_confirms_receipt(officers, allocation):
    finance = user_with_role(Role.LTO_FINANCE, allocation.partnership)
    chair = user_with_role(Role.PARTNERSHIP_CHAIR, allocation.partnership)
    tranches_release_due(today=date(2024, 4, 1))
    tranche = allocation.tranches.get(sequence=1)
    with pytest.raises(DomainError, match="once it has been paid"):
        tranche_confirm_receipt(tranche_id=tranche.pk, actor=finance)
    tranches_mark_paid(
        tranche_ids=[tranche.pk], actor=officers[0], bank_reference="B", paid_on=date(2024, 4, 2)
    )
    with pytest.raises(ScopeError):
        tranche_confirm_receipt(tranche_id=tranche.pk, actor=chair)
    tranche_confirm_receipt(tranche_id=tranche.pk, actor=finance)
    tranche.refresh_from_db()
    assert tranche.receipt_confirmed_by == finance
    with pytest.raises(DomainError, match="confirmed already"):
        tranche_confirm_receipt(tranche_id=tranche.pk, actor=finance)


def test_a_release_emails_the_chair_and_the_lto_once_each(
    allocation, django_capture_on_commit_callbacks
):
    chair = user_with_role(Role.PARTNERSHIP_CHAIR, allocation.partnership, email="chair@p.org")
    user_with_role(Role.LTO_FINANCE, allocation.partnership, email="finance@p.org")
    user_with_role(Role.RESIDENT_MEMBER, allocation.partnership, email="resident@p.org")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        tranches_release_due(today=date(2024, 4, 1))
    assert len(callbacks) == 1
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["chair@p.org", "finance@p.org", "lto@example.org"]
    message = mail.outbox[0]
    tranche = allocation.tranches.get(sequence=1)
    assert "Payment released: £105,000.00" in message.subject
    assert f"http://127.0.0.1:8000/grants/tranches/{tranche.pk}/" in message.body
    assert "Grant: £100,000.00" in message.body and "CWF-" in message.body
    # The task run again (a redelivered message) sends nothing more.
    from grants.tasks import tranche_released_notify

    tranche_released_notify(tranche.pk)
    assert len(mail.outbox) == 3
    assert chair.email == "chair@p.org"


def test_a_release_rolled_back_later_enqueues_nothing_and_sends_nothing(
    allocation, django_capture_on_commit_callbacks
):
    before = written()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        tranches_release_due(today=date(2024, 4, 1))
        raise RuntimeError("the request failed after the service returned")
    assert callbacks == []
    assert mail.outbox == []
    assert written() == before


def test_refused_services_enqueue_nothing(officers, allocation, django_capture_on_commit_callbacks):
    proposal = scenario.proposed(officers[0])
    tranches_release_due(today=date(2024, 4, 1))
    tranche_hold(tranche_id=allocation.tranches.get(sequence=2).pk, actor=officers[0], reason="Q")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(DomainError):
            allocation_approve(allocation_id=proposal.pk, actor=officers[0])
        with pytest.raises(DomainError):
            tranches_mark_paid(
                tranche_ids=list(allocation.tranches.values_list("pk", flat=True)[:2]),
                actor=officers[0],
                bank_reference="B",
                paid_on=date(2024, 4, 2),
            )
    assert callbacks == []
    assert mail.outbox == []


def test_the_release_command_reports_what_it_did(allocation, capsys):
    from django.core.management import call_command

    due = allocation.tranches.filter(due_on__lte=date.today()).count()
    call_command("release_due_tranches")
    assert f"Release run: {due} released." in capsys.readouterr().out
    call_command("release_due_tranches")
    assert "Release run: nothing due." in capsys.readouterr().out


def test_a_batch_releases_many_tranches_with_their_postings_and_audit(officers):
    from auditlog.models import LogEntry

    for _ in range(3):
        scenario.active(*officers, amount="1000000.00")
    outcomes = tranches_release_due(today=date(2025, 4, 1))  # two due tranches each
    assert outcomes == {Outcome.RELEASED: 6}
    assert Release.objects.count() == 6
    assert Transaction.objects.filter(kind=Transaction.Kind.RELEASE).count() == 6
    assert (
        LogEntry.objects.filter(
            action=LogEntry.Action.CREATE, object_repr__startswith="Release"
        ).count()
        == 6
    )
    changed = LogEntry.objects.filter(
        action=LogEntry.Action.UPDATE, object_repr__startswith="Tranche", changes__has_key="status"
    )
    assert changed.count() == 6
    ledger_is_consistent()


def test_a_refused_batch_is_released_one_tranche_at_a_time(allocation):
    """A second posting for one tranche (as if every other guard had failed) refuses the whole
    batch; the run then releases the others one at a time and counts the refusal."""
    from grants.services.disbursement import release_post

    first = allocation.tranches.get(sequence=1)
    release_post(
        tranche=first, agreement=allocation.funding_agreement, today=date(2024, 4, 1), actor=None
    )
    outcomes = tranches_release_due(today=date(2026, 5, 1))
    assert outcomes == {Outcome.RELEASED: 2, Outcome.DUPLICATE_REFUSED: 1}
    assert Release.objects.count() == 3
    ledger_is_consistent()
