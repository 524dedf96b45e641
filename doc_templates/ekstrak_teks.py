"""The text of a filed document, for the search index: PDF (pypdf), Word .docx (python-docx, with
tables, headers and footers), Excel .xlsx (openpyxl, cell values), .csv and .txt.

Pure functions on bytes and a file name. Bounded: at most MAX_TEKS characters, MAX_HALAMAN PDF
pages, MAX_SEL spreadsheet cells, and a time budget checked between pages and rows. A broken or
hostile file yields no text ("" or what was read before it broke), never an exception: filing
must not fail because its text could not be read.
"""

from __future__ import annotations

import io
import logging
import time
import zipfile
from collections.abc import Iterator
from pathlib import PurePath

log = logging.getLogger(__name__)

MAX_TEKS = 200_000  # characters kept per document
MAX_BYTES = 50 * 1024 * 1024  # a larger file is not read
MAX_HALAMAN = 200
MAX_SEL = 200_000
MAX_DETIK = 5.0
MAX_UNZIP = 100 * 1024 * 1024  # uncompressed size of an Office file's parts (zip bombs)


class _Kumpulan:
    """Collects text up to MAX_TEKS characters and MAX_DETIK seconds."""

    def __init__(self, batas: int, detik: float):
        self.parts: list[str] = []
        self.size, self.batas = 0, batas
        self.deadline = time.monotonic() + detik

    @property
    def penuh(self) -> bool:
        return self.size >= self.batas or time.monotonic() > self.deadline

    def tambah(self, text: str | None) -> None:
        if not text or self.penuh:
            return
        text = text.strip()
        if text:
            self.parts.append(text)
            self.size += len(text) + 1

    def teks(self) -> str:
        return "\n".join(self.parts)[:self.batas]


def ekstrak_teks(data: bytes, nama_berkas: str, *, batas: int = MAX_TEKS,
                 detik: float = MAX_DETIK) -> str:
    """The document's text ("" for an unknown kind, an image, or a file that cannot be read)."""
    if not data or len(data) > MAX_BYTES:
        return ""
    ext = PurePath(nama_berkas or "").suffix.lower()
    reader = _READERS.get(ext)
    if reader is None:
        return ""
    out = _Kumpulan(batas, detik)
    try:
        for text in reader(data):
            out.tambah(text)
            if out.penuh:
                break
    except Exception as exc:  # noqa: BLE001 - any broken file: keep what was read
        log.info("teks %s tidak terbaca seluruhnya: %s", nama_berkas, type(exc).__name__)
    return out.teks()


def _pdf(data: bytes) -> Iterator[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    for i, page in enumerate(reader.pages):
        if i >= MAX_HALAMAN:
            return
        try:
            yield page.extract_text() or ""
        except Exception as exc:  # noqa: BLE001 - one broken page: go on with the next
            log.info("halaman PDF %d tidak terbaca: %s", i + 1, type(exc).__name__)


def _zip_aman(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return sum(i.file_size for i in z.infolist()) <= MAX_UNZIP
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _docx(data: bytes) -> Iterator[str]:
    if not _zip_aman(data):
        return
    import docx

    doc = docx.Document(io.BytesIO(data))
    for section in doc.sections:
        for part in (section.header, section.footer):
            yield from _blok(part)
    yield from _blok(doc)


def _blok(container) -> Iterator[str]:
    """Paragraphs and tables of a body, header or footer, in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:  # a merged cell repeats: read it once
                    text = cell.text.strip()
                    if text and (not cells or cells[-1] != text):
                        cells.append(text)
                yield " | ".join(cells)


def _xlsx(data: bytes) -> Iterator[str]:
    if not _zip_aman(data):
        return
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        cells = 0
        for sheet in book.worksheets:
            yield sheet.title
            for row in sheet.iter_rows(values_only=True):
                values = [str(v) for v in row if v is not None and str(v).strip()]
                cells += len(row)
                if values:
                    yield " | ".join(values)
                if cells > MAX_SEL:
                    return
    finally:
        book.close()


def _plain(data: bytes) -> Iterator[str]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            yield data[:MAX_TEKS * 4].decode(encoding)
            return
        except UnicodeDecodeError:
            continue
    yield data[:MAX_TEKS * 4].decode("latin-1")


_READERS = {".pdf": _pdf, ".docx": _docx, ".xlsx": _xlsx, ".xlsm": _xlsx, ".csv": _plain,
            ".txt": _plain}
