"""Every CSV and spreadsheet export goes through here, so that no text anyone typed (a payee, a
partnership's name, an imported ward name) can run as a formula when the file is opened in a
spreadsheet (CSV or formula injection). One rule: text that starts with = + - @, a tab or a
carriage return gets a leading apostrophe, which spreadsheets show as plain text. Numbers and
dates are left alone: a negative variance stays a number."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet should hold it: never a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]


class SafeWriter:
    """csv.writer, with every cell passed through safe_cell."""

    def __init__(self, out, **kwargs):
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out, **kwargs) -> SafeWriter:
    """Use instead of csv.writer for anything a person downloads."""
    return SafeWriter(out, **kwargs)
