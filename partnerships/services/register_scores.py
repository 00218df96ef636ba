"""Writes one checked file into the register, with bulk writes (a few queries per thousand rows,
never one per row). Called by services.register_imports inside its one transaction.

An imported file is the whole index for its kind of neighbourhood: its rows get fresh scores,
ranks and deciles, and a neighbourhood of that kind that the newer file leaves out loses that
index's scores. Whatever changes is kept as a ScoreRevision (the values before and after), so no
older figure is ever lost."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from partnerships.importers import ParsedFile, ParsedRow
from partnerships.measures import measures_of
from partnerships.models import ImportBatch, Neighbourhood, ScoreRevision
from partnerships.regions import region_for

from .bulk_sql import insert_rows, update_rows
from .register_ranking import benchmarks, rank_and_decile

IDENTITY_FIELDS = ("name", "local_authority_code", "local_authority_name", "region", "population")


@dataclass
class WriteResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    cleared: int = 0
    benchmarks: dict = field(default_factory=dict)


def scores_write(*, batch: ImportBatch, parsed: ParsedFile) -> WriteResult:
    fmt = parsed.file_format
    measures = measures_of(fmt.index)
    ranked = {
        m.key: rank_and_decile({row.code: row.scores[m.key] for row in parsed.rows})
        for m in measures
    }
    index_fields = [f for m in measures for f in m.fields]
    if fmt.flag_column:
        index_fields.append("left_behind")
    scored = [m.score_field for m in measures] + (["left_behind"] if fmt.flag_column else [])
    batch_field = f"{fmt.index}_batch"
    written = [*IDENTITY_FIELDS, *index_fields, batch_field]

    existing = {
        values["code"]: values
        for values in Neighbourhood.objects.filter(kind=fmt.kind).values(
            "pk", "code", *IDENTITY_FIELDS, *index_fields, batch_field
        )
    }
    result = WriteResult()
    to_create, to_update, revisions = [], [], []
    for row in parsed.rows:
        old = existing.pop(row.code, None)
        new = dict(old) if old else {"code": row.code, **dict.fromkeys(written)}
        _set_identity(new, row)
        for m in measures:
            rank, decile = ranked[m.key][row.code]
            new[m.score_field] = row.scores[m.key]
            new[m.rank_field] = rank
            new[m.decile_field] = decile
        if fmt.flag_column:
            new["left_behind"] = row.left_behind
        if old is None:
            new[batch_field] = batch.pk
            to_create.append(new)
            revisions.append((row.code, None, _pick(new, index_fields)))
        elif new == old:
            result.unchanged += 1
        else:
            if _pick(new, index_fields) != _pick(old, index_fields):
                new[batch_field] = batch.pk
            to_update.append(new)
            if _pick(new, scored) != _pick(old, scored):
                had = old[measures[0].score_field] is not None
                previous = _pick(old, index_fields) if had else None
                revisions.append((row.code, previous, _pick(new, index_fields)))

    # Left out of the newer file: this index no longer covers them.
    for old in existing.values():
        if old[measures[0].score_field] is None:
            continue
        new = {**old, **dict.fromkeys(index_fields), batch_field: batch.pk}
        to_update.append(new)
        revisions.append((old["code"], _pick(old, index_fields), None))
        result.cleared += 1

    insert_rows(
        Neighbourhood,
        ["code", "kind", "doubly_disadvantaged", *written],
        [(n["code"], fmt.kind, False, *(n[f] for f in written)) for n in to_create],
    )
    update_rows(Neighbourhood, written, [(n["pk"], *(n[f] for f in written)) for n in to_update])
    pks = dict(Neighbourhood.objects.filter(kind=fmt.kind).values_list("code", "pk"))
    insert_rows(
        ScoreRevision,
        ["neighbourhood", "batch", "index", "previous", "current"],
        [
            (pks[code], batch.pk, fmt.index, _json(previous), _json(current))
            for code, previous, current in revisions
        ],
    )
    result.created = len(to_create)
    result.updated = len(to_update) - result.cleared
    result.benchmarks = {
        m.key: benchmarks(
            [row.scores[m.key] for row in parsed.rows],
            [ranked[m.key][row.code][1] for row in parsed.rows],
        )
        for m in measures
    }
    return result


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
