"""The board pack as plain tables (name, columns, rows of raw values), shared by the spreadsheet
and the CSV so the two always hold the same figures. Tidy: each table holds only its rows (a
total row or a note would break a filter or a pivot), so totals and notes travel beside it;
every row about a partnership carries its id (the API's) and its neighbourhoods' GSS codes.

Each column declares what it holds (`Column.kind`): the spreadsheet formats a money column in
pounds because it says it holds money, never because of what its header happens to read."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal

from cwf.core.dates import display_date

from ..chart_data import committed_reconciliation
from ..selectors.attention_items import attention_items
from .data import BoardPackData

INDEX = Decimal("0.000001")


class Kind(enum.StrEnum):
    MONEY = "money"  # pounds and pence
    COUNT = "count"  # whole numbers: partnerships, people, years, days, ids
    FRACTION = "fraction"  # a share or a rate, as a fraction (0.05 is 5%)
    NUMBER = "number"  # any other figure: a ratio, an index, cover
    DATE = "date"
    TEXT = "text"
    MIXED = "mixed"  # each row says what it holds (a "Value" beside a "Figure")


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT


def money(header: str) -> Column:
    return Column(header, Kind.MONEY)


def count(header: str) -> Column:
    return Column(header, Kind.COUNT)


def fraction(header: str) -> Column:
    return Column(header, Kind.FRACTION)


def number(header: str) -> Column:
    return Column(header, Kind.NUMBER)


def text(header: str) -> Column:
    return Column(header, Kind.TEXT)


def mixed(header: str) -> Column:
    return Column(header, Kind.MIXED)


@dataclass(frozen=True)
class Table:
    name: str
    columns: list[Column]
    rows: list[list[object]]
    note: str = ""
    totals: list[list[object]] = field(default_factory=list)  # rows shaped like `rows`

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]


PARTNERSHIP_COLUMNS = [count("Partnership id"), text("GSS codes")]


def partnership_columns(data: BoardPackData, partnership_id: int | None) -> list[object]:
    return [partnership_id, data.gss_codes.get(partnership_id, "")]


def tables(data: BoardPackData) -> list[Table]:
    """Every table of the pack, in the pack's order."""
    return [
        headline_table(data),
        *breakdown_tables(data),
        theme_table(data),
        *leverage_tables(data),
        year_table(data),
        funding_per_head_table(data),
        outcomes_table(data),
        attention_table(data),
        variances_table(data),
        burn_down_table(data),
        *trend_tables(data),
        *forecast_tables(data),
        stress_table(data),
        social_value_table(data),
        partnerships_table(data),
        assumptions_table(data),
    ]


