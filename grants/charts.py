"""Charts drawn on the server as SVG: no JavaScript, no external files, and colours given as SVG
attributes (the content security policy forbids inline styles). Every chart has a table
alternative on its page."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cwf.core.money import ZERO

from .selectors.endowment import BurnDownPoint

WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 80, 20, 20, 60
BLUE, ORANGE, GREY = "#1d70b8", "#f47738", "#b1b4b6"


def nice_ceiling(value: Decimal) -> Decimal:
    """A round top for the axis: 1, 2 or 5 times a power of ten, at or above value."""
    if value <= 0:
        return Decimal(1)
    power = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def money_label(value: Decimal) -> str:
    if value >= 1_000_000:
        return (
            f"£{value / 1_000_000:,.0f}m"
            if value % 1_000_000 == 0
            else f"£{value / 1_000_000:,.1f}m"
        )
    if value >= 1_000:
        return f"£{value / 1_000:,.0f}k"
    return f"£{value:,.0f}"


def burn_down_svg(points: Sequence[BurnDownPoint]) -> SafeString:
    """Two lines over the years: money held by the fund, and what it still owes on commitments.
    Solid to this year, dashed where projected from the payment schedules."""
    if not points:
        return mark_safe("")
    top = nice_ceiling(max(max(p.held, p.committed) for p in points))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(points) - 1, 1)

    def x(i: int) -> float:
        return round(LEFT + i * step, 1)

    def y(value: Decimal) -> float:
        return round(TOP + plot_h - float(max(value, ZERO) / top) * plot_h, 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="cwf-chart" role="img" aria-labelledby="burn-down-title burn-down-desc">',
        '<title id="burn-down-title">Endowment burn-down</title>',
        '<desc id="burn-down-desc">Money held by the fund and money it still owes on '
        "commitments, at the end of each year. The table below gives the same figures.</desc>",
    ]
    for fraction in (0, 0.25, 0.5, 0.75, 1):
        value = top * Decimal(str(fraction))
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value)}" y2="{y(value)}" '
            f'stroke="{GREY}" stroke-width="1"/>'
            f'<text x="{LEFT - 8}" y="{y(value) + 4}" text-anchor="end" font-size="12" '
            f'fill="#0b0c0c">{escape(money_label(value))}</text>'
        )
    label_every = max(1, len(points) // 12 + (1 if len(points) % 12 else 0))
    for i, point in enumerate(points):
        if i % label_every == 0 or i == len(points) - 1:
            parts.append(
                f'<text x="{x(i)}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" '
                f'font-size="12" fill="#0b0c0c">{point.year}</text>'
            )
    for attr, colour in (("held", BLUE), ("committed", ORANGE)):
        actual = [(x(i), y(getattr(p, attr))) for i, p in enumerate(points) if not p.projected]
        last_actual = len(actual) - 1
        projected = [
            (x(i), y(getattr(p, attr)))
            for i, p in enumerate(points)
            if p.projected or i == last_actual
        ]
        for coords, dash in ((actual, ""), (projected, ' stroke-dasharray="6 4"')):
            if len(coords) > 1:
                path = " ".join(f"{cx},{cy}" for cx, cy in coords)
                parts.append(
                    f'<polyline points="{path}" fill="none" stroke="{colour}" '
                    f'stroke-width="3"{dash}/>'
                )
    legend_y = HEIGHT - 14
    parts.append(
        f'<line x1="{LEFT}" x2="{LEFT + 24}" y1="{legend_y}" y2="{legend_y}" stroke="{BLUE}" '
        f'stroke-width="3"/><text x="{LEFT + 30}" y="{legend_y + 4}" font-size="12" '
        f'fill="#0b0c0c">Held by the fund</text>'
        f'<line x1="{LEFT + 160}" x2="{LEFT + 184}" y1="{legend_y}" y2="{legend_y}" '
        f'stroke="{ORANGE}" stroke-width="3"/><text x="{LEFT + 190}" y="{legend_y + 4}" '
        f'font-size="12" fill="#0b0c0c">Owed on commitments</text>'
        f'<line x1="{LEFT + 360}" x2="{LEFT + 384}" y1="{legend_y}" y2="{legend_y}" '
        f'stroke="#0b0c0c" stroke-width="2" stroke-dasharray="6 4"/>'
        f'<text x="{LEFT + 390}" y="{legend_y + 4}" font-size="12" fill="#0b0c0c">Projected '
        f"from the payment schedules</text>"
    )
    parts.append("</svg>")
    # Every value interpolated above is a number or passed through escape().
    return mark_safe("".join(parts))  # noqa: S308
