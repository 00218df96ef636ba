"""Receipts: PDF, JPEG or PNG, recognised by their first bytes (never by the file's name), and
no larger than settings.RECEIPT_MAX_BYTES. A receipt file is written before its spend's row and
removed again if that row's transaction fails, so a saved spend always has its file and a failed
one leaves none behind."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from cwf.core.errors import DomainError
from cwf.core.files import files_removed_on_failure

if TYPE_CHECKING:
    from ..models import PendingReceipt

SIGNATURES = (
    (b"%PDF-", "pdf", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
)


@dataclass(frozen=True)
class ReceiptType:
    ext: str
    content_type: str


def receipt_check(upload, *, field: str = "receipt", what: str = "receipt") -> ReceiptType:
    """A spend's receipt, or any file held as evidence of money (local income's evidence):
    `what` names it in the refusal, on `field`."""
    limit = settings.RECEIPT_MAX_BYTES
    if upload.size > limit:
        raise DomainError(
            f"The {what} is {upload.size / 1024 / 1024:.1f} MB: the largest allowed is "
            f"{limit / 1024 / 1024:.0f} MB.",
            field=field,
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, ext, content_type in SIGNATURES:
        if head.startswith(magic):
            return ReceiptType(ext, content_type)
    raise DomainError(
        f"The {what} must be a PDF, JPEG or PNG file. This file is not one of those, whatever "
        "its name says.",
        field=field,
    )


def receipts_removed_on_failure():
    """cwf.core.files.files_removed_on_failure for spends' receipts (see there)."""
    from ..models import Spend

    return files_removed_on_failure(Spend._meta.get_field("receipt"))


# --- Receipts held across a form's errors ---------------------------------------------------------

SESSION_KEY = "pending_receipts"


def receipt_hold(*, upload, actor, partnership_id: int, session) -> PendingReceipt:
    """Keep a checked receipt while its spend form is corrected, so it need not be chosen again.
    Raises DomainError (as receipt_check) for a file that could never be a receipt."""
    from ..models import PendingReceipt

    kind = receipt_check(upload)
    held = PendingReceipt(
        key=uuid.uuid4().hex, partnership_id=partnership_id, chosen_by=actor,
        name=Path(upload.name or f"receipt.{kind.ext}").name[-120:], ext=kind.ext,
        content_type=kind.content_type,
    )  # fmt: skip
    with files_removed_on_failure(PendingReceipt._meta.get_field("file")) as written:
        held.file.save(f"receipt.{kind.ext}", upload, save=False)
        written.append(held.file.name)
        held.save()
    session[SESSION_KEY] = [*session.get(SESSION_KEY, [])[-9:], held.key]
    return held


def receipt_held(*, key: str, actor, partnership_id: int, session) -> PendingReceipt | None:
    """The receipt held under `key`, only for the person and session that chose it."""
    from ..models import PendingReceipt

    if not key or key not in session.get(SESSION_KEY, []):
        return None
    return PendingReceipt.objects.filter(
        key=key, chosen_by=actor, partnership_id=partnership_id
    ).first()


def receipt_release(*, held: PendingReceipt, session) -> None:
    """A held receipt has been used (copied onto its spend) or replaced: remove it."""
    session[SESSION_KEY] = [k for k in session.get(SESSION_KEY, []) if k != held.key]
    name = held.file.name
    held.delete()
    transaction.on_commit(lambda: default_storage.delete(name))


def pending_receipts_clear(*, now=None) -> int:
    """Beat: remove held receipts of forms abandoned more than PENDING_RECEIPT_HOURS ago."""
    from ..models import PendingReceipt

    cutoff = (now or timezone.now()) - timedelta(hours=settings.PENDING_RECEIPT_HOURS)
    count = 0
    for held in PendingReceipt.objects.filter(created_at__lt=cutoff):
        name = held.file.name
        held.delete()
        default_storage.delete(name)
        count += 1
    return count
