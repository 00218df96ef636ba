"""Importing IMD and CNI files into the neighbourhood register.

The same path serves the command line (`import_imd FILE`, `import_cni FILE`) and the officers'
upload page, whose Celery task calls `import_batch_run`:

1. An ImportBatch row is created (status queued) with the file's SHA-256.
2. `import_batch_run` locks the row and moves it to "checking"; a second run of the same batch
   finds it no longer queued and does nothing. A file equal to the register's current data (the
   same hash as the index's latest successful import) ends as "already imported" and changes
   nothing; any other file imports, so re-importing the full file after a partial one restores
   the register.
3. Every row is checked before anything is written; progress is saved as it goes. Any problem
   rejects the whole file, with the problems (line, column, message) on the batch.
4. The rows are written in one transaction with bulk writes, then the register is re-ranked.
   A file that would remove the index's scores from most of the neighbourhoods that have them
   is not written: it waits ("to confirm") until an officer confirms it on its page
   (`import_batch_replace_confirm`, which queues it again) or declines it
   (`import_batch_replace_decline`); on the command line it needs --replace.

Locking: the write transaction locks the batch row, and on PostgreSQL the neighbourhood table in
SHARE ROW EXCLUSIVE mode, so two imports never interleave (readers are not blocked). SQLite has
one writer at a time already."""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from cwf.accounts import permissions
from cwf.core import queue
from cwf.core.errors import DomainError, ScopeError
from cwf.core.transitions import check_transition
from partnerships.importers import FORMATS_BY_KEY, ParsedFile, parse_register_file
from partnerships.measures import CNI, IMD
from partnerships.models import ImportBatch, Neighbourhood

from .lsoa_neighbourhoods import lsoa_neighbourhoods_refresh
from .register_ranking import register_rerank
from .register_scores import scores_lost, scores_write
from .register_summary import ImportSummary

logger = logging.getLogger(__name__)
Status = ImportBatch.Status
UPLOAD_FOLDER = "register-imports"


def import_imd_file(
    *, path: str | Path, actor=None, replace: bool = False, file_format: str = ""
) -> ImportSummary:
    """Import an IMD file (IoD2019 ward or File 7 layout, or IoD2025 File 7) from the server's
    disk, now. `replace`: write it even if it takes the scores away from most of the register.
    `file_format`: the one layout (importers.FORMATS_BY_KEY) the file must have; a file of
    another edition is refused."""
    return _import_file(
        index=IMD, path=Path(path), actor=actor, replace=replace, file_format=file_format
    )


def import_cni_file(
    *, path: str | Path, actor=None, replace: bool = False, file_format: str = ""
) -> ImportSummary:
    """Import a CNI file (CNI 2019 by ward, CNI 2023 by LSOA) from the server's disk, now
    (`replace` and `file_format` as for IMD)."""
    return _import_file(
        index=CNI, path=Path(path), actor=actor, replace=replace, file_format=file_format
    )


def _check_layout(index: str, file_format: str) -> None:
    if file_format and (
        file_format not in FORMATS_BY_KEY or FORMATS_BY_KEY[file_format].index != index
    ):
        raise DomainError("Choose a file layout of this index.", field="file_format")


def _import_file(
    *, index: str, path: Path, actor, replace: bool, file_format: str = ""
) -> ImportSummary:
    _check_layout(index, file_format)
    path = path.expanduser().resolve()
    if not path.is_file():
        raise DomainError(f"There is no file at {path}.")
    digest, size = file_sha256(path)
    batch = ImportBatch.objects.create(
        index=index,
        file_name=path.name[:255],
        source_path=str(path),
        sha256=digest,
        size_bytes=size,
        created_by=actor,
        replace_confirmed=replace,
        expected_format=file_format,
    )
    return import_batch_run(import_batch_id=batch.pk)


