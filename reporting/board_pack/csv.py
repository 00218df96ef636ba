"""The board pack as one CSV: a long table of (table, row, column, value), which any tool can
pivot. Text that a spreadsheet would run as a formula is quoted with a leading apostrophe."""

from __future__ import annotations

import csv as csv_module
import io

from .data import BoardPackData
from .tables import tables

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    if value is None:
        return ""
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def write(data: BoardPackData) -> bytes:
    out = io.StringIO()
    writer = csv_module.writer(out)
    writer.writerow(["Table", "Row", "Column", "Value"])
    writer.writerow(["Board pack", data.fund_name, "As of", data.as_of.isoformat()])
    for table in tables(data):
        for row in table.rows:
            for header, value in zip(table.headers[1:], row[1:], strict=True):
                writer.writerow([table.name, _cell(row[0]), header, _cell(value)])
        if table.note:
            writer.writerow([table.name, "Note", "", _cell(table.note)])
    return out.getvalue().encode("utf-8-sig")
