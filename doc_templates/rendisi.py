"""The converter port of evidence.rendisi: a batch of Word, Excel and image files to PDF in ONE
LibreOffice run (doc_templates.pdf). An image is first placed on a Word page under its file name,
and a CSV table is written on a text page, exactly as the bundle always did, so a rendition and
an on-the-fly conversion are the same pages."""

from __future__ import annotations

import csv
import io

from doc_templates.halaman_teks import Line, text_pdf
from doc_templates.pdf import convert_each
from evidence.rendisi import Sumber

IMAGE_TYPES = ("image/png", "image/jpeg")
CSV_TYPE = "text/csv"
GAMBAR_RUSAK = "gambar tidak dapat dibaca (PNG/JPEG rusak)"


def image_docx(data: bytes, caption: str) -> bytes:
    """A Word page with the caption and the picture, 16 cm wide."""
    from docx import Document
    from docx.shared import Cm

    doc = Document()
    doc.add_paragraph(caption)
    doc.add_picture(io.BytesIO(data), width=Cm(16))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def other_page(name: str, data: bytes) -> bytes:
    """A page for a file that is neither PDF, Word, Excel nor image: its name and, for a CSV, its
    first 60 rows."""
    lines = [Line(name, 12, True), Line("Berkas ini bukan PDF/Word/gambar; isinya ada utuh di bundel ZIP.")]
    try:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[:60]
        lines += [Line(" | ".join(r), 8) for r in rows]
    except (UnicodeDecodeError, csv.Error):
        pass
    return text_pdf(lines)[0]


def konversi(sumber: list[Sumber], *, timeout: float = 180,
             soffice: str | None = None) -> tuple[dict[str, bytes], dict[str, str]]:
    """(nama -> PDF, nama -> why it failed); one soffice process for the whole batch."""
    docs, failed, done = {}, {}, {}
    for s in sumber:
        if s.content_type == CSV_TYPE:  # no LibreOffice: our own text page
            done[s.nama] = other_page(s.judul, s.data)
        elif s.content_type in IMAGE_TYPES:
            try:
                docs[s.nama] = image_docx(s.data, s.judul)
            except Exception:  # noqa: BLE001 - python-docx raises many kinds on a broken image
                failed[s.nama] = GAMBAR_RUSAK
        else:
            docs[s.nama] = s.data
    if not docs:
        return done, failed
    pdfs, bad = convert_each(docs, timeout=timeout, soffice=soffice)
    return {**done, **pdfs}, {**failed, **bad}
