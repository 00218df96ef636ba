"""The board pack matches the dashboard (issue 25, finding 5): the PDF, the spreadsheet and the
CSV list exactly the dashboard's attention items (overdue reports and the compliance line
included) and every headline figure; a partnership's page never says "Nothing needs attention"
beside a report it owes; the spreadsheet is tidy (one table per sheet from A1, no totals or notes
inside a table, ids and GSS codes on every partnership's row, a burn-down and a stress sheet);
and the committed figures by year reconcile to the headline."""

from __future__ import annotations

import csv
import html as html_lib
import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from grants.models import AllocationAmendment
from grants.services.amendments import amendment_approve, amendment_propose
from reporting.board_pack import csv as pack_csv
from reporting.board_pack import pdf, xlsx
from reporting.board_pack.data import board_pack_data
from reporting.models import QuarterlyReport
from reporting.services.periods import report_periods_create
from tests.conftest import signed_in
from tests.reporting import scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio():
    p = scenario.build()
    report_periods_create(today=timezone.localdate())  # Alpha owes its reports
    # Beta's allocation is withdrawn before any payment: committed keeps nothing of it.
    amendment = amendment_propose(
        allocation_id=p.beta_allocation.pk, actor=p.officer,
        kind=AllocationAmendment.Kind.WITHDRAWAL, reason="The partnership dissolved",
    )  # fmt: skip
    amendment_approve(amendment_id=amendment.pk, actor=p.approver)
    return p


