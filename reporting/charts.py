"""Charts drawn on the server as SVG, small and dependency-free: a horizontal bar chart (single
or paired) and a line chart. No JavaScript, no external files, no inline styles (the content
security policy forbids them): colours are SVG attributes. The same SVG goes into the pages and,
inline, into the PDF board pack. Every chart's page also shows the figures as a table (the
template includes/chart.html puts the two together).

Every value interpolated into the SVG is a number or passed through escape().

Each chart also comes `narrow=True`: laid out for a phone (a 320-unit-wide drawing, 14-unit
text, bar labels on their own line above the bar, fewer axis labels, the legend one entry a
line), so that shown 290 px wide its words are about 12.7 px high; the wide drawing, shrunk to a
phone's width, had words 5 px high. Pages show the one that fits (includes/chart_svg.html)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

BLUE, ORANGE, GREEN, PURPLE, RED = "#1d70b8", "#f47738", "#00703c", "#4c2c92", "#d4351c"
PALETTE = (BLUE, ORANGE, GREEN, PURPLE, RED)
GREY, INK = "#b1b4b6", "#0b0c0c"
FONT_FAMILY = 'font-family="Arial, Helvetica, sans-serif"'
WIDE_TEXT, NARROW_TEXT, NARROW_WIDTH = 12, 14, 320


def money_label(value: Decimal) -> str:
    """£1.5m, £250k, £40: short enough for an axis."""
    sign, value = ("-" if value < 0 else ""), abs(Decimal(value))
    if value >= 1_000_000:
        short = value / 1_000_000
        text = f"{short:,.0f}" if short == short.to_integral_value() else f"{short:,.1f}"
        return f"{sign}£{text}m"
    if value >= 1_000:
        return f"{sign}£{value / 1_000:,.0f}k"
    return f"{sign}£{value:,.0f}"


def nice_ceiling(value: Decimal) -> Decimal:
    """A round top for an axis: 1, 2 or 5 times a power of ten, at or above value."""
    value = Decimal(value)
    if value <= 0:
        return Decimal(1)
    power = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover (int(value) < 10 * power always)


def _open(chart_id: str, title: str, description: str, width: int, height: int) -> list[str]:
    """The SVG's opening, its title and description (the narrow drawing's ids end "-narrow",
    so both can be on one page)."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" class="cwf-chart" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)} The table beside the chart gives '
        f"the same figures.</desc>",
    ]


def _text(x, y, text, anchor: str = "start", fill: str = INK, size: int = WIDE_TEXT) -> str:
    return (
        f'<text x="{x}" y="{y}" text-anchor="{anchor}" {FONT_FAMILY} font-size="{size}" '
        f'fill="{fill}">{escape(text)}</text>'
    )


def _shorten(name: str, most: int) -> str:
    return name if len(name) <= most else name[: most - 1] + "…"


