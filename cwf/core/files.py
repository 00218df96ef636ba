"""Uploaded files that live exactly as long as the row naming them. A service writes the file
before the row (so a committed row always has its file) inside `files_removed_on_failure`, and a
failure anywhere in the block, its COMMIT included, removes the file again."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DatabaseError, transaction
from django.db.models import FileField

log = logging.getLogger(__name__)


@contextmanager
def files_removed_on_failure(field: FileField) -> Iterator[list[str]]:
    """Wrap a transaction that writes files for `field` (a model's FileField): append each
    file's storage name to the list as it is written. If anything in the block raises, including
    its COMMIT, the files go again, unless a saved row names one (a COMMIT that failed on the
    wire may have committed after all): an unused file harms no one, a row whose file is missing
    would.

    The block should be the outermost transaction (views that use it run without
    ATOMIC_REQUESTS): inside a caller's transaction, a rollback of the caller's after this block
    has finished cannot be seen here, and would leave an unused file."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        for name in written:
            _remove_unless_saved(field, name)
        raise


def _remove_unless_saved(field: FileField, name: str) -> None:
    if transaction.get_connection().in_atomic_block:
        # Still inside a caller's transaction: this block's writes were rolled back to its
        # savepoint, so no row can name the file.
        saved = False
    else:
        try:
            saved = field.model._default_manager.filter(**{field.name: name}).exists()
        except DatabaseError:
            log.warning("Kept %s: the database could not say whether it is used", name)
            return
    if not saved:
        try:
            field.storage.delete(name)
        except OSError:  # the write's own error is the one to raise
            log.exception("Could not remove the unused file %s", name)
