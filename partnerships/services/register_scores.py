"""Writes one checked file into the register, with bulk writes (a few queries per thousand rows,
never one per row). Called by services.register_imports inside its one transaction.

An imported file is the whole index for its kind of neighbourhood: its rows get fresh scores,
ranks and deciles, and a neighbourhood of that kind that the newer file leaves out loses that
index's scores. Whatever changes is kept as a ScoreRevision (the values before and after), so no
older figure is ever lost."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from partnerships.importers import FileFormat, ParsedFile, ParsedRow
from partnerships.measures import measures_of
from partnerships.models import ImportBatch, Neighbourhood, ScoreRevision
from partnerships.regions import region_for

from .bulk_sql import insert_rows, update_rows
from .register_ranking import benchmarks, rank_and_decile

IDENTITY_FIELDS = (
    "name",
    "local_authority_code",
    "local_authority_name",
    "region",
    "population",
    "geography",
)


@dataclass
class WriteResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    cleared: int = 0
    benchmarks: dict = field(default_factory=dict)


@dataclass
class _Plan:
    """What one file changes: rows to create and update, and the history to keep."""

    fmt: FileFormat
    batch_id: int
    ranked: dict  # measure key -> {code: (rank, decile)}
    create: list[dict] = field(default_factory=list)
    update: list[dict] = field(default_factory=list)
    revisions: list[tuple] = field(default_factory=list)  # (code, before, after)
    result: WriteResult = field(default_factory=WriteResult)

    @property
    def measures(self):
        return measures_of(self.fmt.index)

    @property
    def edition_field(self) -> str:
        return f"{self.fmt.index}_edition"

    @property
    def index_fields(self) -> list[str]:
        flag = ["left_behind"] if self.fmt.flag_column else []
        return [f for m in self.measures for f in m.fields] + flag + [self.edition_field]

    @property
    def imported_fields(self) -> list[str]:
        """The values the file itself gives (not the ranks computed from them)."""
        flag = ["left_behind"] if self.fmt.flag_column else []
        return [m.score_field for m in self.measures] + flag + [self.edition_field]

    @property
    def batch_field(self) -> str:
        return f"{self.fmt.index}_batch"

    @property
    def written(self) -> list[str]:
        return [*IDENTITY_FIELDS, *self.index_fields, self.batch_field]


def scores_write(*, batch: ImportBatch, parsed: ParsedFile) -> WriteResult:
    fmt = parsed.file_format
    plan = _Plan(
        fmt=fmt,
        batch_id=batch.pk,
        ranked={
            m.key: rank_and_decile({row.code: row.scores[m.key] for row in parsed.rows})
            for m in measures_of(fmt.index)
        },
    )
    existing = {
        values["code"]: values
        for values in Neighbourhood.objects.filter(kind=fmt.kind).values(
            "pk", "code", *plan.written
        )
    }
    for row in parsed.rows:
        _plan_row(plan, row, existing.pop(row.code, None))
    for old in existing.values():  # left out of the newer file
        _plan_removal(plan, old)
    _write(plan)
    plan.result.benchmarks = {
        m.key: benchmarks(
            [row.scores[m.key] for row in parsed.rows],
            [plan.ranked[m.key][row.code][1] for row in parsed.rows],
        )
        for m in plan.measures
    }
    return plan.result


def scores_lost(parsed: ParsedFile) -> tuple[int, int]:
    """(how many neighbourhoods of the file's kind would lose this index's scores, how many have
    them now): the neighbourhoods with scores that the file leaves out."""
    fmt = parsed.file_format
    first = measures_of(fmt.index)[0].score_field
    scored = set(
        Neighbourhood.objects.filter(kind=fmt.kind, **{f"{first}__isnull": False}).values_list(
            "code", flat=True
        )
    )
    return len(scored - {row.code for row in parsed.rows}), len(scored)


def _plan_row(plan: _Plan, row: ParsedRow, old: dict | None) -> None:
    new = dict(old) if old else {"code": row.code, **dict.fromkeys(plan.written)}
    _set_identity(new, row)
    for m in plan.measures:
        rank, decile = plan.ranked[m.key][row.code]
        new[m.score_field], new[m.rank_field], new[m.decile_field] = row.scores[m.key], rank, decile
    if plan.fmt.flag_column:
        new["left_behind"] = row.left_behind
    new[plan.edition_field] = plan.fmt.edition
    new["geography"] = plan.fmt.geography or new.get("geography") or ""
    if old is None:
        new[plan.batch_field] = plan.batch_id
        plan.create.append(new)
        plan.revisions.append((row.code, None, _pick(new, plan.index_fields)))
        return
    if new == old:
        plan.result.unchanged += 1
        return
    before, after = _pick(old, plan.index_fields), _pick(new, plan.index_fields)
    if after != before:  # the batch a value came from is the last one to change it
        new[plan.batch_field] = plan.batch_id
    plan.update.append(new)
    if _pick(new, plan.imported_fields) != _pick(old, plan.imported_fields):
        had_scores = old[plan.measures[0].score_field] is not None
        plan.revisions.append((row.code, before if had_scores else None, after))


def _plan_removal(plan: _Plan, old: dict) -> None:
    """A neighbourhood of this kind that the newer file leaves out: this index no longer
    covers it, so its scores go (and stay in the history)."""
    if old[plan.measures[0].score_field] is None:
        return
    cleared = {**dict.fromkeys(plan.index_fields), plan.edition_field: ""}
    plan.update.append({**old, **cleared, plan.batch_field: plan.batch_id})
    plan.revisions.append((old["code"], _pick(old, plan.index_fields), None))
    plan.result.cleared += 1


def _write(plan: _Plan) -> None:
    written, fmt = plan.written, plan.fmt
    insert_rows(
        Neighbourhood,
        ["code", "kind", "doubly_disadvantaged", *written],
        [(n["code"], fmt.kind, False, *(n[f] for f in written)) for n in plan.create],
    )
    update_rows(Neighbourhood, written, [(n["pk"], *(n[f] for f in written)) for n in plan.update])
    pks = dict(Neighbourhood.objects.filter(kind=fmt.kind).values_list("code", "pk"))
    insert_rows(
        ScoreRevision,
        ["neighbourhood", "batch", "index", "previous", "current"],
        [
            (pks[code], plan.batch_id, fmt.index, _json(before), _json(after))
            for code, before, after in plan.revisions
        ],
    )
    plan.result.created = len(plan.create)
    plan.result.updated = len(plan.update) - plan.result.cleared


def _set_identity(values: dict, row: ParsedRow) -> None:
    """A file fills in names and places it carries; it never blanks what another file gave."""
    if row.name:
        values["name"] = row.name[:200]
    if row.la_code:
        values["local_authority_code"] = row.la_code
        values["region"] = region_for(row.la_code) or values["region"] or ""
    if row.la_name:
        values["local_authority_name"] = row.la_name[:200]
    if row.population is not None:
        values["population"] = row.population
    for name in ("name", "local_authority_code", "local_authority_name", "region"):
        values[name] = values[name] or ""


def _json(values: dict | None) -> str | None:
    return None if values is None else json.dumps(values)


def _pick(values: dict, names: list[str]) -> dict:
    return {name: values[name] for name in names}
