"""No lost work: a receipt chosen on a spend form that comes back with an error is kept (held
server-side, tied to the session), shown by name, and used when the form is sent again without
choosing it a second time; another session cannot use it; old ones are cleared away."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from grants.models import PendingReceipt, Spend
from grants.services.disbursement import tranches_release_due
from grants.services.plans import plan_endorse, plan_submit
from grants.services.receipts import pending_receipts_clear
from tests.conftest import signed_in
from tests.grants.plan_scenario import drafted, pay_released, setup_partnership

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 a receipt" + b"\x00" * 40


@pytest.fixture
def s(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    s = setup_partnership()
    plan = drafted(s)
    plan_submit(plan_id=plan.pk, actor=s["chair"])
    plan_endorse(plan_id=plan.pk, actor=s["officer"], today=date(2024, 5, 1))
    tranches_release_due(today=date(2024, 5, 1))
    pay_released(s)  # the LTO has received it, so spends within it need no fronting
    s["url"] = f"/plans/partnership/{s['partnership'].pk}/spending/log/"
    s["form"] = {
        "spent_on": "2024-06-01", "amount": "25.00", "payee": "Print Shop",
        "description": "Leaflets", "theme": str(s["themes"]["Young people"].pk),
    }  # fmt: skip
    return s


def _held(body: str) -> str:
    return re.search(r'name="pending_receipt" value="([^"]+)"', body).group(1)


def test_a_receipt_survives_a_validation_error(s):
    client = signed_in(s["resident"])
    upload = SimpleUploadedFile("receipt.pdf", PDF)
    body = client.post(s["url"], {**s["form"], "payee": "", "receipt": upload}).content.decode()
    assert "Enter who was paid" in body
    assert "receipt.pdf" in body and "change" in body.lower()
    key = _held(body)
    response = client.post(s["url"], {**s["form"], "pending_receipt": key}, follow=True)
    assert "Spend of £25.00 to Print Shop logged" in response.content.decode()
    spend = Spend.objects.get()
    assert spend.receipt and spend.receipt.read() == PDF
    assert not PendingReceipt.objects.exists()  # used once, then gone


def test_a_held_receipt_is_no_use_to_another_session(s):
    client = signed_in(s["resident"])
    upload = SimpleUploadedFile("receipt.pdf", PDF)
    key = _held(
        client.post(s["url"], {**s["form"], "payee": "", "receipt": upload}).content.decode()
    )
    other = signed_in(s["chair"])
    other.post(s["url"], {**s["form"], "pending_receipt": key})
    assert not Spend.objects.filter(receipt__gt="").exists()


def test_a_new_file_replaces_the_held_one_and_bad_files_are_not_held(s):
    client = signed_in(s["resident"])
    key = _held(
        client.post(
            s["url"], {**s["form"], "payee": "", "receipt": SimpleUploadedFile("a.pdf", PDF)}
        ).content.decode()
    )
    exe = SimpleUploadedFile("b.pdf", b"MZ\x90\x00" + b"\x00" * 30)
    body = client.post(s["url"], {**s["form"], "pending_receipt": key, "receipt": exe}).content
    assert "whatever its name says" in body.decode()
    assert PendingReceipt.objects.count() == 1


def test_old_held_receipts_are_cleared_with_their_files(s):
    client = signed_in(s["resident"])
    client.post(s["url"], {**s["form"], "payee": "", "receipt": SimpleUploadedFile("a.pdf", PDF)})
    held = PendingReceipt.objects.get()
    assert default_storage.exists(held.file.name)
    assert pending_receipts_clear(now=timezone.now()) == 0
    assert pending_receipts_clear(now=timezone.now() + timedelta(days=2)) == 1
    assert not default_storage.exists(held.file.name)
