"""Reads and checks an IMD or CNI file before anything is written. Every row is checked (the code
pattern, the numbers, duplicate codes, the columns); a problem names its line and column. The
caller writes nothing unless the whole file is clean.

Line numbers are the file's own: the header is line 1, so the first data row is line 2."""

from __future__ import annotations

import codecs
import csv
import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cwf.core.filters import whole_number
from partnerships.editions import EDITIONS
from partnerships.measures import INDEX_LABELS

from .formats import FORMATS, FORMATS_BY_KEY, LA_CODE, FileFormat, normalise

# Only so many problems are kept to show; the count says how many there were.
PROBLEM_LIMIT = 200
PROGRESS_EVERY = 500
POPULATION_MAX = 2**31 - 1  # the population columns are PositiveIntegerFields
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


@dataclass(frozen=True)
class Problem:
    line: int | None
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        where = f"Line {self.line}" if self.line else "File"
        return f"{where}{', column ' + self.column if self.column else ''}: {self.message}"


@dataclass
class ParsedRow:
    line: int
    code: str
    scores: dict[str, float]
    name: str = ""
    la_code: str = ""
    la_name: str = ""
    population: int | None = None
    left_behind: bool | None = None


@dataclass
class ParsedFile:
    file_format: FileFormat | None = None
    rows: list[ParsedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    total_rows: int = 0

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def add(self, line: int | None, column: str, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < PROBLEM_LIMIT:
            self.problems.append(Problem(line, column, message))


Progress = Callable[[int, int], None]


def parse_register_file(
    *, path: Path, index: str, progress: Progress | None = None, expected: str = ""
) -> ParsedFile:
    """Read `path` as a file of `index` ("imd" or "cni") and check every row. `expected`: the
    key of the one layout (and so edition) the file must have; any other is refused."""
    parsed = ParsedFile()
    text = _read_text(Path(path), parsed)
    if text is None:
        return parsed
    records = _records(text, parsed)
    if records is None:
        return parsed
    if not records:
        parsed.add(None, "", "The file is empty: it has no header row and no data.")
        return parsed
    header = records[0][1]
    columns = _match_format(header, index, parsed, expected)
    if columns is None:
        return parsed
    body = records[1:]
    parsed.total_rows = len(body)
    if not body:
        parsed.add(None, "", "The file has a header row but no data rows.")
        return parsed
    seen: dict[str, int] = {}
    for done, (line, values) in enumerate(body, start=1):
        _check_row(line, values, len(header), columns, parsed, seen)
        if progress and (done % PROGRESS_EVERY == 0 or done == len(body)):
            progress(done, len(body))
    return parsed


def _read_text(path: Path, parsed: ParsedFile) -> str | None:
    raw = path.read_bytes()
    if not raw.strip():
        parsed.add(None, "", "The file is empty.")
        return None
    head = raw[:8192]
    if b"\x00" in head or _looks_binary(head):
        parsed.add(
            None,
            "",
            f"The file is not a CSV file (it looks like {_describe(head)}). Save it as CSV "
            "(comma-separated values) and try again.",
        )
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Excel's plain "CSV" (not "CSV UTF-8") on Windows writes Windows-1252.
        return raw.removeprefix(codecs.BOM_UTF8).decode("cp1252")
    except UnicodeDecodeError:
        parsed.add(None, "", "The file is not text in UTF-8 or Windows-1252: it is not a CSV file.")
        return None


def _records(text: str, parsed: ParsedFile) -> list[tuple[int, list[str]]] | None:
    """(line number, values) for each row that is not blank."""
    reader = csv.reader(io.StringIO(text, newline=""))
    records = []
    try:
        for values in reader:
            if any(cell.strip() for cell in values):
                records.append((reader.line_num, values))
    except csv.Error as exc:
        parsed.add(reader.line_num + 1, "", f"This line cannot be read as CSV: {exc}.")
        return None
    return records


def _looks_binary(head: bytes) -> bool:
    mime = _mime(head)
    return bool(mime) and not (mime.startswith("text/") or mime in {"application/csv"})


def _mime(head: bytes) -> str | None:
    try:
        import magic
    except ImportError:  # libmagic missing: the NUL-byte and decoding checks still apply
        return None
    return magic.from_buffer(head, mime=True)


def _describe(head: bytes) -> str:
    try:
        import magic

        return f"“{magic.from_buffer(head)}”"
    except ImportError:
        return "binary data"


def _match_format(
    header: list[str], index: str, parsed: ParsedFile, expected: str = ""
) -> dict | None:
    """The chosen format and where each of its columns is, or None with a problem that names
    the edition the file looks like and the columns that differ."""
    positions = {}
    for position, column in enumerate(header):
        positions.setdefault(normalise(column), position)
    looks_like = _looks_like(positions, index)
    if expected:
        wanted_format = FORMATS_BY_KEY[expected]
        if looks_like is not None and looks_like is not wanted_format:
            missing, extra = _differences(wanted_format, header, positions)
            parsed.add(
                1,
                "",
                f"This file looks like {_named(looks_like)}, not {_named(wanted_format)}. "
                f"Columns that differ from {wanted_format.label}: {_listed(missing, extra)}",
            )
            return None
        candidates: tuple[FileFormat, ...] = (wanted_format,)
    elif looks_like is not None and looks_like.index != index:
        parsed.add(
            1,
            "",
            f"This file looks like {_named(looks_like)}, which is {_a(looks_like.index)} file, "
            f"not {_a(index)} file. Choose the index the file holds.",
        )
        return None
    else:
        candidates = FORMATS[index]
        if looks_like is not None:
            candidates = (looks_like,)
    for file_format in candidates:
        if (
            not expected
            and looks_like is None
            and normalise(file_format.code_column) not in positions
        ):
            continue
        missing, extra = _differences(file_format, header, positions)
        if extra or (missing and file_format.exact_columns):
            parsed.add(
                1,
                "",
                f"The file looks like {_named(file_format)} but its header differs from the "
                f"published one: {_listed(missing, extra)}",
            )
            return None
        if missing:
            parsed.add(
                1,
                "",
                f"The file looks like {file_format.label} but is missing "
                f"{'this column' if len(missing) == 1 else 'these columns'}: "
                f"{', '.join(missing)}.",
            )
            return None
        parsed.file_format = file_format
        wanted = [*file_format.required_columns, file_format.population_column]
        return {c: positions[normalise(c)] for c in wanted if c and normalise(c) in positions}
    layouts = "; or ".join(
        f"{f.label}, which needs the columns {', '.join(f.required_columns)}" for f in candidates
    )
    found = ", ".join(c.strip() for c in header[:8]) + (", …" if len(header) > 8 else "")
    parsed.add(
        1,
        "",
        f"The file does not have the columns of a file we can import. Missing: "
        f"{' or '.join(f.code_column for f in candidates)}. Expected {layouts}. "
        f"The file's columns are: {found}.",
    )
    return None


def _a(index: str) -> str:
    label = INDEX_LABELS[index]
    return f"{'an' if label[0] in 'AEIOU' else 'a'} {label}"


def _declared(file_format: FileFormat) -> list[str]:
    return list(file_format.exact_columns) or file_format.required_columns


def _looks_like(positions: dict, index: str) -> FileFormat | None:
    """The known layout whose columns the header has the largest share of (at least half),
    preferring the index asked for; None when no layout comes close."""
    best, best_key = None, None
    for file_format in FORMATS_BY_KEY.values():
        declared = {normalise(c) for c in _declared(file_format)}
        share = len(declared & positions.keys()) / len(declared)
        key = (share, file_format.index == index, len(declared))
        if share >= 0.5 and (best_key is None or key > best_key):
            best, best_key = file_format, key
    return best


def _differences(file_format: FileFormat, header: list[str], positions: dict):
    """(columns the layout needs that the file lacks, columns the file has that an exactly
    checked layout does not)."""
    missing = [c for c in _declared(file_format) if normalise(c) not in positions]
    if not file_format.exact_columns:
        return missing, []
    known = {normalise(c) for c in (*file_format.exact_columns, *file_format.ignored_columns)}
    extra = [c.strip() for c in header if normalise(c) not in known]
    return missing, extra


def _named(file_format: FileFormat) -> str:
    edition = EDITIONS.get(file_format.edition)
    return f"{file_format.label} ({edition.label})" if edition else file_format.label


def _listed(missing: list[str], extra: list[str]) -> str:
    def some(columns: list[str]) -> str:
        shown = ", ".join(f"“{c}”" for c in columns[:8])
        return shown + (f" and {len(columns) - 8} more" if len(columns) > 8 else "")

    parts = []
    if missing:
        parts.append(f"missing {some(missing)}")
    if extra:
        parts.append(f"not expected {some(extra)}")
    return ("; ".join(parts) or "none") + "."


def _check_row(line, values, width, columns, parsed: ParsedFile, seen: dict[str, int]) -> None:
    fmt = parsed.file_format
    if len(values) != width:
        parsed.add(line, "", f"This row has {len(values)} values; the header has {width}.")
        return
    before = parsed.problem_count

    def cell(column: str | None) -> str:
        return values[columns[column]].strip() if column in columns else ""

    code = cell(fmt.code_column)
    if not fmt.code_pattern.match(code):
        shown = f"“{code}”" if code else "The code is blank: it"
        parsed.add(line, fmt.code_column, f"{shown} is not {fmt.code_hint}.")
    elif code in seen:
        parsed.add(
            line, fmt.code_column, f"{code} appears twice: on line {seen[code]} and on line {line}."
        )
    else:
        seen[code] = line
    scores = {}
    for key, column in fmt.scores.items():
        scores[key] = _number(line, column, cell(column), parsed)
    la_code = cell(fmt.la_code_column)
    if fmt.la_code_column and la_code and not LA_CODE.match(la_code):
        parsed.add(
            line,
            fmt.la_code_column,
            f"“{la_code}” is not an English local authority code (E06 to E09 and six digits).",
        )
    population = _population(line, fmt.population_column, cell(fmt.population_column), parsed)
    flag = _flag(line, fmt.flag_column, cell(fmt.flag_column), parsed) if fmt.flag_column else None
    if parsed.problem_count == before:
        parsed.rows.append(
            ParsedRow(
                line=line,
                code=code,
                scores=scores,
                name=cell(fmt.name_column),
                la_code=la_code,
                la_name=cell(fmt.la_name_column),
                population=population,
                left_behind=flag,
            )
        )


def _number(line: int, column: str, text: str, parsed: ParsedFile) -> float | None:
    if not text:
        parsed.add(line, column, "The score is blank.")
        return None
    try:
        value = float(text)
    except ValueError:
        parsed.add(line, column, f"“{text}” is not a number.")
        return None
    if not math.isfinite(value):
        parsed.add(line, column, f"“{text}” is not a finite number.")
        return None
    return value


def _population(line: int, column: str | None, text: str, parsed: ParsedFile) -> int | None:
    if not column or not text:
        return None
    cleaned = text.replace(",", "")
    number = whole_number(cleaned, high=POPULATION_MAX)
    if number is None:
        parsed.add(line, column, f"“{text}” is not a whole number of people.")
    return number


def _flag(line: int, column: str, text: str, parsed: ParsedFile) -> bool | None:
    if text.casefold() in _TRUE:
        return True
    if text.casefold() in _FALSE:
        return False
    parsed.add(line, column, f"“{text}” is not TRUE or FALSE.")
    return None
