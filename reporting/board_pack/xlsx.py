"""The board pack as a spreadsheet: a cover sheet, then one sheet per table, each a tidy table
from A1 (a header row, then only rows: no totals, no notes), money (a column of kind money) as
numbers formatted in pounds; then the totals (Totals) and the notes (Notes), each a table of its
own."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from cwf.core.dates import display_date
from cwf.core.spreadsheets import safe_row

from .data import BoardPackData
from .tables import Kind, Table, mixed, tables, text

GBP = '"£"#,##0.00'
BOLD = Font(bold=True)


def write(data: BoardPackData) -> bytes:
    book = Workbook()
    cover = book.active
    cover.title = "Cover"
    cover.append([f"{data.fund_name}: board pack"])
    cover["A1"].font = Font(bold=True, size=16)
    cover.append([f"Figures as of {display_date(data.as_of)}"])
    cover.append([])
    cover.append(["Sheets"])
    cover["A4"].font = BOLD
    every = tables(data)
    for table in [*every, *_totals_and_notes(every)]:
        cover.append([table.name])
        sheet = book.create_sheet(table.name[:31])
        sheet.append(table.headers)
        for cell in sheet[1]:
            cell.font = BOLD
        for row in table.rows:
            sheet.append(safe_row(row))
        for at, column in enumerate(table.columns, start=1):
            width = max(len(column.header), 12)
            for (cell,) in sheet.iter_rows(min_row=2, min_col=at, max_col=at):
                if isinstance(cell.value, Decimal):
                    if column.kind is Kind.MONEY:
                        cell.number_format = GBP
                elif isinstance(cell.value, datetime.date):
                    cell.number_format = "dd mmm yyyy"
                width = max(width, min(len(str(cell.value or "")), 60))
            sheet.column_dimensions[sheet.cell(row=1, column=at).column_letter].width = width
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _totals_and_notes(every: list[Table]) -> list[Table]:
    """Totals in long form (table, row, column, value) and notes (table, note): each its own
    tidy table, so no sheet mixes them into its rows."""
    totals = [
        [table.name, row[0], header, value]
        for table in every
        for row in table.totals
        for header, value in zip(table.headers[1:], row[1:], strict=True)
    ]
    return [
        Table("Totals", [text("Table"), text("Row"), text("Column"), mixed("Value")], totals),
        Table("Notes", [text("Table"), text("Note")], [[t.name, t.note] for t in every if t.note]),
    ]
