"""The evidence bundle as one PDF: a cover, the contents, and per EP its own page(s) followed by its
files, with bookmarks per EP, item and file. Pure: the caller gives the lines of the pages we
write and every file already as PDF; what goes in, and in which order, is evidence.bundle's plan.

The pages we write are one fpdf2 document (one font to load and embed), cut into place by pypdf.
The contents page lists page numbers that depend on its own length, so it is written twice: once
with placeholders to count its pages, then with the numbers (same widths, so same page count).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

from pypdf import PdfReader, PdfWriter

from doc_templates.halaman_teks import Halaman, Line


@dataclass(frozen=True)
class Berkas:
    """One file of the bundle: its bookmark (the file name) and its PDF."""

    judul: str
    pdf: bytes


@dataclass(frozen=True)
class Butir:
    """One catalogue item: its bookmark and contents line, and its files in order."""

    judul: str
    berkas: list[Berkas] = field(default_factory=list)


@dataclass(frozen=True)
class Bagian:
    """One EP: its bookmark and contents line, the lines of its own page(s), and its items."""

    judul: str
    halaman: list[Line]
    butir: list[Butir]


@dataclass
class _Letak:
    """Where everything starts (1-based physical pages)."""

    bagian: list[int] = field(default_factory=list)
    butir: list[list[int]] = field(default_factory=list)
    berkas: list[list[list[int]]] = field(default_factory=list)


def _isi(bagian: list[Bagian], letak: _Letak | None) -> list[Line]:
    """The contents: per EP and item its title and first page ("999" while counting pages)."""
    lines = [Line("DAFTAR ISI", 14, True), Line("")]
    for i, b in enumerate(bagian):
        lines.append(Line(b.judul, 10, True, str(letak.bagian[i]) if letak else "999"))
        for j, bi in enumerate(b.butir):
            lines.append(Line(bi.judul, 9, False, str(letak.butir[i][j]) if letak else "999", 14))
    return lines


def _letak(first: int, own: list[range], bagian: list[Bagian], pages: dict[int, int]) -> _Letak:
    """Each EP's own pages, then its files: the page each EP, item and file starts on."""
    letak, page = _Letak(), first
    for i, b in enumerate(bagian):
        letak.bagian.append(page)
        page += len(own[i])
        starts, files = [], []
        for bi in b.butir:
            mine = []
            for f in bi.berkas:
                mine.append(page)
                page += pages[id(f)]
            files.append(mine)
            starts.append(mine[0] if mine else letak.bagian[i])
        letak.butir.append(starts)
        letak.berkas.append(files)
    return letak


def susun_pdf(sampul: list[Line], bagian: list[Bagian], *, metadata: dict[str, str] | None = None,
              judul_sampul: str = "Sampul", judul_isi: str = "Daftar isi",
              kemajuan: Callable[[int, int], None] | None = None) -> bytes:
    """The bundle's PDF bytes: cover, contents, then per EP its pages and files; bookmarked.
    `kemajuan(done, total)` hears each file placed."""
    readers = {id(f): PdfReader(io.BytesIO(f.pdf)) for b in bagian for bi in b.butir for f in bi.berkas}
    pages = {key: len(r.pages) for key, r in readers.items()}
    doc = Halaman()
    own = [doc.tulis(b.halaman) for b in bagian]
    isi_len = len(doc.tulis(_isi(bagian, None)))
    cover = doc.tulis(sampul)
    letak = _letak(len(cover) + isi_len + 1, own, bagian, pages)
    isi = doc.tulis(_isi(bagian, letak))
    if len(isi) != isi_len:  # cannot happen: the number column has a fixed width
        raise RuntimeError("Daftar isi berubah panjang setelah nomor halaman diisi.")
    ours = PdfReader(io.BytesIO(doc.to_bytes()))
    writer, placed, total = PdfWriter(), 0, len(readers)
    for n in (*cover, *isi):
        writer.add_page(ours.pages[n])
    writer.add_outline_item(title=judul_sampul, page_number=0)
    writer.add_outline_item(title=judul_isi, page_number=len(cover))
    for i, b in enumerate(bagian):
        for n in own[i]:
            writer.add_page(ours.pages[n])
        parent = writer.add_outline_item(title=b.judul, page_number=letak.bagian[i] - 1)
        for j, bi in enumerate(b.butir):
            for f in bi.berkas:
                writer.append(readers[id(f)], import_outline=False)
                placed += 1
                if kemajuan is not None:
                    kemajuan(placed, total)
            node = writer.add_outline_item(title=bi.judul, page_number=letak.butir[i][j] - 1,
                                           parent=parent)
            for f, start in zip(bi.berkas, letak.berkas[i][j], strict=True):
                writer.add_outline_item(title=f.judul, page_number=start - 1, parent=node)
    if metadata:
        writer.add_metadata(metadata)
    writer.page_mode = "/UseOutlines"
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()