def import_upload_queue(*, index: str, upload, actor, file_format: str = "") -> ImportBatch:
    """Save an uploaded file outside the web root and queue its import as a background job.
    `file_format`: the layout (so the edition) the officer says the file has, or "" for any."""
    if not permissions.can_write_fund(actor):
        raise ScopeError("Only fund officers can import register files.")
    if index not in ImportBatch.Index.values:
        raise DomainError("Choose which index the file holds.", field="index")
    _check_layout(index, file_format)
    limit = settings.REGISTER_IMPORT_MAX_BYTES
    if upload.size > limit:
        raise DomainError(
            f"The file is {filesizeformat(upload.size)}. The largest file you can import is "
            f"{filesizeformat(limit)}.",
            field="file",
        )
    if upload.size == 0:
        raise DomainError("The file is empty.", field="file")
    relative = f"{UPLOAD_FOLDER}/{uuid.uuid4().hex}.csv"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with target.open("wb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            out.write(chunk)
    batch = ImportBatch.objects.create(
        index=index,
        file_name=Path(upload.name).name[:255],
        source_path=relative,
        sha256=digest.hexdigest(),
        size_bytes=upload.size,
        created_by=actor,
        expected_format=file_format,
    )
    transaction.on_commit(lambda: _enqueue(batch.pk))
    return batch


def _enqueue(batch_id: int) -> None:
    queue.enqueue("partnerships.tasks.import_batch_run", batch_id)


def import_batch_run(*, import_batch_id: int) -> ImportSummary:
    """Run one queued import to its end. Running it again, or for a batch that has finished,
    changes nothing."""
    started = time.monotonic()
    with transaction.atomic():
        # Lock: a second delivery of the same task waits here, then finds it is not queued.
        batch = ImportBatch.objects.select_for_update().get(pk=import_batch_id)
        if batch.status != Status.QUEUED:
            return ImportSummary.of(batch)
        _move(batch, Status.CHECKING, started_at=timezone.now())
    if _already_imported(batch):
        return _finish_already_imported(batch)
    path = _path(batch)
    if not path.is_file():
        return _reject(batch, [{"line": None, "column": "", "message": "The file is missing."}], 1)

    def progress(done: int, total: int) -> None:
        ImportBatch.objects.filter(pk=batch.pk).update(rows_checked=done, rows_total=total)

    parsed = parse_register_file(
        path=path, index=batch.index, progress=progress, expected=batch.expected_format
    )
    batch.rows_total, batch.rows_checked = parsed.total_rows, parsed.total_rows
    if parsed.file_format:
        batch.file_format, batch.kind = parsed.file_format.key, parsed.file_format.kind
        batch.edition, batch.geography = parsed.file_format.edition, parsed.file_format.geography
    if not parsed.ok:
        return _reject(batch, [p.as_dict() for p in parsed.problems], parsed.problem_count)
    _move(batch, Status.WRITING)
    try:
        return _write(batch, parsed, started)
    except Exception:
        logger.exception("Register import %s failed while writing", batch.pk)
        batch.refresh_from_db()
        message = "Something went wrong while writing. Nothing was imported. Try again."
        _reject(batch, [{"line": None, "column": "", "message": message}], 1)
        raise


def _write(batch: ImportBatch, parsed: ParsedFile, started: float) -> ImportSummary:
    """Every row in one transaction, then the register re-ranked, or nothing at all."""
    with transaction.atomic():
        _lock_register()
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if _already_imported(batch):  # the same file finished while this one was checked
            return _finish_already_imported(batch)
        losing, scored = scores_lost(parsed)
        if not batch.replace_confirmed and losing * 2 > scored:
            batch.summary = {"losing": losing, "scored": scored, "kind": parsed.file_format.kind}
            _move(batch, Status.TO_CONFIRM, finished_at=timezone.now())
            return ImportSummary.of(batch)
        written = scores_write(batch=batch, parsed=parsed)
        counts = register_rerank()
        lsoa_neighbourhoods_refresh()  # their combined figures follow the new scores
        batch.created_count, batch.updated_count = written.created, written.updated
        batch.unchanged_count, batch.cleared_count = written.unchanged, written.cleared
        batch.rows_written = batch.rows_total
        batch.summary = {
            **counts.as_dict(),
            "benchmarks": written.benchmarks,
            "seconds": round(time.monotonic() - started, 3),
        }
        _move(batch, Status.IMPORTED, finished_at=timezone.now())
    return ImportSummary.of(batch)


def import_batches_recover(*, stale_after: timedelta = timedelta(minutes=30)) -> int:
    """For beat: queue again any job whose worker died (checking or writing for too long;
    writing is one transaction, so nothing of it was kept), and send every job still queued a
    minute after it was created. A job sent twice runs once. Returns how many were sent."""
    now = timezone.now()
    stale = ImportBatch.objects.filter(
        status__in=[Status.CHECKING, Status.WRITING], started_at__lt=now - stale_after
    )
    for batch_id in stale.values_list("pk", flat=True):
        with transaction.atomic():
            batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
            if batch.status in (Status.CHECKING, Status.WRITING):
                _move(batch, Status.QUEUED, rows_checked=0, rows_written=0, started_at=None)
    queued = list(
        ImportBatch.objects.filter(
            status=Status.QUEUED, created_at__lt=now - timedelta(minutes=1)
        ).values_list("pk", flat=True)
    )
    for batch_id in queued:
        transaction.on_commit(lambda batch_id=batch_id: _enqueue(batch_id))
    return len(queued)


def _move(batch: ImportBatch, target: str, **changes) -> None:
    """The one way an import's status changes: checked against ImportBatch.TRANSITIONS."""
    check_transition(
        current=batch.status, target=target, allowed=ImportBatch.TRANSITIONS, what="import"
    )
    batch.status = target
    for name, value in changes.items():
        setattr(batch, name, value)
    batch.save()


def _already_imported(batch: ImportBatch) -> ImportBatch | None:
    """The index's latest successful import, if it was this same file: the register holds this
    file's data now. A file imported before a different one is not: importing it again restores
    what the other replaced."""
    latest = (
        ImportBatch.objects.filter(index=batch.index, status=Status.IMPORTED)
        .exclude(pk=batch.pk)
        .order_by("-finished_at", "-pk")
        .first()
    )
    return latest if latest is not None and latest.sha256 == batch.sha256 else None


def import_batch_replace_confirm(*, import_batch_id: int, actor) -> ImportBatch:
    """An officer confirms a file that takes the scores away from most of the register: it is
    queued again and written."""
    if not permissions.can_write_fund(actor):
        raise ScopeError("Only fund officers can confirm a register import.")
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=import_batch_id)
        if batch.status != Status.TO_CONFIRM:
            raise DomainError(
                f"This import is {batch.get_status_display().lower()}: there is nothing to confirm."
            )
        batch.replace_confirmed = True
        _move(batch, Status.QUEUED, rows_checked=0, rows_written=0, started_at=None,
              finished_at=None)  # fmt: skip
        transaction.on_commit(lambda: _enqueue(batch.pk))
    return batch


