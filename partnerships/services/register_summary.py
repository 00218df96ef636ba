"""What an import did, in figures and in plain English: for the command line, the job page and a
benchmark."""

from __future__ import annotations

from dataclasses import dataclass, field

from partnerships.importers import FORMATS_BY_KEY
from partnerships.models import ImportBatch

Status = ImportBatch.Status


@dataclass
class ImportSummary:
    """What an import did, for the command line, the job page and a benchmark."""

    batch_id: int
    status: str
    file_name: str
    file_format: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    cleared: int = 0
    official: int | None = None
    computed: int | None = None
    overlap: int | None = None
    seconds: float | None = None
    same_as_batch_id: int | None = None
    errors: list[dict] = field(default_factory=list)
    error_count: int = 0
    losing: int = 0  # while waiting for confirmation: neighbourhoods that would lose scores
    scored: int = 0  # ... of those that have them now
    kind: str = ""

    @property
    def ok(self) -> bool:
        return self.status in (Status.IMPORTED, Status.ALREADY_IMPORTED)

    @classmethod
    def of(cls, batch: ImportBatch) -> ImportSummary:
        fmt = FORMATS_BY_KEY.get(batch.file_format)
        return cls(
            batch_id=batch.pk,
            status=batch.status,
            file_name=batch.file_name,
            file_format=fmt.label if fmt else "",
            rows=batch.rows_total,
            created=batch.created_count,
            updated=batch.updated_count,
            unchanged=batch.unchanged_count,
            cleared=batch.cleared_count,
            official=batch.summary.get("official"),
            computed=batch.summary.get("computed"),
            overlap=batch.summary.get("overlap"),
            seconds=batch.summary.get("seconds"),
            same_as_batch_id=batch.same_as_id,
            errors=list(batch.errors),
            error_count=batch.error_count,
            losing=batch.summary.get("losing", 0),
            scored=batch.summary.get("scored", 0),
            kind=batch.summary.get("kind", batch.kind),
        )

    def lines(self) -> list[str]:
        """The summary in plain English, one fact a line."""
        if self.status == Status.ALREADY_IMPORTED:
            return [
                f"{self.file_name} was already imported (import {self.same_as_batch_id}). "
                "Nothing changed."
            ]
        if self.status == Status.REJECTED:
            lines = [f"{self.file_name} was rejected; nothing was imported."]
            lines += [_problem_line(e) for e in self.errors]
            if self.error_count > len(self.errors):
                lines.append(f"…and {self.error_count - len(self.errors)} more problems.")
            return lines
        if self.status == Status.TO_CONFIRM:
            return [
                f"{self.file_name} would remove the scores of {self.losing:,} of the "
                f"{self.scored:,} {self.kind or 'neighbourhood'}s that have them. Nothing was "
                "imported. To replace the register with this file, run the command again with "
                "--replace, or confirm it on the import's page."
            ]
        if self.status != Status.IMPORTED:
            return [f"{self.file_name}: {Status(self.status).label.lower()}."]
        rate = (
            f" in {self.seconds:.2f}s ({self.rows / self.seconds:,.0f} rows/s)"
            if self.seconds
            else ""
        )
        return [
            f"Imported {self.rows:,} rows of {self.file_format} from {self.file_name}{rate}.",
            f"New neighbourhoods: {self.created:,}; updated: {self.updated:,}; unchanged: "
            f"{self.unchanged:,}; scores removed (not in this file): {self.cleared:,}.",
            f"Officially left-behind: {self.official:,}. Doubly disadvantaged (computed): "
            f"{self.computed:,}. On both lists: {self.overlap:,}.",
        ]


def _problem_line(problem: dict) -> str:
    where = f"Line {problem['line']}" if problem.get("line") else "File"
    column = f", column {problem['column']}" if problem.get("column") else ""
    return f"{where}{column}: {problem['message']}"
