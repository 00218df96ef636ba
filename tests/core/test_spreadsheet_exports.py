"""Issue 13, also close: every CSV and spreadsheet export goes through one formula-escaping
helper (cwf.core.spreadsheets). Text that starts with = + - @, a tab or a carriage return, in
any field a person or an imported file can fill, reaches every export as plain text."""

import csv
import datetime
import io
from decimal import Decimal, InvalidOperation

import pytest
from openpyxl import load_workbook

from cwf.core.spreadsheets import FORMULA_STARTS, safe_cell
from grants.models import FundingAgreement, Spend, Theme
from partnerships.models import Decision, Lto, Neighbourhood, Partnership
from reporting.board_pack import csv as pack_csv
from reporting.board_pack import xlsx as pack_xlsx
from reporting.board_pack.data import board_pack_data
from tests.conftest import signed_in
from tests.reporting import scenario

pytestmark = pytest.mark.django_db

PREFIXES = ["=", "+", "-", "@", "\t", "\r"]


def _poison(portfolio, start: str) -> str:
    """Every name an export shows, as someone could type or import it, starting with `start`.
    (Set on the rows directly: the point is what the exports do with such text.)"""
    bad = f'{start}HYPERLINK("x")'  # short: it must fit every column it is put in
    alpha = portfolio.alpha
    Partnership.objects.filter(pk=alpha.pk).update(name=f"{bad} Alpha")
    Lto.objects.filter(partnership_links__partnership=alpha).update(
        name=f"{bad} Trust", supplier_reference=f"{bad}SUP"
    )
    FundingAgreement.objects.filter(allocation__partnership=alpha).update(reference=f"{bad}FA")
    Neighbourhood.objects.filter(code="E05000001").update(name=f"{bad} Ward", priority_rank=1)
    Decision.objects.filter(partnership=alpha).update(
        title=f"{bad} title", decided=f"{bad} decided", theme=f"{bad} theme"
    )
    Theme.objects.filter(pk=Spend.objects.get(partnership=alpha).theme_id).update(
        name=f"{bad} Theme"
    )
    return bad


def _csv_cells(content: bytes) -> list[str]:
    text = content.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _xlsx_cells(content: bytes) -> list:
    book = load_workbook(io.BytesIO(content))
    cells = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                cells.append(cell.value)
    return cells


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return True


def _check(name: str, cells: list, bad: str) -> None:
    formulas = [
        c
        for c in cells
        if isinstance(c, str) and c.startswith(FORMULA_STARTS) and not _is_number(c)
    ]
    assert not formulas, f"{name}: {formulas[:3]}"
    escaped = [c for c in cells if isinstance(c, str) and c.startswith("'" + bad)]
    assert escaped, f"{name}: the poisoned text did not reach the export"


def _exports(portfolio) -> dict[str, tuple[str, bytes]]:
    officer = signed_in(portfolio.officer)
    alpha = portfolio.alpha.pk
    urls = {
        "money CSV": ("csv", f"/plans/partnership/{alpha}/money.csv"),
        "money spreadsheet": ("xlsx", f"/plans/partnership/{alpha}/money.xlsx"),
        "payment batch": ("csv", "/grants/payments/batch.csv"),
        "priority list": ("csv", "/neighbourhoods/priority.csv?show=all"),
        "decision log": ("csv", "/decisions/?format=csv"),
        "360Giving CSV": ("csv", "/portfolio/360giving/grants.csv"),
    }
    exports = {}
    for name, (kind, url) in urls.items():
        response = officer.get(url)
        assert response.status_code == 200, (name, response.status_code)
        exports[name] = (kind, b"".join(response) if response.streaming else response.content)
    data = board_pack_data(
        viewer=portfolio.officer, as_of=datetime.date(2026, 6, 1), progress=lambda *_: None
    )
    exports["board pack CSV"] = ("csv", pack_csv.write(data))
    exports["board pack spreadsheet"] = ("xlsx", pack_xlsx.write(data))
    return exports


def test_every_export_keeps_formula_text_plain():
    portfolio = scenario.build()
    for start in PREFIXES:
        bad = _poison(portfolio, start)
        for name, (kind, content) in _exports(portfolio).items():
            cells = _csv_cells(content) if kind == "csv" else _xlsx_cells(content)
            _check(f"{name}, text starting {start!r}", cells, bad)


def test_numbers_and_dates_are_left_as_they_are():
    assert safe_cell(-12) == -12
    assert safe_cell(datetime.date(2026, 1, 1)) == datetime.date(2026, 1, 1)
    assert safe_cell("Plain") == "Plain"
    assert safe_cell("-5 people") == "'-5 people"