def bar_chart(
    *,
    title: str,
    description: str,
    bars: Sequence[tuple[str, Decimal]],
    label: Callable[[Decimal], str] = money_label,
    colour: str = BLUE,
    width: int = 720,
    narrow: bool = False,
) -> SafeString:
    """Horizontal bars, one per (label, value), longest labels on the left (narrow: each label
    on its own line above its bar). Negative values are drawn as zero-length bars with their
    figure beside them."""
    if not bars:
        return mark_safe("")
    if narrow:
        return _narrow_bar_chart(title, description, bars, label, colour)
    chart_id = "chart-" + slugify(title)
    left, right, row, top = 200, 90, 28, 10
    height = top * 2 + row * len(bars)
    top_value = nice_ceiling(max((Decimal(v) for _, v in bars), default=Decimal(0)))
    plot_w = width - left - right
    parts = _open(chart_id, title, description, width, height)
    for i, (name, value) in enumerate(bars):
        y = top + i * row
        length = round(float(max(Decimal(value), Decimal(0)) / top_value) * plot_w, 1)
        shown = name if len(name) <= 30 else name[:29] + "…"
        parts.append(_text(left - 8, y + 18, shown, anchor="end"))
        parts.append(
            f'<rect x="{left}" y="{y + 4}" width="{length}" height="{row - 8}" fill="{colour}"/>'
        )
        parts.append(_text(round(left + length + 6, 1), y + 18, label(Decimal(value))))
    parts.append(
        f'<line x1="{left}" x2="{left}" y1="{top}" y2="{height - top}" stroke="{INK}" '
        f'stroke-width="1"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (see the module docstring)


def _narrow_bar_chart(title, description, bars, label, colour) -> SafeString:
    chart_id = "chart-" + slugify(title) + "-narrow"
    width, size, right, top = NARROW_WIDTH, NARROW_TEXT, 84, 4
    row = size + 4 + 20 + 10  # the label's line, the bar, a gap
    height = top * 2 + row * len(bars)
    top_value = nice_ceiling(max((Decimal(v) for _, v in bars), default=Decimal(0)))
    plot_w = width - right
    parts = _open(chart_id, title, description, width, height)
    for i, (name, value) in enumerate(bars):
        y = top + i * row
        length = round(float(max(Decimal(value), Decimal(0)) / top_value) * plot_w, 1)
        parts.append(_text(0, y + size, _shorten(name, 38), size=size))
        bar_y = y + size + 4
        parts.append(f'<rect x="0" y="{bar_y}" width="{length}" height="20" fill="{colour}"/>')
        parts.append(_text(round(length + 6, 1), bar_y + 15, label(Decimal(value)), size=size))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (see the module docstring)


def paired_bar_chart(
    *,
    title: str,
    description: str,
    groups: Sequence[tuple[str, Decimal, Decimal]],
    names: tuple[str, str],
    colours: tuple[str, str] = (BLUE, ORANGE),
    width: int = 720,
    narrow: bool = False,
) -> SafeString:
    """Two horizontal bars per (label, first, second), e.g. planned against spent, with a
    legend. Negative values are drawn as zero-length bars with their figure beside them."""
    if not groups:
        return mark_safe("")
    if narrow:
        return _narrow_paired_bar_chart(title, description, groups, names, colours)
    chart_id = "chart-" + slugify(title)
    left, right, row, top, legend = 200, 90, 40, 10, 26
    height = top * 2 + row * len(groups) + legend
    top_value = nice_ceiling(max((Decimal(v) for _, a, b in groups for v in (a, b)), default=0))
    plot_w = width - left - right
    parts = _open(chart_id, title, description, width, height)
    for i, (name, *values) in enumerate(groups):
        y = top + i * row
        shown = name if len(name) <= 30 else name[:29] + "…"
        parts.append(_text(left - 8, y + 24, shown, anchor="end"))
        for j, value in enumerate(values):
            length = round(float(max(Decimal(value), Decimal(0)) / top_value) * plot_w, 1)
            bar_y = y + 4 + j * 16
            parts.append(
                f'<rect x="{left}" y="{bar_y}" width="{length}" height="14" fill="{colours[j]}"/>'
            )
            parts.append(_text(round(left + length + 6, 1), bar_y + 12, money_label(value)))
    parts.append(
        f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + row * len(groups)}" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    for n, (name, colour) in enumerate(zip(names, colours, strict=True)):
        lx, ly = left + n * 210, height - legend
        parts.append(f'<rect x="{lx}" y="{ly}" width="24" height="12" fill="{colour}"/>')
        parts.append(_text(lx + 30, ly + 11, name))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (see the module docstring)


def _narrow_paired_bar_chart(title, description, groups, names, colours) -> SafeString:
    chart_id = "chart-" + slugify(title) + "-narrow"
    width, size, right, top = NARROW_WIDTH, NARROW_TEXT, 84, 4
    legend_row = size + 8
    row = size + 4 + 2 * 18 + 10
    height = top * 2 + row * len(groups) + legend_row * len(names)
    top_value = nice_ceiling(max((Decimal(v) for _, a, b in groups for v in (a, b)), default=0))
    plot_w = width - right
    parts = _open(chart_id, title, description, width, height)
    for i, (name, *values) in enumerate(groups):
        y = top + i * row
        parts.append(_text(0, y + size, _shorten(name, 38), size=size))
        for j, value in enumerate(values):
            length = round(float(max(Decimal(value), Decimal(0)) / top_value) * plot_w, 1)
            bar_y = y + size + 4 + j * 18
            parts.append(
                f'<rect x="0" y="{bar_y}" width="{length}" height="16" fill="{colours[j]}"/>'
            )
            parts.append(_text(round(length + 6, 1), bar_y + 13, money_label(value), size=size))
    for n, (name, colour) in enumerate(zip(names, colours, strict=True)):
        ly = top + row * len(groups) + n * legend_row
        parts.append(f'<rect x="0" y="{ly}" width="24" height="12" fill="{colour}"/>')
        parts.append(_text(30, ly + 12, name, size=size))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (see the module docstring)


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Decimal]
    colour: str = BLUE
    # Points from this index on are drawn dashed (projected); None: all solid.
    dashed_from: int | None = None


