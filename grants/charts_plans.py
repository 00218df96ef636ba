"""Planned against actual, by theme, as a server-drawn SVG bar chart (colours as attributes: the
content security policy forbids inline styles). The page has the same figures as a table."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cwf.core.money import ZERO

from .charts import BLUE, ORANGE, money_label, nice_ceiling

ROW, LABEL, WIDTH, BAR = 52, 150, 640, 18
RED = "#d4351c"


def planned_actual_chart(summary) -> SafeString:
    planned, actual = defaultdict(lambda: ZERO), defaultdict(lambda: ZERO)
    for row in summary.rows:
        planned[row.theme] += row.planned
        actual[row.theme] += row.actual
    themes = sorted(set(planned) | set(actual))
    if not themes:
        return mark_safe("")
    top = nice_ceiling(max(max(planned.values(), default=ZERO), max(actual.values(), default=ZERO)))
    span = WIDTH - LABEL - 90
    height = ROW * len(themes) + 30

    def width(value: Decimal) -> int:
        return max(int(span * max(value, ZERO) / top), 0) if top else 0

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="pa-title" class="cwf-chart"><title id="pa-title">Planned against '
        f"actual spend by theme, over the whole plan</title>"
    ]
    for i, theme in enumerate(themes):
        y = 10 + i * ROW
        over = actual[theme] > planned[theme]
        parts.append(
            f'<text x="0" y="{y + 14}" font-size="13" fill="#0b0c0c">{escape(theme)}</text>'
            f'<rect x="{LABEL}" y="{y}" width="{width(planned[theme])}" height="{BAR}" '
            f'fill="{BLUE}"/>'
            f'<text x="{LABEL + width(planned[theme]) + 4}" y="{y + 14}" font-size="12">'
            f"{money_label(planned[theme])} planned</text>"
            f'<rect x="{LABEL}" y="{y + BAR + 2}" width="{width(actual[theme])}" height="{BAR}" '
            f'fill="{RED if over else ORANGE}"/>'
            f'<text x="{LABEL + width(actual[theme]) + 4}" y="{y + BAR + 16}" font-size="12">'
            f"{money_label(actual[theme])} spent{' (over)' if over else ''}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text escaped)
