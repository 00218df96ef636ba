"""Multi-row INSERT and UPDATE for the register's imports, a few statements per thousand rows.

Why not Django's bulk_create and bulk_update: on the 7,433-row CNI file they spent most of the
import compiling SQL in Python (about 10 µs per value; the register has 50 columns), and
bulk_update's CASE WHEN grows with the square of the batch size: an IMD re-import took 87 s on
SQLite. Here each statement is plain SQL with parameters:

    INSERT INTO t (a, b) VALUES (%s, %s), (%s, %s)
    UPDATE t SET a = CAST(v.column2 AS <type>) FROM (VALUES (%s, %s), ...) AS v
        WHERE t.id = v.column1

Both run on PostgreSQL and on SQLite 3.33+ (UPDATE ... FROM). Values must be plain Python values
(str, int, float, bool, None) that need no conversion; the caller passes field names, which come
from the model, never from input."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

# Under SQLite's default limit of 32,766 parameters (and PostgreSQL's 65,535).
MAX_PARAMS = 30_000


def _chunks(rows: Sequence[tuple], width: int):
    size = max(1, MAX_PARAMS // max(1, width))
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def insert_rows(model, field_names: Sequence[str], rows: Sequence[tuple]) -> None:
    """INSERT `rows` (tuples in the order of `field_names`) into `model`'s table."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = [model._meta.get_field(name).column for name in field_names]
    placeholder = "(" + ", ".join(["%s"] * len(columns)) + ")"
    table, names = quote(model._meta.db_table), ", ".join(map(quote, columns))
    head = f"INSERT INTO {table} ({names}) VALUES "  # noqa: S608
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, len(columns)):
            params = [value for row in chunk for value in row]
            cursor.execute(head + ", ".join([placeholder] * len(chunk)), params)


def update_rows(model, field_names: Sequence[str], rows: Sequence[tuple]) -> None:
    """UPDATE `model` from `rows`, each (pk, value of field 1, value of field 2, ...)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    fields = [model._meta.get_field(name) for name in field_names]
    assignments = ", ".join(
        f"{quote(field.column)} = CAST(v.column{position} AS {field.cast_db_type(connection)})"
        for position, field in enumerate(fields, start=2)
    )
    pk = quote(model._meta.pk.column)
    placeholder = "(" + ", ".join(["%s"] * (len(fields) + 1)) + ")"
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, len(fields) + 1):
            values = ", ".join([placeholder] * len(chunk))
            params = [value for row in chunk for value in row]
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM (VALUES {values}) AS v "  # noqa: S608
                f"WHERE {table}.{pk} = v.column1",
                params,
            )
