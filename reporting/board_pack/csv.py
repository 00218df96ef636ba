"""The board pack as one CSV: a long table of (table, row, column, value), which any tool can
pivot. Text that a spreadsheet would run as a formula is quoted with a leading apostrophe
(cwf.core.spreadsheets)."""

from __future__ import annotations

import io

from cwf.core.spreadsheets import csv_writer

from .data import BoardPackData
from .tables import tables


def write(data: BoardPackData) -> bytes:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["Table", "Row", "Column", "Value"])
    writer.writerow(["Board pack", data.fund_name, "As of", data.as_of.isoformat()])
    every = tables(data)
    for table in every:
        key = _row_key(table)
        for row in table.rows:
            for header, value in zip(table.headers, row, strict=True):
                if header != table.headers[key]:
                    writer.writerow([table.name, row[key], header, value])
    # Totals and notes after every table, as tables of their own (never inside one).
    for table in every:
        for row in table.totals:
            key = _row_key(table)
            for header, value in zip(table.headers, row, strict=True):
                if header != table.headers[key]:
                    writer.writerow([f"{table.name}: totals", row[key], header, value])
    for table in every:
        if table.note:
            writer.writerow(["Notes", table.name, "Note", table.note])
    return out.getvalue().encode("utf-8-sig")


def _row_key(table) -> int:
    """The column that names a row: the partnership's name where a row is a partnership's
    (its id and GSS codes are then columns like any other), else the first."""
    return table.headers.index("Partnership") if "Partnership" in table.headers else 0
