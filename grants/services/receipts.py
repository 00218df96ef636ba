"""Receipts: PDF, JPEG or PNG, recognised by their first bytes (never by the file's name), and
no larger than settings.RECEIPT_MAX_BYTES. A receipt file is written before its spend's row and
removed again if that row's transaction fails, so a saved spend always has its file and a failed
one leaves none behind."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, transaction

from cwf.core.errors import DomainError

log = logging.getLogger(__name__)

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


@contextmanager
def receipts_removed_on_failure() -> Iterator[list[str]]:
    """Wrap a transaction that writes receipt files: append each file's storage name to the
    list as it is written. If anything in the block raises, including its COMMIT, the files go
    again, unless a saved spend names one (a COMMIT that failed on the wire may have committed
    after all): an unused file harms no one, a spend whose receipt is missing would.

    The block should be the outermost transaction (the spend log view runs without
    ATOMIC_REQUESTS for this): inside a caller's transaction, a rollback of the caller's after
    this block has finished cannot be seen here, and would leave an unused file."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        for name in written:
            _remove_unless_saved(name)
        raise


def _remove_unless_saved(name: str) -> None:
    from ..models import Spend

    if transaction.get_connection().in_atomic_block:
        # Still inside a caller's transaction: this block's writes were rolled back to its
        # savepoint, so no spend can name the file.
        saved = False
    else:
        try:
            saved = Spend.objects.filter(receipt=name).exists()
        except DatabaseError:
            log.warning("Kept receipt %s: the database could not say whether it is used", name)
            return
    if not saved:
        try:
            Spend._meta.get_field("receipt").storage.delete(name)
        except OSError:  # the write's own error is the one to raise
            log.exception("Could not remove unused receipt %s", name)