def _text(fragment: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def _attention_section(page: str) -> str:
    start = page.index('id="attention"')
    return page[start : page.index("<h2", start + 1)]


def _dashboard_items(page: str) -> list[str]:
    """The dashboard's attention list as "<partnership>: <what>" lines, and its compliance line
    and any line on overdue reports not named, as they read."""
    return _items(_attention_section(page))


def _items(section: str) -> list[str]:
    lines = [_text(p) for p in re.findall(r'<p class="govuk-body">(.*?)</p>', section, re.S)]
    lines = [line for line in lines if line.startswith("Reporting compliance")]
    lines += [_text(li) for li in re.findall(r"<li>(.*?)</li>", section, re.S)]
    return lines


def _pack_items(rows) -> list[str]:
    return [
        what if partnership == "All partnerships" else f"{partnership}: {what}"
        for partnership, what in rows
    ]


def test_the_pack_lists_the_dashboards_attention_items_and_headlines(portfolio, trustee):
    client = signed_in(trustee)
    page = client.get("/portfolio/").content.decode()
    dashboard = _dashboard_items(page)
    assert any(line.startswith("Reporting compliance:") for line in dashboard)
    assert any("Alpha Big Local: the report for" in line for line in dashboard)
    assert any("on hold: quarterly report missing." in line for line in dashboard)

    data = board_pack_data(viewer=trustee, as_of=timezone.localdate(), progress=lambda *_: 0)
    book = load_workbook(io.BytesIO(xlsx.write(data)))
    sheet = book["Attention"]
    headers = [c.value for c in sheet[1]]
    assert headers == ["Kind", "Partnership id", "GSS codes", "Partnership", "What"]
    xlsx_rows = [(row[3], row[4]) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(_pack_items(xlsx_rows)) == sorted(dashboard)

    rows = list(csv.reader(io.StringIO(pack_csv.write(data).decode("utf-8-sig"))))
    csv_rows = [(r[1], r[3]) for r in rows if r[0] == "Attention" and r[2] == "What"]
    assert sorted(_pack_items(csv_rows)) == sorted(dashboard)

    # The PDF's attention section says what the dashboard's says.
    html = pdf.html(data)
    start = html.index("<h2>Needs attention</h2>") + len("<h2>Needs attention</h2>")
    assert _items(html[start : html.index("<h2", start)]) == dashboard

    # Every headline figure, as the dashboard shows it, is in the pack.
    headline = {r[0]: r[1] for r in book["Headline"].iter_rows(min_row=2, values_only=True)}
    for label, value in headline.items():
        shown = f"£{Decimal(str(value)):,.2f}"
        assert shown in page, (label, shown)
        assert shown in html, (label, shown)


def test_a_partnership_page_never_says_nothing_needs_attention_beside_an_overdue_report(
    portfolio, trustee
):
    owed = QuarterlyReport.objects.filter(
        partnership=portfolio.alpha, status__in=QuarterlyReport.OWED_STATUSES
    )
    assert owed.exists()
    data = board_pack_data(viewer=trustee, as_of=timezone.localdate(), progress=lambda *_: 0)
    alpha = next(e for e in data.appendix if e.partnership.pk == portfolio.alpha.pk)
    overdue = [note for note in alpha.attention if note.startswith("Overdue quarterly report")]
    assert len(overdue) == owed.filter(due_on__lt=timezone.localdate()).count() >= 1
    html = pdf.html(data)
    appendix = html[html.index("Appendix: the partnerships") :]
    alpha_page = appendix[appendix.index("<h3>Alpha Big Local</h3>") :]
    alpha_page = alpha_page[: alpha_page.index("</div>")]
    assert "Overdue quarterly report" in alpha_page
    assert "Nothing needs attention" not in alpha_page


def test_the_spreadsheet_is_tidy(portfolio, trustee):
    data = board_pack_data(viewer=trustee, as_of=timezone.localdate(), progress=lambda *_: 0)
    book = load_workbook(io.BytesIO(xlsx.write(data)))
    assert {"Burn-down", "Stress", "Totals", "Notes"} <= set(book.sheetnames)
    for sheet in book.worksheets[1:]:
        rows = list(sheet.iter_rows(values_only=True))
        width = len(rows[0])
        assert all(isinstance(h, str) and h for h in rows[0]), sheet.title  # a header in A1
        for row in rows[1:]:
            assert len(row) == width and any(v is not None for v in row), sheet.title
            # No total or note rows: nothing reads "Total" or "Portfolio" in the first column.
            assert row[0] not in ("Total", "All", "Portfolio", "Note"), (sheet.title, row)
        if "Partnership" in rows[0] and sheet.title not in ("Attention",):
            at = rows[0].index("Partnership id")
            codes = rows[0].index("GSS codes")
            for row in rows[1:]:
                assert isinstance(row[at], int) and row[codes].startswith("E05"), sheet.title
    partnerships = list(book["Partnerships"].iter_rows(min_row=2, values_only=True))
    assert ("E05000001" in {r[1] for r in partnerships}) and portfolio.alpha.pk in {
        r[0] for r in partnerships
    }
    stress = list(book["Stress"].iter_rows(values_only=True))
    paths = {r[0] for r in stress[1:]}
    assert len(paths) >= 3 and len(stress) - 1 == sum(
        len(p.years) for p in data.forecast.forecast.projections
    )
    notes = {r[0] for r in book["Notes"].iter_rows(min_row=2, values_only=True)}
    assert "By theme" in notes and "Burn-down" in notes


def test_committed_by_year_reconciles_to_the_headline(portfolio, trustee):
    data = board_pack_data(viewer=trustee, as_of=timezone.localdate(), progress=lambda *_: 0)
    committed = data.summary.headline.committed
    by_year = data.summary.by_year
    approved = sum(r.committed for r in by_year)
    taken_back = sum(r.taken_back for r in by_year)
    assert taken_back == Decimal("2100000.00")  # Beta: £2m with its 5%, nothing released
    assert approved - taken_back == committed == Decimal("1050000.00")
    page = signed_in(trustee).get("/portfolio/").content.decode()
    line = "less £2,100,000.00 taken back when allocations were withdrawn or closed"
    assert line in page and "the committed figure of £1,050,000.00" in page
    assert line in pdf.html(data)
