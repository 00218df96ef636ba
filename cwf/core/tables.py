"""Tables that reflow on a phone: `{% reflow %}<table>...</table>{% endreflow %}`.

On a small screen each row of a reflowed table is shown as a card, one line per cell, the cell's
column header beside its value (app.scss, `.cwf-table--reflow`). The column headers come from the
table's own `<thead>`, so the template writes each header once: this adds `data-label` to every
body cell from the header above it, and the ARIA table roles, because browsers drop a table's
semantics when CSS changes its cells' display, and a screen reader must still hear a table."""

from __future__ import annotations

import html
import re

TABLE_TAG = re.compile(r"<table\b([^>]*)>", re.IGNORECASE)
HEAD = re.compile(r"<thead\b.*?</thead>", re.IGNORECASE | re.DOTALL)
BODY = re.compile(r"(<(tbody|tfoot)\b[^>]*>)(.*?)(</\2>)", re.IGNORECASE | re.DOTALL)
ROW = re.compile(r"<tr\b.*?</tr>", re.IGNORECASE | re.DOTALL)
CELL_TAG = re.compile(r"<(td|th)\b([^>]*)>", re.IGNORECASE)
HEADER_CELL = re.compile(r"<th\b([^>]*)>(.*?)</th>", re.IGNORECASE | re.DOTALL)
COLSPAN = re.compile(r'colspan="(\d+)"', re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")
GROUP_TAG = re.compile(r"<(thead|tbody|tfoot)\b", re.IGNORECASE)
ROW_TAG = re.compile(r"<tr\b", re.IGNORECASE)


def _span(attributes: str) -> int:
    match = COLSPAN.search(attributes)
    return max(int(match.group(1)), 1) if match else 1


def _labels(head: str) -> list[str]:
    """The text of the last header row's cells, one per column (a colspan repeats it)."""
    rows = ROW.findall(head)
    if not rows:
        return []
    labels = []
    for attributes, content in HEADER_CELL.findall(rows[-1]):
        text = " ".join(html.unescape(TAG.sub(" ", content)).split())
        labels += [text] * _span(attributes)
    return labels


def _label_cells(row: str, labels: list[str]) -> str:
    column = 0

    def label(match: re.Match) -> str:
        nonlocal column
        name, attributes = match.group(1), match.group(2)
        span = _span(attributes)
        # A cell across the whole row ("None yet") is a message, not a column's value.
        whole_row = span > 1 and span >= len(labels)
        text = labels[column] if column < len(labels) and not whole_row else ""
        column += span
        role = "rowheader" if 'scope="row"' in attributes else "cell"
        if name.lower() == "th" and 'scope="row"' not in attributes:
            role = "columnheader"
        extra = f' role="{role}"'
        if text and "data-label=" not in attributes:
            extra += f' data-label="{html.escape(text)}"'
        return f"<{name}{attributes}{extra}>"

    return CELL_TAG.sub(label, row)


def _with_roles(head: str) -> str:
    head = ROW_TAG.sub('<tr role="row"', head)
    return CELL_TAG.sub(lambda m: f'<{m.group(1)}{m.group(2)} role="columnheader">', head)


def reflow_table(markup: str) -> str:
    """`markup` with its table marked to reflow on a phone (see the module's docstring)."""
    head = HEAD.search(markup)
    labels = _labels(head.group(0)) if head else []

    def body(match: re.Match) -> str:
        rows = ROW.sub(lambda row: _label_cells(row.group(0), labels), match.group(3))
        return match.group(1) + ROW_TAG.sub('<tr role="row"', rows) + match.group(4)

    markup = BODY.sub(body, markup)
    if head:
        markup = markup.replace(head.group(0), _with_roles(head.group(0)), 1)
    markup = GROUP_TAG.sub(lambda m: f'{m.group(0)} role="rowgroup"', markup)

    def table(match: re.Match) -> str:
        attributes = match.group(1)
        if 'class="' in attributes:
            attributes = attributes.replace('class="', 'class="cwf-table--reflow ', 1)
        else:
            attributes += ' class="cwf-table--reflow"'
        return f'<table{attributes} role="table">'

    return TABLE_TAG.sub(table, markup, count=1)
