"""Multi-row INSERT and UPDATE for the register's imports: a few statements per import, never
one per row.

Why not Django's bulk_create and bulk_update: on the 7,433-row CNI file they spent most of the
import compiling SQL in Python (about 10 µs per value; the register has 50 columns), and
bulk_update's CASE WHEN grows with the square of the batch size: an IMD re-import took 87 s on
SQLite. Here each statement is plain SQL with parameters:

- PostgreSQL: COPY the rows into a temporary table (psycopg writes COPY rows in C), then one
  INSERT ... SELECT or UPDATE ... FROM that table. (Parameters were slower: psycopg spends
  seconds parsing a statement of 30,000 placeholders, or escaping arrays of JSON in Python.)
- SQLite (3.33+ for UPDATE ... FROM): multi-row VALUES, under its limit of parameters:
      INSERT INTO t (a, b) VALUES (%s, %s), (%s, %s)
      UPDATE t SET a = CAST(v.column2 AS integer) FROM (VALUES (%s, %s), ...) AS v
          WHERE t.id = v.column1

Values must be plain Python values (str, int, float, bool, None) that need no conversion; JSON
goes in as text. Field names come from the model, never from input."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from django.db import connection, transaction
from django.utils import timezone

# Under SQLite's default limit of 32,766 parameters per statement.
MAX_PARAMS = 30_000


def _chunks(rows: Sequence[tuple], size: int):
    for start in range(0, len(rows), max(1, size)):
        yield rows[start : start + size]


def _columns(model, field_names: Sequence[str]):
    fields = [model._meta.get_field(name) for name in field_names]
    return fields, [connection.ops.quote_name(field.column) for field in fields]


def insert_rows(model, field_names: Sequence[str], rows: Sequence[tuple]) -> None:
    """INSERT `rows` (tuples in the order of `field_names`) into `model`'s table."""
    if not rows:
        return
    fields, columns = _columns(model, field_names)
    table = connection.ops.quote_name(model._meta.db_table)
    head = f"INSERT INTO {table} ({', '.join(columns)}) "
    with transaction.atomic(), connection.cursor() as cursor:  # the stage lives until commit
        if connection.vendor == "postgresql":
            stage = _pg_stage(cursor, fields, rows)
            names = ", ".join(f"c{n}" for n in range(1, len(fields) + 1))
            cursor.execute(f"{head}SELECT {names} FROM {stage}")  # noqa: S608
            return
        placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
        for chunk in _chunks(rows, MAX_PARAMS // len(fields)):
            values = ", ".join([placeholder] * len(chunk))
            cursor.execute(f"{head}VALUES {values}", [value for row in chunk for value in row])


def update_rows(model, field_names: Sequence[str], rows: Sequence[tuple]) -> None:
    """UPDATE `model` from `rows`, each (pk, value of field 1, value of field 2, ...)."""
    if not rows:
        return
    fields, columns = _columns(model, field_names)
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    # A row this changes is changed for an API client syncing with `updated_after` too.
    touch, touched = "", []
    if "updated_at" not in field_names and any(
        f.name == "updated_at" for f in model._meta.concrete_fields
    ):
        touch = f", {connection.ops.quote_name('updated_at')} = %s"
        touched = [connection.ops.adapt_datetimefield_value(timezone.now())]
    with transaction.atomic(), connection.cursor() as cursor:  # the stage lives until commit
        if connection.vendor == "postgresql":
            stage = _pg_stage(cursor, [model._meta.pk, *fields], rows)
            sets = ", ".join(f"{column} = s.c{n}" for n, column in enumerate(columns, start=2))
            cursor.execute(
                f"UPDATE {table} SET {sets}{touch} FROM {stage} AS s "  # noqa: S608
                f"WHERE {table}.{pk} = s.c1",
                touched,
            )
            return
        sets = ", ".join(
            f"{column} = CAST(v.column{n} AS {field.cast_db_type(connection)})"
            for n, (field, column) in enumerate(zip(fields, columns, strict=True), start=2)
        )
        placeholder = "(" + ", ".join(["%s"] * (len(fields) + 1)) + ")"
        for chunk in _chunks(rows, MAX_PARAMS // (len(fields) + 1)):
            values = ", ".join([placeholder] * len(chunk))
            cursor.execute(
                f"UPDATE {table} SET {sets}{touch} FROM (VALUES {values}) AS v "  # noqa: S608
                f"WHERE {table}.{pk} = v.column1",
                [*touched, *(value for row in chunk for value in row)],
            )


_stages = itertools.count(1)


def _pg_stage(cursor, fields, rows: Sequence[tuple]) -> str:
    """A temporary table (dropped at commit) holding `rows` as columns c1, c2, ..."""
    name = f"register_stage_{next(_stages)}"
    columns = ", ".join(f"c{n} {f.cast_db_type(connection)}" for n, f in enumerate(fields, 1))
    cursor.execute(f"CREATE TEMPORARY TABLE {name} ({columns}) ON COMMIT DROP")
    with cursor.cursor.copy(f"COPY {name} FROM STDIN") as copy:  # the psycopg cursor
        for row in rows:
            copy.write_row(row)
    return name
