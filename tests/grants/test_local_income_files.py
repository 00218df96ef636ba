"""A local-income evidence file lives exactly as long as its row (issue 18's gap): a database
write that fails after the file was written leaves no file in MEDIA_ROOT/local-income, and a
row that was saved always has its file."""

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, OperationalError, connection, transaction

from cwf.accounts.roles import Role
from cwf.core.errors import DomainError
from grants.models import LocalIncome
from grants.services.local_income import local_income_record
from grants.views import coinvestment as coinvestment_views
from tests.conftest import signed_in
from tests.factories import PartnershipFactory, user_with_role

PDF = b"%PDF-1.4\n% a letter from the council\n"


def evidence_files(settings) -> list[str]:
    root = Path(settings.MEDIA_ROOT) / "local-income"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def record(finance, partnership):
    return local_income_record(
        actor=finance, partnership_id=partnership.pk, kind=LocalIncome.Kind.OTHER_GRANT,
        source="Durham County Council", amount="12000.00", received_on=date(2024, 6, 1),
        evidence=SimpleUploadedFile("letter.pdf", PDF),
    )  # fmt: skip


@pytest.fixture
def finance():
    partnership = PartnershipFactory()
    return user_with_role(Role.LTO_FINANCE, partnership), partnership


@pytest.mark.django_db
@pytest.mark.parametrize("inside_a_callers_transaction", [False, True])
def test_a_failed_row_write_leaves_no_evidence_file(
    settings, finance, inside_a_callers_transaction
):
    seen: list[list[str]] = []

    def fail(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "grants_localincome"'):
            seen.append(evidence_files(settings))
            raise IntegrityError("the income's row could not be written")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail), pytest.raises(IntegrityError):
        if inside_a_callers_transaction:
            with transaction.atomic():
                record(*finance)
        else:
            record(*finance)
    assert len(seen) == 1 and len(seen[0]) == 1  # the file really was written first
    assert evidence_files(settings) == []
    assert not LocalIncome.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_commit_that_fails_without_committing_leaves_no_file(settings, finance, monkeypatch):
    def commit():
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(connection, "commit", commit)
    with pytest.raises(OperationalError):
        record(*finance)
    monkeypatch.undo()
    assert evidence_files(settings) == []
    assert not LocalIncome.objects.exists()


@pytest.mark.django_db
def test_a_saved_income_keeps_its_file_even_when_the_page_fails_after(
    settings, finance, monkeypatch
):
    """The page commits the income in the service's own transaction: a failure after it (here,
    showing the confirmation) cannot roll back the row and strand its file."""
    user, partnership = finance

    def broken(*args, **kwargs):
        raise RuntimeError("the confirmation could not be shown")

    monkeypatch.setattr(coinvestment_views.messages, "success", broken)
    form = {
        "kind": "other_grant", "source": "Durham County Council", "amount": "12000",
        "received_on": "2024-06-01", "evidence_reference": "",
        "evidence": SimpleUploadedFile("letter.pdf", PDF),
    }  # fmt: skip
    with pytest.raises(RuntimeError):
        signed_in(user).post(f"/plans/partnership/{partnership.pk}/local-income/", form)
    income = LocalIncome.objects.get()
    assert ["local-income/" + name for name in evidence_files(settings)] == [income.evidence.name]
    assert income.evidence.read() == PDF


@pytest.mark.django_db
@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("letter.pdf", b"<html><script>alert(1)</script></html>"),
        SimpleUploadedFile("macro.docm", b"PK\x03\x04 a macro-enabled document"),
    ],
    ids=["html-named-pdf", "docm"],
)
def test_evidence_is_held_to_the_receipt_rules(settings, finance, upload):
    """An officer opens the evidence to verify it: like a spend's receipt, it is a PDF, JPEG
    or PNG by its first bytes (grants.services.receipts), never any file an account sends."""
    user, partnership = finance
    response = signed_in(user).post(
        f"/plans/partnership/{partnership.pk}/local-income/",
        {"kind": "donation", "source": "Raffle", "amount": "50.00", "received_on": "1/5/2024",
         "evidence": upload},
    )  # fmt: skip
    assert response.status_code == 200
    assert "must be a PDF, JPEG or PNG" in response.content.decode()
    assert not LocalIncome.objects.exists() and evidence_files(settings) == []


@pytest.mark.django_db
def test_evidence_larger_than_a_receipt_may_be_is_refused(settings, finance):
    settings.RECEIPT_MAX_BYTES = 1024
    with pytest.raises(DomainError, match="largest allowed") as refused:
        local_income_record(
            actor=finance[0], partnership_id=finance[1].pk, kind=LocalIncome.Kind.DONATION,
            source="Raffle", amount="50.00", received_on=date(2024, 6, 1),
            evidence=SimpleUploadedFile("big.pdf", PDF + b"0" * 2048),
        )  # fmt: skip
    assert refused.value.field == "evidence"