def headline_table(data: BoardPackData) -> Table:
    h = data.summary.headline
    spent = "Spent by partnerships" + (
        " (paid grant money, until spend is recorded)" if h.spend_is_proxy else ""
    )
    return Table(
        "Headline",
        [text("Figure"), money("Amount (£)")],
        [
            ["Endowment capital", h.endowment_capital],
            ["Money in (capital, income, returned underspend)", h.money_in],
            ["Committed", h.committed],
            ["Committed, not yet released", h.committed_unreleased],
            ["Released", h.released],
            ["Paid", h.paid],
            [spent, h.spent],
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


MONEY_FLOW_COLUMNS = [
    count("Partnerships"),
    money("Committed (£)"),
    money("Released (£)"),
    money("Paid (£)"),
    money("Spent (£)"),
]


def breakdown_tables(data: BoardPackData) -> list[Table]:
    """The money by region, IMD decile and CNI decile, each with its total."""

    def values(r) -> list[object]:
        return [r.label, r.partnerships, r.committed, r.released, r.paid, r.spent]

    return [
        Table(
            f"By {breakdown.label}",
            [text(breakdown.label), *MONEY_FLOW_COLUMNS],
            [values(r) for r in breakdown.rows],
            totals=[values(breakdown.total)],
        )
        for breakdown in data.summary.breakdowns
    ]


def theme_table(data: BoardPackData) -> Table:
    by_theme = data.summary.by_theme

    def values(r) -> list[object]:
        return [r.label, r.partnerships, r.planned, r.planned_to_date, r.spent, r.variance]

    return Table(
        "By theme",
        [
            text("Theme"),
            count("Partnerships"),
            money("Planned, term (£)"),
            money("Planned to date (£)"),
            money("Spent (£)"),
            money("Variance, planned to date minus spent (£)"),
        ],
        [values(r) for r in by_theme.rows],
        note=by_theme.explanation,
        totals=[values(by_theme.total)],
    )


def year_table(data: BoardPackData) -> Table:
    return Table(
        "By year",
        [
            count("Year"),
            money("Committed, approved that year (£)"),
            money("Taken back, withdrawn or closed that year (£)"),
            money("Planned (£)"),
            money("Released (£)"),
            money("Paid (£)"),
        ],
        [
            [r.year, r.committed, r.taken_back, r.planned, r.released, r.paid]
            for r in data.summary.by_year
        ],
        note=committed_reconciliation(data.summary.by_year, data.summary.headline.committed),
    )


def funding_per_head_table(data: BoardPackData) -> Table:
    fph = data.summary.funding_per_head
    return Table(
        "Funding per head",
        [text("Figure"), money("£ per head")],
        [
            ["This fund: committed", fph.committed_per_head],
            ["This fund: paid", fph.paid_per_head],
            *[[n, v] for n, v in fph.benchmarks],
        ],
        note=f"{fph.population} people in the funded neighbourhoods. {fph.source}",
    )


def attention_table(data: BoardPackData) -> Table:
    return Table(
        "Attention",
        [text("Kind"), *PARTNERSHIP_COLUMNS, text("Partnership"), text("What")],
        [
            [
                item.kind,
                *partnership_columns(data, item.partnership_id),
                item.partnership,
                item.what,
            ]
            for item in attention_items(data.summary.attention)
        ],
        note="The dashboard's attention list, item for item. Rows about the whole fund "
        "have no partnership id.",
    )


def variances_table(data: BoardPackData) -> Table:
    attention = data.summary.attention
    return Table(
        "Variances",
        [
            *PARTNERSHIP_COLUMNS,
            text("Partnership"),
            money("Planned to date (£)"),
            money("Spent (£)"),
            money("Variance, planned to date minus spent (£)"),
            fraction("Difference (fraction of planned to date)"),
            text("Under or over plan"),
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


def social_value_table(data: BoardPackData) -> Table:
    sv = data.social_value
    total = sv.result.total
    return Table(
        "Social value",
        [
            *PARTNERSHIP_COLUMNS,
            text("Partnership"),
            money("Spent (£)"),
            money("Present value (£)"),
            number("Benefit-cost ratio"),
        ],
        [
            [*partnership_columns(data, pk), name, v.spent, v.present_value, v.benefit_cost_ratio]
            for pk, name, v in sv.rows
        ],
        totals=[
            [None, "", "Portfolio", total.spent, total.present_value, total.benefit_cost_ratio]
        ],
        note=data.social_value_estimate + (" " + sv.spend_explanation if sv.spend_is_proxy else ""),
    )


def partnerships_table(data: BoardPackData) -> Table:
    """The appendix: one row per partnership, every money figure the dashboard shows for it."""
    money_fields = [
        ("Committed (£)", "committed"),
        ("Released (£)", "released"),
        ("Paid (£)", "paid"),
        ("Received by the LTO (£)", "received"),
        ("Spent (£)", "spent"),
        ("Held by the LTO (£)", "held"),
        ("Not logged: never used the spending log, received less returned (£)", "not_logged"),
        ("Spent ahead of payments (£)", "spent_ahead"),
        ("Still to release (£)", "unreleased"),
    ]

    def values(p) -> list[object]:
        return [
            *partnership_columns(data, p.pk),
            p.name,
            p.get_status_display(),
            p.region or "",
            getattr(p, "imd_decile", None),
            getattr(p, "cni_decile", None),
            p.population,
            *(getattr(p, name) for _, name in money_fields),
        ]

    return Table(
        "Partnerships",
        [
            *PARTNERSHIP_COLUMNS,
            text("Partnership"),
            text("Status"),
            text("Region"),
            count("IMD decile"),
            count("CNI decile"),
            count("Population"),
            *(money(header) for header, _ in money_fields),
        ],
        [values(e.partnership) for e in data.appendix],
    )


def assumptions_table(data: BoardPackData) -> Table:
    return Table(
        "Assumptions",
        [
            text("Assumption"),
            number("Value"),
            text("Unit"),
            text("Source"),
            Column("In force from", Kind.DATE),
        ],
        [
            [a.definition.label, a.value, a.definition.unit_label, a.source, a.effective_on]
            for a in data.forecast.assumptions.values()
        ],
    )


OUTCOME_GROUPS = (("theme", "Theme"), ("region", "Region"), ("imd_decile", "IMD decile"))


def outcomes_table(data: BoardPackData) -> Table:
    """The dashboard's outcomes (issue 19): every library indicator for all partnerships and by
    each grouping, one row each, tidy (the grouping is a column)."""
    outcomes = data.summary.outcomes
    rows = []
    if outcomes is not None:
        rows += [["All", "", t.name, t.unit_label, t.how, t.figure, t.partnerships]
                 for t in outcomes.totals]  # fmt: skip
        for key, label in OUTCOME_GROUPS:
            for group, totals in outcomes.by.get(key, []):
                rows += [[label, group, t.name, t.unit_label, t.how, t.figure, t.partnerships]
                         for t in totals]  # fmt: skip
    return Table(
        "Outcomes",
        [
            text("Grouped by"),
            text("Group"),
            text("Indicator"),
            text("Unit"),
            text("How"),
            number("Figure"),
            count("Partnerships measuring"),
        ],
        rows,
        note="Library indicators only: each partnership's latest measured value from its "
        "submitted reports; counts added up, scores averaged.",
    )


def burn_down_table(data: BoardPackData) -> Table:
    return Table(
        "Burn-down",
        [
            count("Year"),
            money("Held by the fund at the end (£)"),
            money("Owed on commitments (£)"),
            text("Projected"),
        ],
        [[p.year, p.held, p.committed, "Yes" if p.projected else "No"] for p in data.burn_down],
        note="From the ledger up to this year, then projected from the payment schedules "
        "(no new money, no new allocations).",
    )


def stress_table(data: BoardPackData) -> Table:
    """Every path year by year: one row per path and year, to filter or pivot."""
    return Table(
        "Stress",
        [
            text("Path key"),
            text("Path"),
            count("Year"),
            count("Days"),
            fraction("Real return"),
            fraction("Inflation"),
            money("Start (£)"),
            money("Fall in value (£)"),
            money("Payments (£)"),
            money("Return (£)"),
            money("Costs (£)"),
            money("End, cash terms (£)"),
            money("End, today's pounds (£)"),
            number("Cover"),
            text("Short"),
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
    """What changed since the last board pack, and each figure quarter by quarter. Money and
    shares share these columns, so each row's figure says what it is."""
    trends = data.trends
    since = trends.last_pack_as_of
    return [
        Table(
            "Since the last pack",
            [
                text("Figure"),
                mixed(f"At the pack of {display_date(since)}" if since else "At the last pack"),
                mixed("Now"),
                mixed("Change"),
            ],
            [[c.figure.label, c.then, c.now, c.change] for c in trends.since_pack],
            note="" if since else "No board pack was made before this one.",
        ),
        Table(
            "Quarter by quarter",
            [text("Figure"), *(mixed(q.label) for q in trends.quarters), mixed("Now")],
            [[row.figure.label, *row.values] for row in trends.rows],
            note="Money in pounds, shares as fractions, at the end of each quarter.",
        ),
    ]


def forecast_tables(data: BoardPackData) -> list[Table]:
    """The forecast: where it starts, each path, the central case year by year (cash terms and
    today's pounds), the Monte Carlo, what can be committed, and the return the books show."""
    return [
        forecast_start_table(data),
        forecast_paths_table(data),
        forecast_by_year_table(data),
        monte_carlo_table(data),
        achieved_return_table(data),
    ]


def forecast_start_table(data: BoardPackData) -> Table:
    result = data.forecast
    start, base, sus = result.start, result.forecast.base, result.sustainable
    valuation = start.valuation
    valued = f" on {display_date(valuation.valued_on)}" if valuation else " (not recorded)"
    return Table(
        "Forecast start",
        [text("Figure"), money("Amount (£)")],
        [
            ["Book value today", start.book_value],
            ["Market value" + valued, valuation.market_value if valuation else None],
            ["Market less book value at that valuation", start.market_adjustment],
            ["The forecast starts from", start.opening_balance],
            ["Approved, not yet paid", base.commitments],
            ["Proposed pipeline", base.pipeline],
            ["Free capital", base.free_capital],
            ["Can commit each year, today's pounds", sus.per_year],
            ["Committed in the last 12 months", sus.committed_last_year],
        ],
        note=f"Net real return {sus.net_real_return:.4%}. Rates are fractions a year.",
    )


def forecast_paths_table(data: BoardPackData) -> Table:
    return Table(
        "Forecast",
        [
            text("Path"),
            text("What happens"),
            text("First year short"),
            number("Lowest cover"),
            money("End, cash terms (£)"),
            money("End, today's pounds (£)"),
            money("Free capital at the end, today's pounds (£)"),
            text("Keeps real capital"),
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
            for p in data.forecast.forecast.projections
        ],
        note=data.forecast_method,
    )


def forecast_by_year_table(data: BoardPackData) -> Table:
    return Table(
        "Forecast by year",
        [
            count("Year"),
            count("Days"),
            money("Start (£)"),
            money("Scheduled (£)"),
            money("Not yet scheduled (£)"),
            money("Proposed (£)"),
            money("Return (£)"),
            money("Costs (£)"),
            money("End, cash terms (£)"),
            money("End, today's pounds (£)"),
            number("Price index"),
            number("Cover"),
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
            for y in data.forecast.forecast.base.years
        ],
        note="The central case. Payments are taken before each year's return.",
    )


def monte_carlo_table(data: BoardPackData) -> Table:
    mc = data.forecast.monte_carlo
    return Table(
        "Monte Carlo",
        [text("Figure"), mixed("Value")],
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
    )


def achieved_return_table(data: BoardPackData) -> Table:
    achieved = data.forecast.achieved
    return Table(
        "Return the books show",
        [
            count("Year"),
            money("Income booked (£)"),
            money("Held at the start (£)"),
            money("Held at the end (£)"),
            fraction("Return"),
        ],
        [[y.year, y.income, y.held_start, y.held_end, y.rate] for y in achieved.years],
        note=f"All years: {achieved.rate}; assumed in cash terms: "
        f"{achieved.assumed_cash_return.normalize()}. Returns are fractions a year.",
    )


LEVERAGE_COLUMNS = [
    money("Paid by the fund (£)"),
    money("Co-investment through the fund (£)"),
    money("Verified local income (£)"),
    number("Through the fund per £1 paid"),
    number("Local income per £1 paid"),
    number("Together per £1 paid"),
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
            [*PARTNERSHIP_COLUMNS, text("Partnership"), *LEVERAGE_COLUMNS],
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
                [text(breakdown.label), count("Partnerships"), *LEVERAGE_COLUMNS],
                [[r.label, r.partnerships, *_leverage_values(r.leverage)] for r in breakdown.rows],
                note="A partnership counts under every theme its endorsed plan spends on."
                if breakdown.key == "theme"
                else "",
                totals=total if breakdown.key != "theme" else [],
            )
        )
    return out
