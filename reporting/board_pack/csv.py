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
    for table in tables(data):
        for row in table.rows:
            for header, value in zip(table.headers[1:], row[1:], strict=True):
                writer.writerow([table.name, row[0], header, value])
        if table.note:
            writer.writerow([table.name, "Note", "", table.note])
    return out.getvalue().encode("utf-8-sig")
