"""Bulk import of spends from a bank-export style CSV, for LTO finance. Two steps: the upload is
parsed and checked row by row (every problem reported with its line number) and, only if every
row is good, stored as a pending SpendImport; the uploader sees a preview and confirms, and then
every row is written in one transaction (checked again), or none.

Columns (header row required, case-insensitive): Date (DD/MM/YYYY or YYYY-MM-DD), Payee,
Description, Amount (money paid out, positive), Theme (a theme's name), Decision (the decision's
reference from the decision log, "D62", or its number, "62"; needed for spends over the
SPEND_DECISION_THRESHOLD setting)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from cwf.accounts import permissions
from cwf.core.errors import DomainError, ScopeError
from cwf.core.filters import whole_number

from ..models import Spend, SpendImport, Theme
from .spend_totals import spend_totals_add
from .spending import SpendInput, spend_check

COLUMNS = ("date", "payee", "description", "amount", "theme", "decision")
# The longest value each column may hold: the spend's own limits (grants.models.Spend), so a
# file the preview accepts is one the confirmation can write.
MAX_LENGTHS = {"date": 20, "payee": 200, "description": 300, "amount": 30, "theme": 100,
               "decision": 20}  # fmt: skip
MAX_ROWS = 2000
MAX_BYTES = 2 * 1024 * 1024


class ImportRefused(DomainError):
    """The file was refused; `problems` lists each bad line."""

    def __init__(self, problems: list[str]):
        super().__init__(
            f"The file was not imported: {len(problems)} problem(s). Nothing was added."
        )
        self.problems = problems


def _require_finance(actor, partnership_id: int) -> None:
    permissions.require(
        permissions.may_import_spends(actor, partnership_id),
        "Only the partnership's LTO finance users can import spends.",
    )


def _parse_date(text: str) -> date | None:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _read(upload) -> list[dict]:
    if upload.size > MAX_BYTES:
        raise ImportRefused(["The file is larger than 2 MB. Split it into smaller files."])
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(["The file is not a UTF-8 CSV file."]) from None
    reader = csv.DictReader(io.StringIO(text))
    headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in headers]
    if missing:
        raise ImportRefused([f"Line 1: the header has no {', '.join(missing)} column."])
    reader.fieldnames = headers
    rows, problems = [], []
    for row in reader:
        rows.append({k: (v or "").strip() for k, v in row.items() if k})
        problems += _cell_problems(reader.line_num, headers, row)
        if len(rows) > MAX_ROWS:
            raise ImportRefused([f"The file has more than {MAX_ROWS} rows."])
    if problems:
        raise ImportRefused(problems)
    if not rows:
        raise ImportRefused(["The file has no rows below the header."])
    return rows


def _cell_problems(line: int, headers: list[str], row: dict) -> list[str]:
    """Characters no database column takes (NUL), and values longer than the log can keep, named
    by line and column, so the preview refuses what the confirmation could not write."""
    problems = []
    for column in headers:
        value = row.get(column) or ""
        if not isinstance(value, str):  # extra cells beyond the header
            value = ",".join(value)
        label = column.capitalize() if column else "(no header)"
        if "\x00" in value:
            problems.append(
                f"Line {line}, column {label}: contains a NUL character (an invisible control "
                "character, often left by a faulty export). Remove it and upload the file again."
            )
        elif column in MAX_LENGTHS and len(value.strip()) > MAX_LENGTHS[column]:
            problems.append(
                f"Line {line}, column {label}: {len(value.strip())} characters, more than the "
                f"{MAX_LENGTHS[column]} it may have."
            )
    return problems


def _check_rows(
    *, partnership_id: int, actor, rows: list[dict], today: date, fronted: bool
) -> list[dict]:
    themes = {t.name.lower(): t.pk for t in Theme.objects.filter(is_active=True)}
    problems, clean, pending = [], [], {}
    for line, row in enumerate(rows, start=2):
        spent_on = _parse_date(row.get("date", ""))
        if spent_on is None:
            problems.append(f"Line {line}: '{row.get('date', '')}' is not a date (DD/MM/YYYY).")
            continue
        theme_id = themes.get(row.get("theme", "").lower())
        if theme_id is None:
            problems.append(f"Line {line}: '{row.get('theme', '')}' is not one of the themes.")
            continue
        decision = row.get("decision", "").strip()
        # The decision log writes "D62"; a number alone is read the same.
        decision = decision[1:] if decision[:1] in ("D", "d") else decision
        if decision and whole_number(decision) is None:
            problems.append(
                f"Line {line}: the decision must be its reference from the decision log, "
                f"like D62, not '{row.get('decision', '')}'."
            )
            continue
        data = SpendInput(
            spent_on=spent_on,
            amount=row.get("amount", ""),
            payee=row.get("payee", ""),
            description=row.get("description", ""),
            theme_id=theme_id,
            decision_id=whole_number(decision) if decision else None,
            fronted_by_lto=fronted,
        )
        try:
            spend_check(
                partnership_id=partnership_id, actor=actor, data=data, today=today,
                pending=pending,
            )  # fmt: skip
        except DomainError as exc:
            problems.append(f"Line {line}: {exc.message}")
            continue
        clean.append({**row, "date": spent_on.isoformat(), "decision": decision, "line": line})
    if problems:
        raise ImportRefused(problems)
    return clean


def spend_import_upload(
    *, partnership_id: int, actor, upload, today: date | None = None, fronted_by_lto: bool = False
):
    """Parse and check the file; nothing reaches the log yet. Refused whole on any bad row."""
    _require_finance(actor, partnership_id)
    today = today or timezone.localdate()
    rows = _read(upload)
    with transaction.atomic():
        clean = _check_rows(
            partnership_id=partnership_id, actor=actor, rows=rows, today=today,
            fronted=fronted_by_lto,
        )  # fmt: skip
        return SpendImport.objects.create(
            partnership_id=partnership_id,
            fronted_by_lto=fronted_by_lto,
            file_name=(getattr(upload, "name", "") or "upload.csv")[:200],
            rows=clean,
            uploaded_by=actor,
        )


def spend_import_confirm(*, import_id: int, actor, today: date | None = None) -> list[Spend]:
    """Write every row of a checked upload, checking each again: all or nothing."""
    today = today or timezone.localdate()
    with transaction.atomic():
        batch = SpendImport.objects.select_for_update().get(pk=import_id)
        _require_finance(actor, batch.partnership_id)
        if batch.uploaded_by_id != actor.pk:
            raise ScopeError("Only the person who uploaded this file can confirm it.")
        if batch.status != SpendImport.Status.PENDING:
            raise DomainError("This file has already been dealt with.")
        themes = {t.name.lower(): t.pk for t in Theme.objects.filter(is_active=True)}
        spends, pending, problems = [], {}, []
        for row in batch.rows:
            data = SpendInput(
                spent_on=date.fromisoformat(row["date"]),
                amount=row["amount"],
                payee=row["payee"],
                description=row["description"],
                theme_id=themes.get(row["theme"].lower()),
                decision_id=int(row["decision"]) if row.get("decision") else None,
                fronted_by_lto=batch.fronted_by_lto,
            )
            try:
                fields = spend_check(
                    partnership_id=batch.partnership_id, actor=actor, data=data, today=today,
                    pending=pending,
                )  # fmt: skip
            except DomainError as exc:
                problems.append(f"Line {row['line']}: {exc.message}")
                continue
            spends.append(Spend(**fields, logged_by=actor, import_batch=batch))
        if problems:
            raise ImportRefused(problems)
        created = Spend.objects.bulk_create(spends)
        spend_totals_add(created)
        batch.status, batch.committed_at = SpendImport.Status.COMMITTED, timezone.now()
        batch.save(update_fields=["status", "committed_at"])
    return created
