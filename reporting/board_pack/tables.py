"""The board pack as plain tables (name, headers, rows of raw values), shared by the spreadsheet
and the CSV so the two always hold the same figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cwf.core.dates import display_date

from ..chart_data import variance_text
from .data import BoardPackData

INDEX = Decimal("0.000001")


@dataclass(frozen=True)
class Table:
    name: str
    headers: list[str]
    rows: list[list[object]]
    note: str = ""


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
                    for r in [*breakdown.rows, breakdown.total]
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
                for r in [*by_theme.rows, by_theme.total]
            ],
            note=by_theme.explanation,
        )
    )
    out.append(
        Table(
            "By year",
            ["Year", "Committed (£)", "Planned (£)", "Released (£)", "Paid (£)"],
            [[r.year, r.committed, r.planned, r.released, r.paid] for r in data.summary.by_year],
        )
    )
    fph = data.summary.funding_per_head
    out.append(
        Table(
            "Funding per head",
            ["", "£ per head"],
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
            ["Partnership", "What"],
            [
                *[
                    [
                        i.tranche.allocation.partnership.name,
                        f"Tranche of £{i.tranche.total:,.2f} due {display_date(i.tranche.due_on)} "
                        "on hold" + (f": {i.why}" if i.reasons else "."),
                    ]
                    for i in attention.held
                ],
                *[
                    [
                        i.partnership.name,
                        "Composition rules not met: "
                        + "; ".join(f"{r.rule} (now {r.figure})" for r in i.rules),
                    ]
                    for i in attention.failing_composition
                ],
                *[
                    [
                        i.partnership,
                        f"Spending far from plan: planned £{i.planned_to_date:,.2f} to date, "
                        f"spent £{i.spent:,.2f} ({variance_text(i.variance)})",
                    ]
                    for i in attention.variances
                ],
                *[
                    [
                        i.partnership.name,
                        f"Spending ahead of payments: received £{i.received:,.2f}, spent "
                        f"£{i.spent:,.2f}, £{i.spent_ahead:,.2f} ahead",
                    ]
                    for i in attention.spending_ahead
                ],
                *[
                    [
                        i.allocation.partnership.name,
                        f"Ready for close-out: £{i.remaining:,.2f} left to release",
                    ]
                    for i in attention.close_out
                ],
            ],
        )
    )
    out.append(
        Table(
            "Variances",
            [
                "Partnership",
                "Planned to date (£)",
                "Spent (£)",
                "Variance, planned to date minus spent (£)",
                "Difference (% of planned to date)",
                "Under or over plan",
            ],
            [
                [
                    i.partnership,
                    i.planned_to_date,
                    i.spent,
                    i.variance,
                    i.percent,
                    "Over" if i.over else "Under",
                ]
                for i in attention.variances
            ],
            note=f"Partnerships with an endorsed plan whose spend to date differs from the "
            f"plan's spend to date by more than {attention.variance_percent}% and by more than "
            f"£{attention.variance_min_amount:,.2f}, largest difference first.",
        )
    )
    out.extend(trend_tables(data))
    out.extend(forecast_tables(data))
    sv = data.social_value
    out.append(
        Table(
            "Social value",
            ["Partnership", "Spent (£)", "Present value (£)", "Benefit-cost ratio"],
            [
                *[[name, v.spent, v.present_value, v.benefit_cost_ratio] for _, name, v in sv.rows],
                [
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
                "Spent ahead of payments (£)",
                "Still to release (£)",
            ],
            [
                [
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


def is_money(header: str) -> bool:
    return header.endswith("(£)") or header == "£ per head"
