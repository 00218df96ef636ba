"""Where the money is, for one partnership: its money figures (grants.selectors.money, defined
in docs/money.md), the co-investment beside them (the same module's leverage), and planned
against actual by theme and year, as a page with a chart, and as CSV and XLSX."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from cwf.core.spreadsheets import csv_writer, safe_row

from ..charts_plans import planned_actual_chart
from ..selectors.money import partnership_leverage, partnership_money
from ..selectors.spending import spend_summary
from .plans import partnership_for

HEADERS = ["Theme", "Year", "Planned", "Actual", "Variance (planned minus actual)"]
# (label, PartnershipMoney attribute): the page, the CSV and the XLSX show these, in this order.
FIGURES = [
    ("Committed (with the LTO contribution)", "committed"),
    ("Released by the fund", "released"),
    ("Released, awaiting payment", "awaiting_payment"),
    ("Paid to the LTO (with its contribution)", "paid"),
    ("Received by the LTO", "received"),
    ("Spent", "spent"),
    ("Held by the LTO", "held"),
    ("Spent ahead of payments", "spent_ahead"),
]


NOT_LOGGED = (
    "Not logged: received less returned, spending reported outside the log (held or spent, "
    "the log cannot say)"
)


def figures(partnership_id: int) -> list[tuple[str, str, object]]:
    money = partnership_money(partnership_id=partnership_id)
    rows = [(label, name, getattr(money, name)) for label, name in FIGURES]
    if money.not_logged:  # never logged a spend: held counts nothing (docs/money.md)
        rows.append((NOT_LOGGED, "not_logged", money.not_logged))
    return rows


# The co-investment figures the page shows under "Money beside the fund's", from the same
# selector (`partnership_leverage`): (label, Leverage attribute), money first, then per £1 paid.
LEVERAGE_FIGURES = [
    ("Co-funders' money paid through the fund", "through_fund"),
    ("Raised locally, verified", "local"),
    ("Co-investment together", "together"),
    ("For each £1 the fund paid: through the fund", "through_fund_per_pound"),
    ("For each £1 the fund paid: raised locally", "local_per_pound"),
    ("For each £1 the fund paid: together", "together_per_pound"),
]
NOT_YET = "Not yet: the fund has paid nothing"


def leverage_rows(partnership_id: int) -> list[list]:
    leverage = partnership_leverage(partnership_id=partnership_id)
    rows = []
    for label, name in LEVERAGE_FIGURES:
        value = getattr(leverage, name)
        rows.append([label, NOT_YET if value is None else value])
    return rows


def _rows(summary):
    return [[r.theme, r.year, r.planned, r.actual, r.variance] for r in summary.rows]


@login_required
def money_view(request, partnership_pk: int):
    partnership = partnership_for(request, partnership_pk)
    summary = spend_summary(partnership_id=partnership.pk)
    context = {
        "partnership": partnership,
        "figures": figures(partnership.pk),
        "summary": summary,
        "chart": planned_actual_chart(summary),
        "leverage": partnership_leverage(partnership_id=partnership.pk),
    }
    return render(request, "grants/money.html", context)


@login_required
def money_csv(request, partnership_pk: int):
    partnership = partnership_for(request, partnership_pk)
    summary = spend_summary(partnership_id=partnership.pk)
    out = io.StringIO()
    writer = csv_writer(out)
    for label, _, value in figures(partnership.pk):
        writer.writerow([label, value])
    writer.writerow([])
    writer.writerow(["Money beside the fund's"])
    writer.writerows(leverage_rows(partnership.pk))
    writer.writerow([])
    writer.writerow(HEADERS)
    writer.writerows(_rows(summary))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="money-{partnership.pk}.csv"'
    return response


@login_required
def money_xlsx(request, partnership_pk: int):
    from openpyxl import Workbook

    partnership = partnership_for(request, partnership_pk)
    summary = spend_summary(partnership_id=partnership.pk)
    book = Workbook()
    sheet = book.active
    sheet.title = "Where the money is"
    for label, _, value in figures(partnership.pk):
        sheet.append(safe_row([label, value]))
    sheet.append([])
    sheet.append(["Money beside the fund's"])
    for row in leverage_rows(partnership.pk):
        sheet.append(safe_row(row))
    sheet.append([])
    sheet.append(HEADERS)
    for row in _rows(summary):
        sheet.append(safe_row(row))
    for cells in sheet.iter_rows(min_col=2, max_col=5):
        for cell in cells:
            if not isinstance(cell.value, int):
                cell.number_format = "£#,##0.00"
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="money-{partnership.pk}.xlsx"'
    return response
