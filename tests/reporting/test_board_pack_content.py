"""A board pack made from the hand-worked portfolio: the PDF (WeasyPrint, charts as inline
SVG), the spreadsheet and the CSV hold the same figures."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from reporting.board_pack import pdf, render
from reporting.board_pack.data import board_pack_data
from reporting.models import BoardPack
from reporting.services.board_packs import board_pack_request
from tests.conftest import signed_in
from tests.reporting import scenario

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 6, 1)


@pytest.fixture
def portfolio():
    return scenario.build()


def data(viewer):
    return board_pack_data(viewer=viewer, as_of=AS_OF, progress=lambda *_: None)


def test_the_pdf_has_a_cover_figures_charts_and_a_page_per_partnership(portfolio, trustee):
    html = pdf.html(data(trustee))
    for text in ("Board pack", "1 Jun 2026", "£3,150,000.00", "<svg", "Needs attention",
                 "on hold: quarterly report missing.", "Coverage forecast", "This is an estimate",
                 "Appendix: the partnerships", "Alpha Big Local", "Beta Big Local"):  # fmt: skip
        assert text in html, text
    document = pdf.document(data(trustee))
    # Cover, headline, breakdowns, attention, forecast, social value, then one per partnership.
    assert len(document.pages) >= 8
    assert document.write_pdf().startswith(b"%PDF-")


def _readable(pdf_bytes: bytes) -> bytes:
    """The PDF with its compressed streams (object streams hold the catalogue) inflated, to
    search for the structure a screen reader uses."""
    import re
    import zlib

    inflated = []
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf_bytes, re.DOTALL):
        try:
            inflated.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            inflated.append(stream.group(1))
    return pdf_bytes + b"".join(inflated)


def test_the_pdf_is_tagged_for_screen_readers(portfolio, trustee):
    """PDF/UA: a structure tree (headings, tables with header cells, figures), the language,
    and the title shown instead of the file name (WeasyPrint's pdf/ua-1 variant)."""
    content = _readable(pdf.write(data(trustee)))
    assert b"/StructTreeRoot" in content
    assert b"/MarkInfo <</Marked true>>" in content
    assert b"/Lang (en-GB)" in content
    assert b"/DisplayDocTitle true" in content
    assert b"pdfuaid:part" in content
    for role in (b"/S /H1", b"/S /Table", b"/S /TH", b"/S /TD", b"/S /Figure"):
        assert role in content, role


def test_the_spreadsheet_and_csv_hold_the_same_figures(portfolio, trustee):
    from reporting.board_pack import csv as pack_csv
    from reporting.board_pack import xlsx

    book = load_workbook(io.BytesIO(xlsx.write(data(trustee))))
    assert {"Cover", "Headline", "By Region", "Forecast", "Social value", "Partnerships",
            "Assumptions"} <= set(book.sheetnames)  # fmt: skip
    headline = {row[0]: row[1] for row in book["Headline"].iter_rows(min_row=2, values_only=True)}
    assert headline["Committed"] == 3150000
    assert book["Headline"]["B2"].number_format == '"£"#,##0.00'
    rows = list(csv.reader(io.StringIO(pack_csv.write(data(trustee)).decode("utf-8-sig"))))
    assert ["Headline", "Committed", "Amount (£)", "3150000.00"] in rows
    assert any(r[0] == "Partnerships" and r[1] == "Alpha Big Local" for r in rows)


def test_a_pack_asked_for_from_the_page_is_made_and_downloaded(
    portfolio, trustee, django_capture_on_commit_callbacks
):
    client = signed_in(trustee)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/portfolio/board-packs/", {"kind": "xlsx"})
    pack = BoardPack.objects.get()
    assert pack.status == "ready" and pack.progress == 100
    response = client.get(f"/portfolio/board-packs/{pack.pk}/download/")
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(b"".join(response.streaming_content)))["Headline"]


def test_render_reports_progress(portfolio, officer):
    pack = board_pack_request(actor=officer, kind="csv")
    seen = []
    render(pack, progress=lambda percent, stage: seen.append(percent))
    assert seen == sorted(seen) and seen[0] > 0


def test_the_pack_holds_the_theme_table_and_the_variances(portfolio, trustee):
    """As of 1 June 2026, 61 days into Alpha's plan year 3: planned to date is
    2 x 60,000 + 60,000 x 61/365 = £130,027.40 on Community spaces and
    2 x 40,000 + 40,000 x 61/365 = £86,684.93 on Young people, £216,712.33 in all, against
    £105,000.00 spent: £111,712.33 under plan, 51.5%."""
    from reporting.board_pack import csv as pack_csv
    from reporting.board_pack import xlsx
    from tests.reporting import theme_scenario

    theme_scenario.build(portfolio)
    pack = data(trustee)
    book = load_workbook(io.BytesIO(xlsx.write(pack)))
    themes = {row[0]: row[1:] for row in book["By theme"].iter_rows(min_row=2, values_only=True)}
    assert themes["Young people"] == (1, 400000, 86684.93, 5000, 81684.93)
    # The total is on the Totals sheet, not inside the table.
    totals = {
        (r[0], r[1], r[2]): r[3] for r in book["Totals"].iter_rows(min_row=2, values_only=True)
    }
    assert "All themes" not in themes
    assert totals[("By theme", "All themes", "Planned to date (£)")] == 216712.33
    assert totals[("By theme", "All themes", "Spent (£)")] == 125000
    assert book["By theme"]["C2"].number_format == '"£"#,##0.00'
    variances = list(book["Variances"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert variances == [
        (portfolio.alpha.pk, "E05000001", "Alpha Big Local", 216712.33, 105000, 111712.33,
         0.515, "Under")
    ]  # fmt: skip
    rows = list(csv.reader(io.StringIO(pack_csv.write(pack).decode("utf-8-sig"))))
    assert ["By theme", "Community spaces", "Planned to date (£)", "130027.40"] in rows
    assert ["By theme", "Environment", "Spent (£)", "20000.00"] in rows
    assert ["Variances", "Alpha Big Local", "Spent (£)", "105000.00"] in rows
    assert ["Attention", "Alpha Big Local", "Kind", "Spending far from plan"] in rows
    html = pdf.html(pack)
    for text in ("By theme", "Planned to date and spent by theme", "£216,712.33",
                 "Spending far from plan (1)", "£111,712.33 under"):  # fmt: skip
        assert text in html, text
    assert "will appear when" not in html
