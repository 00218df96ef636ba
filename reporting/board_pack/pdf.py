"""The board pack as a PDF, by WeasyPrint from an HTML template: a cover, headline figures, the
charts as inline SVG with their tables, the attention list, the forecast, social value and an
appendix per partnership. The HTML has its own print styles; nothing is fetched.

The PDF is tagged to PDF/UA-1 (WeasyPrint's "pdf/ua-1" variant): a structure tree of headings,
tables with their header cells and figures, the document's language and its title, so a screen
reader can read it as the page is read."""

from __future__ import annotations

from django.template.loader import render_to_string

from .data import BoardPackData


def html(data: BoardPackData) -> str:
    return render_to_string("reporting/board_pack/pdf.html", {"data": data})


def document(data: BoardPackData):
    """The laid-out document (its .pages can be counted)."""
    from weasyprint import HTML

    return HTML(string=html(data), base_url=None).render()


PDF_VARIANT = "pdf/ua-1"


def write(data: BoardPackData) -> bytes:
    return document(data).write_pdf(pdf_variant=PDF_VARIANT)
