"""Receipts: PDF, JPEG or PNG, recognised by their first bytes (never by the file's name), and
no larger than settings.RECEIPT_MAX_BYTES. A receipt file is written before its spend's row and
removed again if that row's transaction fails, so a saved spend always has its file and a failed
one leaves none behind."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from cwf.core.errors import DomainError
from cwf.core.files import files_removed_on_failure

SIGNATURES = (
    (b"%PDF-", "pdf", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
)


@dataclass(frozen=True)
class ReceiptType:
    ext: str
    content_type: str


def receipt_check(upload) -> ReceiptType:
    limit = settings.RECEIPT_MAX_BYTES
    if upload.size > limit:
        raise DomainError(
            f"The receipt is {upload.size / 1024 / 1024:.1f} MB: the largest allowed is "
            f"{limit / 1024 / 1024:.0f} MB.",
            field="receipt",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, ext, content_type in SIGNATURES:
        if head.startswith(magic):
            return ReceiptType(ext, content_type)
    raise DomainError(
        "The receipt must be a PDF, JPEG or PNG file. This file is not one of those, whatever "
        "its name says.",
        field="receipt",
    )


def receipts_removed_on_failure():
    """cwf.core.files.files_removed_on_failure for spends' receipts (see there)."""
    from ..models import Spend

    return files_removed_on_failure(Spend._meta.get_field("receipt"))
