"""A receipt file lives exactly as long as its spend: a database write that fails after the file
was written leaves no file in MEDIA_ROOT/receipts, and a spend that was saved always has its
file, even when the COMMIT reported an error after committing."""

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, OperationalError, connection, transaction

from grants.models import Spend
from grants.services.spending import SpendInput, spend_log
from grants.views import spending as spending_views
from tests.conftest import signed_in
from tests.grants.plan_scenario import setup_partnership, with_money_received

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def receipt_files(settings) -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in (root / "receipts").rglob("*") if p.is_file())


def log_with_receipt(s):
    return spend_log(
        partnership_id=s["partnership"].pk,
        actor=s["resident"],
        data=SpendInput(
            spent_on=date(2024, 6, 1),
            amount="75.50",
            payee="Print Shop",
            description="Leaflets",
            theme_id=s["themes"]["Young people"].pk,
        ),
        receipt=SimpleUploadedFile("r.png", PNG),
    )


@pytest.fixture
def failing_spend_insert(settings):
    """The INSERT of the spend's row fails, as a lost connection or a constraint would. Records
    the receipt files present at that moment, to show the file really was written first."""
    seen: list[list[str]] = []

    def fail(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "grants_spend"'):
            seen.append(receipt_files(settings))
            raise IntegrityError("the spend's row could not be written")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail):
        yield seen


@pytest.mark.django_db
@pytest.mark.parametrize("inside_a_callers_transaction", [False, True])
def test_a_failed_row_write_leaves_no_receipt_file(
    settings, failing_spend_insert, inside_a_callers_transaction
):
    s = with_money_received(setup_partnership())
    with pytest.raises(IntegrityError):
        if inside_a_callers_transaction:
            with transaction.atomic():
                log_with_receipt(s)
        else:
            log_with_receipt(s)
    assert len(failing_spend_insert) == 1 and len(failing_spend_insert[0]) == 1  # written first
    assert receipt_files(settings) == []
    assert not Spend.objects.exists()


def _commit_then_fail(real_commit, *, commits: bool):
    def commit():
        if commits:
            real_commit()
        raise OperationalError("server closed the connection unexpectedly")

    return commit


@pytest.mark.django_db(transaction=True)
def test_a_commit_that_fails_without_committing_leaves_no_file(settings, monkeypatch):
    s = with_money_received(setup_partnership())
    monkeypatch.setattr(connection, "commit", _commit_then_fail(connection.commit, commits=False))
    with pytest.raises(OperationalError):
        log_with_receipt(s)
    monkeypatch.undo()
    assert receipt_files(settings) == []
    assert not Spend.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_commit_that_reports_an_error_after_committing_keeps_the_receipt(settings, monkeypatch):
    s = with_money_received(setup_partnership())
    monkeypatch.setattr(connection, "commit", _commit_then_fail(connection.commit, commits=True))
    with pytest.raises(OperationalError):
        log_with_receipt(s)
    monkeypatch.undo()
    spend = Spend.objects.get()
    assert receipt_files(settings) == [spend.receipt.name]
    download = signed_in(s["resident"]).get(f"/plans/spends/{spend.pk}/receipt/")
    assert b"".join(download.streaming_content) == PNG


@pytest.mark.django_db
def test_a_failure_later_in_the_page_request_keeps_each_spend_with_its_file(settings, monkeypatch):
    """The spend log page commits the spend in the service's own transaction: a failure after
    it (here, showing the confirmation) cannot roll back the row and strand its file."""
    s = with_money_received(setup_partnership())

    def broken(*args, **kwargs):
        raise RuntimeError("the confirmation could not be shown")

    monkeypatch.setattr(spending_views.messages, "success", broken)
    client = signed_in(s["resident"])
    form = {
        "spent_on": "2024-06-01", "amount": "75.50", "payee": "Print Shop",
        "description": "Leaflets", "theme": str(s["themes"]["Young people"].pk),
        "receipt": SimpleUploadedFile("r.png", PNG),
    }  # fmt: skip
    with pytest.raises(RuntimeError):
        client.post(f"/plans/partnership/{s['partnership'].pk}/spending/log/", form)
    assert receipt_files(settings) == [spend.receipt.name for spend in Spend.objects.all()]
    assert Spend.objects.count() == 1
