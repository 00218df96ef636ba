"""The charts the pages and the PDF show, each with its table alternative, built from the
selectors' figures. Pure: no queries here."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from cwf.core.money import format_gbp

from .charts import (
    BLUE,
    GREEN,
    INK,
    ORANGE,
    PALETTE,
    PURPLE,
    Chart,
    Series,
    bar_chart,
    line_chart,
    paired_bar_chart,
)


def _both(draw, **options):
    """The chart drawn for a wide screen and for a phone (reporting.charts)."""
    return draw(**options), draw(**options, narrow=True)


def burn_down_chart(points: Sequence) -> Chart:
    """Money held by the fund and owed on commitments, year by year (grants' burn-down points:
    year, held, committed, projected)."""
    labels = [str(p.year) for p in points]
    first_projected = next((i for i, p in enumerate(points) if p.projected), None)
    svg, narrow = _both(
        line_chart,
        title="Burn-down",
        description="Money held by the fund and money it still owes on commitments, at the end "
        "of each year; projected from the payment schedules after this year.",
        x_labels=labels,
        series=[
            Series("Held by the fund", [p.held for p in points], BLUE, first_projected),
            Series("Owed on commitments", [p.committed for p in points], ORANGE, first_projected),
        ],
        dashed_means="Projected" if first_projected is not None else "",
    )
    rows = [
        [
            str(p.year),
            format_gbp(p.held),
            format_gbp(p.committed),
            "Projected" if p.projected else "Ledger",
        ]
        for p in points
    ]
    return Chart(
        svg,
        "Burn-down",
        ["End of year", "Held by the fund", "Owed on commitments", "Source"],
        rows,
        numeric=(1, 2),
        svg_narrow=narrow,
    )


def planned_actual_chart(by_year: Sequence, committed=None) -> Chart:
    """`committed`, the headline's, is reconciled in a note: approved over the years, less
    what withdrawn and closed allocations gave up."""
    labels = [str(r.year) for r in by_year]
    svg, narrow = _both(
        line_chart,
        title="Planned against actual",
        description="Tranches due each year under the payment schedules, against the money "
        "actually released and paid that year.",
        x_labels=labels,
        series=[
            Series("Planned (due)", [r.planned for r in by_year], BLUE),
            Series("Released", [r.released for r in by_year], ORANGE),
            Series("Paid", [r.paid for r in by_year], GREEN),
        ],
    )
    rows = [
        [
            str(r.year),
            format_gbp(r.committed),
            format_gbp(r.taken_back),
            format_gbp(r.planned),
            format_gbp(r.released),
            format_gbp(r.paid),
        ]
        for r in by_year
    ]
    return Chart(
        svg,
        "Money by year",
        [
            "Year",
            "Committed (approved that year)",
            "Taken back (withdrawn or closed that year)",
            "Planned (due)",
            "Released",
            "Paid",
        ],
        rows,
        numeric=(1, 2, 3, 4, 5),
        svg_narrow=narrow,
        note=committed_reconciliation(by_year, committed),
    )


def committed_reconciliation(by_year: Sequence, committed) -> str:
    """Approved over the years, less taken back, is the headline's committed."""
    if committed is None or not by_year:
        return ""
    approved = sum((r.committed for r in by_year), Decimal(0))
    taken_back = sum((r.taken_back for r in by_year), Decimal(0))
    return (
        f"Approved over the years {format_gbp(approved)}, less {format_gbp(taken_back)} taken "
        "back when allocations were withdrawn or closed (each keeps only what was released), "
        f"is {format_gbp(approved - taken_back)}: the committed figure of "
        f"{format_gbp(committed)}."
    )


def breakdown_chart(breakdown) -> Chart:
    svg, narrow = _both(
        bar_chart,
        title=f"Committed by {breakdown.label}",
        description=f"Money committed to partnerships, by {breakdown.label} of their main "
        "neighbourhood.",
        bars=[(r.label, r.committed) for r in breakdown.rows],
        colour=PURPLE if "decile" in breakdown.key else BLUE,
    )
    rows = [
        [
            r.label,
            str(r.partnerships),
            format_gbp(r.committed),
            format_gbp(r.released),
            format_gbp(r.paid),
            format_gbp(r.spent),
        ]
        for r in [*breakdown.rows, breakdown.total]
    ]
    return Chart(
        svg,
        f"By {breakdown.label}",
        [breakdown.label, "Partnerships", "Committed", "Released", "Paid", "Spent"],
        rows,
        numeric=(1, 2, 3, 4, 5),
        svg_narrow=narrow,
    )


