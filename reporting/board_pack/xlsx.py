"""The board pack as a spreadsheet: a cover sheet, then one sheet per table, money as numbers
formatted in pounds."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from cwf.core.dates import display_date
from cwf.core.spreadsheets import safe_row

from .data import BoardPackData
from .tables import is_money, tables

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
    for table in tables(data):
        cover.append([table.name])
        sheet = book.create_sheet(table.name[:31])
        sheet.append(table.headers)
        for cell in sheet[1]:
            cell.font = BOLD
        for row in table.rows:
            sheet.append(safe_row(row))
        for column, header in enumerate(table.headers, start=1):
            width = max(len(str(header)), 12)
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                if isinstance(cell.value, Decimal):
                    if is_money(header):
                        cell.number_format = GBP
                elif isinstance(cell.value, datetime.date):
                    cell.number_format = "dd mmm yyyy"
                width = max(width, min(len(str(cell.value or "")), 60))
            sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = width
        if table.note:
            sheet.append([])
            sheet.append([table.note])
            sheet.cell(row=sheet.max_row, column=1).alignment = Alignment(wrap_text=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