def line_chart(
    *,
    title: str,
    description: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    label: Callable[[Decimal], str] = money_label,
    width: int = 720,
    height: int = 320,
    dashed_means: str = "",
    narrow: bool = False,
) -> SafeString:
    """Lines over a shared x axis, with a zero line when values go negative and a legend (three
    entries a line; narrow: one, with at most four x labels)."""
    values = [Decimal(v) for s in series for v in s.values]
    if not x_labels or not values:
        return mark_safe("")
    chart_id = "chart-" + slugify(title) + ("-narrow" if narrow else "")
    size = NARROW_TEXT if narrow else WIDE_TEXT
    per_line, most_x_labels = (1, 4) if narrow else (3, 10)
    entries = len(series) + (1 if dashed_means else 0)
    if narrow:
        width, left, right, top = NARROW_WIDTH, 58, 14, 16
        bottom = 40 + (size + 6) * entries
        height = 200 + bottom
    else:
        left, right, top = 80, 20, 20
        bottom = 50 + 18 * ((entries + per_line - 1) // per_line)
    plot_w, plot_h = width - left - right, height - top - bottom
    high = nice_ceiling(max(max(values), Decimal(0)))
    low = -nice_ceiling(-min(values)) if min(values) < 0 else Decimal(0)
    step = plot_w / max(len(x_labels) - 1, 1)

    def x(i: int) -> float:
        return round(left + i * step, 1)

    def y(value: Decimal) -> float:
        return round(top + plot_h - float((Decimal(value) - low) / (high - low)) * plot_h, 1)

    parts = _open(chart_id, title, description, width, height)
    for fraction in ("0", "0.25", "0.5", "0.75", "1"):
        value = low + (high - low) * Decimal(fraction)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(value)}" y2="{y(value)}" '
            f'stroke="{GREY}" stroke-width="1"/>'
        )
        parts.append(_text(left - 6, y(value) + 4, label(value), anchor="end", size=size))
    if low < 0:
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(Decimal(0))}" y2="{y(Decimal(0))}" '
            f'stroke="{INK}" stroke-width="2"/>'
        )
    every = max(1, -(-len(x_labels) // most_x_labels))
    for i, text in enumerate(x_labels):
        # The last label, always; the one before it only when they cannot touch.
        if i == len(x_labels) - 1 or (i % every == 0 and len(x_labels) - 1 - i >= every / 2):
            # On a phone the last label ends at the edge rather than crossing it.
            last = narrow and i == len(x_labels) - 1
            anchor = "end" if last else "middle"
            parts.append(_text(x(i), top + plot_h + size + 6, text, anchor=anchor, size=size))
    for s in series:
        points = [(x(i), y(v)) for i, v in enumerate(s.values)]
        cut = len(points) if s.dashed_from is None else min(s.dashed_from, len(points))
        solid, dashed = points[: max(cut, 1)], points[max(cut - 1, 0) :]
        for coords, dash in ((solid, ""), (dashed if cut < len(points) else [], " dashed")):
            if len(coords) > 1:
                path = " ".join(f"{cx},{cy}" for cx, cy in coords)
                attrs = ' stroke-dasharray="6 4"' if dash else ""
                parts.append(
                    f'<polyline points="{path}" fill="none" stroke="{s.colour}" '
                    f'stroke-width="3"{attrs}/>'
                )
        if len(points) == 1:
            cx, cy = points[0]
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="4" fill="{s.colour}"/>')
    legend = [(s.name, s.colour, False) for s in series]
    if dashed_means:
        legend.append((dashed_means, INK, True))
    for n, (name, colour, dashed) in enumerate(legend):
        origin = 0 if narrow else left
        lx = origin + (n % per_line) * 210
        ly = top + plot_h + 40 + (n // per_line) * (size + 6)
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        parts.append(
            f'<line x1="{lx}" x2="{lx + 24}" y1="{ly}" y2="{ly}" stroke="{colour}" '
            f'stroke-width="3"{dash}/>'
        )
        parts.append(_text(lx + 30, ly + 5, name, size=size))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (see the module docstring)


@dataclass(frozen=True)
class Chart:
    """A chart and its table alternative, for templates/reporting/includes/chart.html."""

    svg: SafeString
    caption: str
    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    # Which columns hold figures (right-aligned); the first column is a row header.
    numeric: Sequence[int] = ()
    # The same chart laid out for a phone (see the module docstring); "" when there is none.
    svg_narrow: str = ""
    # A sentence under the table (how its figures reconcile with the headline, say).
    note: str = ""