def theme_chart(by_theme) -> Chart:
    """Planned to date against spent, theme by theme, with the term's plan in the table."""
    svg, narrow = _both(
        paired_bar_chart,
        title="Planned to date and spent by theme",
        description="For each theme, what partnerships' endorsed plans put there up to now, "
        "against what they have spent there.",
        groups=[(r.label, r.planned_to_date, r.spent) for r in by_theme.rows],
        names=("Planned to date", "Spent"),
    )
    rows = [
        [
            r.label,
            str(r.partnerships),
            format_gbp(r.planned),
            format_gbp(r.planned_to_date),
            format_gbp(r.spent),
            variance_text(r.variance),
        ]
        for r in [*by_theme.rows, by_theme.total]
    ]
    return Chart(
        svg,
        "By theme",
        ["Theme", "Partnerships", "Planned (term)", "Planned to date", "Spent", "Variance"],
        rows,
        numeric=(1, 2, 3, 4, 5),
        svg_narrow=narrow,
    )


def variance_text(variance) -> str:
    """Planned minus actual, said in words: "£1,200.00 under", "£300.00 over", "None"."""
    if not variance:
        return "None"
    return f"{format_gbp(abs(variance))} {'under' if variance > 0 else 'over'}"


def per_head_chart(per_head) -> Chart:
    bars = []
    if per_head.committed_per_head is not None:
        bars.append(("This fund: committed", per_head.committed_per_head))
        bars.append(("This fund: paid", per_head.paid_per_head))
    bars += list(per_head.benchmarks)
    svg, narrow = _both(
        bar_chart,
        title="Funding per head",
        description="Money per person living in the funded neighbourhoods, beside charitable "
        "grants per head from 2004 to May 2021.",
        bars=bars,
        label=lambda v: f"£{v:,.2f}",
        colour=GREEN,
    )
    rows = [[name, format_gbp(value)] for name, value in bars]
    return Chart(svg, "Funding per head", ["", "Per head"], rows, numeric=(1,), svg_narrow=narrow)


# The paths the forecast chart draws, besides the central case and any chosen combination: the
# table beside it has every path.
CHARTED_PATHS = ("fall", "lost_decade", "inflation_shock", "fall+lost_decade+inflation_shock")


def forecast_chart(result) -> Chart:
    """Each year's closing balance in today's pounds: the central case, the paths that happen
    to the fund, and the reader's own combination."""
    projections = result.projections
    labels = [str(y.year) for y in projections[0].years]
    charted = [
        p
        for p in projections
        if p is result.base or p is result.combined or p.path.key in CHARTED_PATHS
    ]
    svg, narrow = _both(
        line_chart,
        title="Coverage forecast",
        description="The endowment's balance at the end of each year in today's pounds, in "
        "the central case and the stress paths. Below zero, the fund cannot pay what it has "
        "promised.",
        x_labels=labels,
        series=[
            Series(p.path.label, [y.closing_real for y in p.years], (*PALETTE, INK)[i % 6])
            for i, p in enumerate(charted)
        ],
    )
    rows = [
        [label, *(whole_pounds(p.years[i].closing_real) for p in charted)]
        for i, label in enumerate(labels)
    ]
    return Chart(
        svg,
        "Balance at the end of each year, in today's pounds",
        ["Year", *(p.path.label for p in charted)],
        rows,
        numeric=tuple(range(1, len(charted) + 1)),
        svg_narrow=narrow,
    )


def whole_pounds(amount) -> str:
    """£1,234 for £1,234.49: for projections, where pence are noise."""
    rounded = Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{'-' if rounded < 0 else ''}£{abs(rounded):,.0f}"


def social_value_chart(value) -> Chart:
    svg, narrow = _both(
        bar_chart,
        title="Social value by kind",
        description="The present value of the estimated benefits of the money spent, by kind.",
        bars=[(b.category.label, b.present_value) for b in value.benefits],
        colour=GREEN,
    )
    rows = [
        [
            b.category.label,
            "Fiscal" if b.category.fiscal else "Economic and social",
            format_gbp(b.undiscounted),
            format_gbp(b.present_value),
        ]
        for b in value.benefits
    ]
    rows.append(["All", "", format_gbp(value.undiscounted), format_gbp(value.present_value)])
    return Chart(
        svg,
        "Social value by kind",
        ["Benefit", "Kind", "Undiscounted", "Present value"],
        rows,
        numeric=(2, 3),
        svg_narrow=narrow,
    )
