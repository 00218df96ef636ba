"""The board pack as plain tables (name, headers, rows of raw values), shared by the spreadsheet
and the CSV so the two always hold the same figures."""

from __future__ import annotations

from dataclasses import dataclass

from cwf.core.dates import display_date

from ..chart_data import variance_text
from .data import BoardPackData


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
    forecast = data.forecast.forecast
    out.append(
        Table(
            "Forecast",
            ["Case", "Return", "Coverage ratio", "First year short", "Balance at the end (£)"],
            [
                [
                    p.case.name,
                    p.return_rate,
                    p.coverage_ratio,
                    p.shortfall_year or "None",
                    p.closing_balance,
                ]
                for p in forecast.projections
            ],
            note=data.forecast_method,
        )
    )
    out.append(
        Table(
            "Forecast by year",
            [
                "Year",
                "Start (£)",
                "Return (£)",
                "Costs (£)",
                "Scheduled (£)",
                "Not yet scheduled (£)",
                "End (£)",
                "Coverage",
            ],
            [
                [
                    y.year,
                    y.opening,
                    y.investment_return,
                    y.costs,
                    y.scheduled,
                    y.unscheduled,
                    y.closing,
                    y.coverage,
                ]
                for y in forecast.base.years
            ],
            note="The central case.",
        )
    )
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


def is_money(header: str) -> bool:
    return header.endswith("(£)") or header == "£ per head"
