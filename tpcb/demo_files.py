"""Small but real files for the demo: a text PDF stands in for a scanned document."""

from __future__ import annotations

from doc_templates.halaman_teks import Line
from doc_templates.halaman_teks import text_pdf as _text_pdf


def text_pdf(lines: list[str], title: str = "") -> bytes:
    """A PDF with a bold title and the given lines (A4)."""
    data, _pages = _text_pdf([Line(title, size=16, bold=True), *(Line(t, size=11) for t in lines)])
    return data