def import_batch_replace_decline(*, import_batch_id: int, actor) -> ImportBatch:
    """An officer keeps the register as it is: the file is not imported."""
    if not permissions.can_write_fund(actor):
        raise ScopeError("Only fund officers can decline a register import.")
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=import_batch_id)
        if batch.status != Status.TO_CONFIRM:
            raise DomainError(
                f"This import is {batch.get_status_display().lower()}: there is nothing to decline."
            )
        message = "Not imported: an officer chose to keep the register as it was."
        _move(batch, Status.REJECTED, errors=[{"line": None, "column": "", "message": message}],
              error_count=1, rows_written=0, finished_at=timezone.now())  # fmt: skip
    return batch


def _finish_already_imported(batch: ImportBatch) -> ImportSummary:
    same = _already_imported(batch)
    batch.rows_total = batch.rows_checked = batch.rows_written = 0
    _move(batch, Status.ALREADY_IMPORTED, same_as=same, finished_at=timezone.now())
    return ImportSummary.of(batch)


def _reject(batch: ImportBatch, errors: list[dict], count: int) -> ImportSummary:
    batch.rows_written = 0
    _move(batch, Status.REJECTED, errors=errors, error_count=count, finished_at=timezone.now())
    return ImportSummary.of(batch)


def _path(batch: ImportBatch) -> Path:
    path = Path(batch.source_path)
    return path if path.is_absolute() else Path(settings.MEDIA_ROOT) / path


def file_sha256(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _lock_register() -> None:
    if connection.vendor == "postgresql":
        table = Neighbourhood._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{table}" IN SHARE ROW EXCLUSIVE MODE')
