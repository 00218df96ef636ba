"""The board pack as plain tables (name, headers, rows of raw values), shared by the spreadsheet
and the CSV so the two always hold the same figures. Tidy: each table holds only its rows (a
total row or a note would break a filter or a pivot), so totals and notes travel beside it;
every row about a partnership carries its id (the API's) and its neighbourhoods' GSS codes."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from cwf.core.dates import display_date

from ..chart_data import committed_reconciliation
from ..selectors.attention_items import attention_items
from .data import BoardPackData

INDEX = Decimal("0.000001")


@dataclass(frozen=True)
class Table:
    name: str
    headers: list[str]
    rows: list[list[object]]
    note: str = ""
    totals: list[list[object]] = field(default_factory=list)  # rows shaped like `rows`


PARTNERSHIP_COLUMNS = ["Partnership id", "GSS codes"]


def partnership_columns(data: BoardPackData, partnership_id: int | None) -> list[object]:
    return [partnership_id, data.gss_codes.get(partnership_id, "")]


def tables(data: BoardPackData) -> list[Table]:
    h = data.summary.headline
    out = [
        Table(
            "Headline",
            ["Figure", "Amount (£)"],
            [
                ["Endowment capital", h.endowment_capital],
                ["Money in (capital, income, returned underspend)", h.money_in],
                ["Committed", h.committed],
                ["Committed, not yet released", h.committed_unreleased],
                ["Released", h.released],
                ["Paid", h.paid],
                [
                    "Spent by partnerships"
                    + (" (paid grant money, until spend is recorded)" if h.spend_is_proxy else ""),
                    h.spent,
                ],
                ["Received by LTOs", h.received],
                ["Held by LTOs", h.held_by_ltos],
                [
                    "Not logged: received by partnerships that never used the spending log, "
                    "less returned",
                    h.not_logged,
                ],
                ["Spent ahead of payments", h.spent_ahead],
                ["Uncommitted", h.uncommitted],
            ],
            note=data.summary.spend_explanation if h.spend_is_proxy else "",
        )
    ]
    for breakdown in data.summary.breakdowns:
        out.append(
            Table(
                f"By {breakdown.label}",
                [
                    breakdown.label,
                    "Partnerships",
                    "Committed (£)",
                    "Released (£)",
                    "Paid (£)",
                    "Spent (£)",
                ],
                [
                    [r.label, r.partnerships, r.committed, r.released, r.paid, r.spent]
                    for r in breakdown.rows
                ],
                totals=[
                    [
                        t.label,
                        t.partnerships,
                        t.committed,
                        t.released,
                        t.paid,
                        t.spent,
                    ]
                    for t in [breakdown.total]
                ],
            )
        )
    by_theme = data.summary.by_theme
    out.append(
        Table(
            "By theme",
            [
                "Theme",
                "Partnerships",
                "Planned, term (£)",
                "Planned to date (£)",
                "Spent (£)",
                "Variance, planned to date minus spent (£)",
            ],
            [
                [r.label, r.partnerships, r.planned, r.planned_to_date, r.spent, r.variance]
                for r in by_theme.rows
            ],
            note=by_theme.explanation,
            totals=[
                [t.label, t.partnerships, t.planned, t.planned_to_date, t.spent, t.variance]
                for t in [by_theme.total]
            ],
        )
    )
    out += leverage_tables(data)
    out.append(
        Table(
            "By year",
            [
                "Year",
                "Committed, approved that year (£)",
                "Taken back, withdrawn or closed that year (£)",
                "Planned (£)",
                "Released (£)",
                "Paid (£)",
            ],
            [
                [r.year, r.committed, r.taken_back, r.planned, r.released, r.paid]
                for r in data.summary.by_year
            ],
            note=committed_reconciliation(data.summary.by_year, h.committed),
        )
    )
    fph = data.summary.funding_per_head
    out.append(
        Table(
            "Funding per head",
            ["Figure", "£ per head"],
            [
                ["This fund: committed", fph.committed_per_head],
                ["This fund: paid", fph.paid_per_head],
                *[[n, v] for n, v in fph.benchmarks],
            ],
            note=f"{fph.population} people in the funded neighbourhoods. {fph.source}",
        )
    )
    attention = data.summary.attention
    out.append(
        Table(
            "Attention",
            ["Kind", *PARTNERSHIP_COLUMNS, "Partnership", "What"],
            [
                [
                    item.kind,
                    *partnership_columns(data, item.partnership_id),
                    item.partnership,
                    item.what,
                ]
                for item in attention_items(attention)
            ],
            note="The dashboard's attention list, item for item. Rows about the whole fund "
            "have no partnership id.",
        )
    )
    out.append(
        Table(
            "Variances",
            [
                *PARTNERSHIP_COLUMNS,
                "Partnership",
                "Planned to date (£)",
                "Spent (£)",
                "Variance, planned to date minus spent (£)",
                "Difference (fraction of planned to date)",
                "Under or over plan",
            ],
            [
                [
                    *partnership_columns(data, i.partnership_id),
                    i.partnership,
                    i.planned_to_date,
                    i.spent,
                    i.variance,
                    None if i.percent is None else i.percent / 100,
                    "Over" if i.over else "Under",
                ]
                for i in attention.variances
            ],
            note=f"Partnerships with an endorsed plan whose spend to date differs from the "
            f"plan's spend to date by more than {attention.variance_percent}% and by more than "
            f"£{attention.variance_min_amount:,.2f}, largest difference first.",
        )
    )
    out.append(burn_down_table(data))
    out.extend(trend_tables(data))
    out.extend(forecast_tables(data))
    out.append(stress_table(data))
    sv = data.social_value
    out.append(
        Table(
            "Social value",
            [
                *PARTNERSHIP_COLUMNS,
                "Partnership",
                "Spent (£)",
                "Present value (£)",
                "Benefit-cost ratio",
            ],
            [
                [
                    *partnership_columns(data, pk),
                    name,
                    v.spent,
                    v.present_value,
                    v.benefit_cost_ratio,
                ]
                for pk, name, v in sv.rows
            ],
            totals=[
                [
                    None,
                    "",
                    "Portfolio",
                    sv.result.total.spent,
                    sv.result.total.present_value,
                    sv.result.total.benefit_cost_ratio,
                ],
            ],
            note=data.social_value_estimate
            + (" " + sv.spend_explanation if sv.spend_is_proxy else ""),
        )
    )
    out.append(
        Table(
            "Partnerships",
            [
                *PARTNERSHIP_COLUMNS,
                "Partnership",
                "Status",
                "Region",
                "IMD decile",
                "CNI decile",
                "Population",
                "Committed (£)",
                "Released (£)",
                "Paid (£)",
                "Received by the LTO (£)",
                "Spent (£)",
                "Held by the LTO (£)",
                "Not logged: never used the spending log, received less returned (£)",
                "Spent ahead of payments (£)",
                "Still to release (£)",
            ],
            [
                [
                    *partnership_columns(data, e.partnership.pk),
                    e.partnership.name,
                    e.partnership.get_status_display(),
                    e.partnership.region or "",
                    getattr(e.partnership, "imd_decile", None),
                    getattr(e.partnership, "cni_decile", None),
                    e.partnership.population,
                    e.partnership.committed,
                    e.partnership.released,
                    e.partnership.paid,
                    e.partnership.received,
                    e.partnership.spent,
                    e.partnership.held,
                    e.partnership.not_logged,
                    e.partnership.spent_ahead,
                    e.partnership.unreleased,
                ]
                for e in data.appendix
            ],
        )
    )
    assumptions = [*data.forecast.assumptions.values()]
    out.append(
        Table(
            "Assumptions",
            ["Assumption", "Value", "Unit", "Source", "In force from"],
            [
                [a.definition.label, a.value, a.definition.unit_label, a.source, a.effective_on]
                for a in assumptions
            ],
        )
    )
    return out


def burn_down_table(data: BoardPackData) -> Table:
    return Table(
        "Burn-down",
        ["Year", "Held by the fund at the end (£)", "Owed on commitments (£)", "Projected"],
        [[p.year, p.held, p.committed, "Yes" if p.projected else "No"] for p in data.burn_down],
        note="From the ledger up to this year, then projected from the payment schedules "
        "(no new money, no new allocations).",
    )


def stress_table(data: BoardPackData) -> Table:
    """Every path year by year: one row per path and year, to filter or pivot."""
    return Table(
        "Stress",
        [
            "Path key",
            "Path",
            "Year",
            "Days",
            "Real return",
            "Inflation",
            "Start (£)",
            "Fall in value (£)",
            "Payments (£)",
            "Return (£)",
            "Costs (£)",
            "End, cash terms (£)",
            "End, today's pounds (£)",
            "Cover",
            "Short",
        ],
        [
            [
                p.path.key,
                p.path.name,
                y.year,
                y.days,
                y.rates.real_return,
                y.rates.inflation,
                y.opening,
                y.fall,
                y.payments,
                y.investment_return,
                y.costs,
                y.closing,
                y.closing_real,
                y.cover,
                "Yes" if y.is_short else "No",
            ]
            for p in data.forecast.forecast.projections
            for y in p.years
        ],
        note="Rates are fractions a year. Cover is the balance at the start over everything "
        "still to pay. A path is short in a year when what falls due is more than it holds.",
    )


def trend_tables(data: BoardPackData) -> list[Table]:
    """What changed since the last board pack, and each figure quarter by quarter."""
    trends = data.trends
    since = trends.last_pack_as_of
    return [
        Table(
            "Since the last pack",
            [
                "Figure",
                f"At the pack of {display_date(since)}" if since else "At the last pack",
                "Now",
                "Change",
            ],
            [[c.figure.label, c.then, c.now, c.change] for c in trends.since_pack],
            note="" if since else "No board pack was made before this one.",
        ),
        Table(
            "Quarter by quarter",
            ["Figure", *(q.label for q in trends.quarters), "Now"],
            [[row.figure.label, *row.values] for row in trends.rows],
            note="Money in pounds, shares as fractions, at the end of each quarter.",
        ),
    ]


def forecast_tables(data: BoardPackData) -> list[Table]:
    """The forecast: where it starts, each path, the central case year by year (cash terms and
    today's pounds), the Monte Carlo, what can be committed, and the return the books show."""
    result = data.forecast
    forecast, start, mc = result.forecast, result.start, result.monte_carlo
    sus, achieved = result.sustainable, result.achieved
    valuation = start.valuation
    return [
        Table(
            "Forecast start",
            ["Figure", "Amount (£)"],
            [
                ["Book value today", start.book_value],
                [
                    "Market value"
                    + (
                        f" on {display_date(valuation.valued_on)}"
                        if valuation
                        else " (not recorded)"
                    ),
                    valuation.market_value if valuation else None,
                ],
                ["Market less book value at that valuation", start.market_adjustment],
                ["The forecast starts from", start.opening_balance],
                ["Approved, not yet paid", forecast.base.commitments],
                ["Proposed pipeline", forecast.base.pipeline],
                ["Free capital", forecast.base.free_capital],
                ["Can commit each year, today's pounds", sus.per_year],
                ["Committed in the last 12 months", sus.committed_last_year],
            ],
            note=f"Net real return {sus.net_real_return:.4%}. Rates are fractions a year.",
        ),
        Table(
            "Forecast",
            [
                "Path",
                "What happens",
                "First year short",
                "Lowest cover",
                "End, cash terms (£)",
                "End, today's pounds (£)",
                "Free capital at the end, today's pounds (£)",
                "Keeps real capital",
            ],
            [
                [
                    p.path.name,
                    p.path.description,
                    p.shortfall_year or "None",
                    p.lowest_cover,
                    p.closing_balance,
                    p.closing_real,
                    p.free_capital_end_real,
                    "Yes" if p.keeps_real_capital else "No",
                ]
                for p in forecast.projections
            ],
            note=data.forecast_method,
        ),
        Table(
            "Forecast by year",
            [
                "Year",
                "Days",
                "Start (£)",
                "Scheduled (£)",
                "Not yet scheduled (£)",
                "Proposed (£)",
                "Return (£)",
                "Costs (£)",
                "End, cash terms (£)",
                "End, today's pounds (£)",
                "Price index",
                "Cover",
            ],
            [
                [
                    y.year,
                    y.days,
                    y.opening,
                    y.scheduled,
                    y.unscheduled,
                    y.proposed,
                    y.investment_return,
                    y.costs,
                    y.closing,
                    y.closing_real,
                    y.price_index.quantize(INDEX),
                    y.cover,
                ]
                for y in forecast.base.years
            ],
            note="The central case. Payments are taken before each year's return.",
        ),
        Table(
            "Monte Carlo",
            ["Figure", "Value"],
            [
                ["Futures simulated", mc.paths],
                ["Seed", mc.seed],
                ["Mean real return (fraction a year)", mc.mean],
                ["Volatility (fraction a year)", mc.volatility],
                ["Inflation (fraction a year)", mc.inflation],
                ["Probability of running short", mc.shortfall_probability],
                ["Probability of running short or losing real capital", mc.real_loss_probability],
                ["Left at the end, today's pounds, 5th percentile", mc.end_real_low],
                ["Left at the end, today's pounds, median", mc.end_real_median],
                ["Left at the end, today's pounds, 95th percentile", mc.end_real_high],
            ],
        ),
        Table(
            "Return the books show",
            ["Year", "Income booked (£)", "Held at the start (£)", "Held at the end (£)", "Return"],
            [[y.year, y.income, y.held_start, y.held_end, y.rate] for y in achieved.years],
            note=f"All years: {achieved.rate}; assumed in cash terms: "
            f"{achieved.assumed_cash_return.normalize()}. Returns are fractions a year.",
        ),
    ]


LEVERAGE_COLUMNS = [
    "Paid by the fund (£)",
    "Co-investment through the fund (£)",
    "Verified local income (£)",
    "Through the fund per £1 paid",
    "Local income per £1 paid",
    "Together per £1 paid",
]


def _leverage_values(lev) -> list[object]:
    return [
        lev.paid,
        lev.through_fund,
        lev.local,
        lev.through_fund_per_pound,
        lev.local_per_pound,
        lev.together_per_pound,
    ]


def leverage_tables(data: BoardPackData) -> list[Table]:
    """Leverage (grants.selectors.money.Leverage) per partnership, by place and by theme."""
    leverage = data.summary.leverage
    if leverage is None:
        return []
    total = [["All", None, *_leverage_values(leverage.total)]]
    out = [
        Table(
            "Leverage by partnership",
            [*PARTNERSHIP_COLUMNS, "Partnership", *LEVERAGE_COLUMNS],
            [
                [*partnership_columns(data, r.key), r.label, *_leverage_values(r.leverage)]
                for r in leverage.partnerships
            ],
            note="Partnerships with co-investment paid through the fund or verified local "
            "income. Per £1 paid is empty while the fund has paid nothing.",
        )
    ]
    for breakdown in [*leverage.breakdowns, leverage.by_theme]:
        out.append(
            Table(
                f"Leverage by {breakdown.label}",
                [breakdown.label, "Partnerships", *LEVERAGE_COLUMNS],
                [[r.label, r.partnerships, *_leverage_values(r.leverage)] for r in breakdown.rows],
                note="A partnership counts under every theme its endorsed plan spends on."
                if breakdown.key == "theme"
                else "",
                totals=total if breakdown.key != "theme" else [],
            )
        )
    return out


def is_money(header: str) -> bool:
    return header.endswith("(£)") or header == "£ per head"
