"""The forecast in the board pack: the PDF's forecast tables fit the width of A4, and the
spreadsheet and CSV carry the paths, real terms, the Monte Carlo and what can be committed."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from reporting.board_pack import csv as pack_csv
from reporting.board_pack import pdf, xlsx
from reporting.board_pack.data import board_pack_data
from reporting.services.snapshots import portfolio_snapshots_take_due
from tests.reporting import scenario

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 12, 6)


@pytest.fixture
def data(trustee):
    built = scenario.build()
    scenario.add_partnerships(2, built.officer, built.approver)
    # Six quarters of snapshots: the pack shows the last four, and now.
    for year, month in [(2025, 4), (2025, 7), (2025, 10), (2026, 1), (2026, 4), (2026, 7)]:
        portfolio_snapshots_take_due(today=datetime.date(year, month, 2))
    return board_pack_data(viewer=trustee, as_of=AS_OF, progress=lambda *_: None)


def _boxes(box):
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _boxes(child)


def test_every_table_in_the_pdf_fits_the_width_of_the_page(data):
    document = pdf.document(data)
    too_wide = []
    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        right = page_box.content_box_x() + page_box.width
        for box in _boxes(page_box):
            if type(box).__name__ == "TableBox" and box.position_x + box.margin_width() > right + 1:
                too_wide.append((number, box.element.get("id") or box.element.text))
    assert too_wide == []
    html = pdf.html(data)
    # The part of this year that is left, real and cash terms, the paths that can fail.
    for text in ("26 days from 6 Dec 2026", "in today&#x27;s pounds", "in cash terms",
                 "Value falls 20%, recovers over 3 years", "simulated futures",
                 "What the fund can commit each year", "Many possible futures"):  # fmt: skip
        assert text in html, text
    assert "!Warning" not in html.replace("<", " <")  # hidden words stay hidden on paper
    assert [q.label for q in data.trends.quarters] == [
        "Jul to Sep 2025", "Oct to Dec 2025", "Jan to Mar 2026", "Apr to Jun 2026"
    ]  # fmt: skip


def test_the_spreadsheet_and_csv_carry_the_forecast(data):
    book = load_workbook(io.BytesIO(xlsx.write(data)))
    assert {"Forecast start", "Forecast", "Forecast by year", "Monte Carlo",
            "Return the books show"} <= set(book.sheetnames)  # fmt: skip
    paths = [row[0] for row in book["Forecast"].iter_rows(min_row=2, values_only=True) if row[0]]
    assert paths[:4] == ["Central case", "Return 1 point lower", "Return 2 points lower",
                         "Value falls 20%, recovers over 3 years"]  # fmt: skip
    years = list(book["Forecast by year"].iter_rows(min_row=1, max_row=2, values_only=True))
    assert years[0][:2] == ("Year", "Days") and years[1][:2] == (2026, 26)
    rows = list(csv.reader(io.StringIO(pack_csv.write(data).decode("utf-8-sig"))))
    assert any(r[:3] == ["Monte Carlo", "Futures simulated", "Value"] and r[3] == "10000"
               for r in rows)  # fmt: skip
