"""The board pack: the portfolio's figures gathered once (data.py), written as a PDF (pdf.py,
WeasyPrint, with the charts as inline SVG), a spreadsheet (xlsx.py, openpyxl) or a CSV
(csv.py)."""

from __future__ import annotations

from collections.abc import Callable

from ..models import BoardPack


def render(pack: BoardPack, *, progress: Callable[[int, str], None]) -> bytes:
    from . import csv, pdf, xlsx
    from .data import board_pack_data

    progress(5, "Gathering the figures")
    data = board_pack_data(viewer=pack.requested_by, as_of=pack.as_of, progress=progress)
    # Kept on the row, so the next pack and the dashboard can say what changed since this one.
    BoardPack.objects.filter(pk=pack.pk).update(figures=data.trends.now)
    writer = {
        BoardPack.Kind.PDF: pdf.write,
        BoardPack.Kind.XLSX: xlsx.write,
        BoardPack.Kind.CSV: csv.write,
    }[pack.kind]
    progress(70, f"Writing the {pack.get_kind_display()}")
    return writer(data)
