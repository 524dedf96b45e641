"""The pages we write ourselves (bundle cover, contents, EP pages; stand-in PDFs) print every name
as written, and the bundle's assembly puts pages, contents numbers and bookmarks in place.

No LibreOffice here: the files of the bundle are small PDFs made by the same writer.
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import unicodedata

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from doc_templates.bundel import Bagian, Berkas, Butir, susun_pdf
from doc_templates.halaman_teks import Line, font_files, needs_shaping, text_pdf
from tests.samples import pdf_outline

NAMES = ["Siti Nur'aini", "Ṣāliḥ", "Nguyễn Thị Hồng", "عبد الله", "Ni Luh Putu Ayu Ṣaffānah"]
BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def pdf_text(data: bytes) -> str:
    """The text poppler reads (pdftotext), or pypdf's when poppler is not installed."""
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True,
                             check=True, timeout=30).stdout.decode()
    else:
        out = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    return unicodedata.normalize("NFC", out.translate(BIDI_MARKS))




def cover() -> list[Line]:
    return [Line("BUNDEL BUKTI AKREDITASI PUSKESMAS", 18, True),
            *(Line(f"Narasumber: {name}", 11) for name in NAMES)]


def test_the_font_has_a_glyph_for_every_name():
    cmap = TTFont(font_files()[0], lazy=True).getBestCmap()
    missing = {c for name in NAMES for c in unicodedata.normalize("NFC", name) if ord(c) not in cmap}
    assert missing == set()


def test_names_print_as_written_without_missing_glyphs(caplog):
    caplog.set_level(logging.WARNING)
    data, pages = text_pdf([Line("Daftar hadir", 16, True), *(Line(n, 11) for n in NAMES)])
    assert pages == 1
    text = pdf_text(data)
    assert "?" not in text
    for name in NAMES:
        if needs_shaping(name):  # right to left: poppler may order the words either way
            assert all(word in text for word in name.split()), name
        else:
            assert name in text, name
    assert "tidak memuat karakter" not in caplog.text and "missing" not in caplog.text


def test_a_missing_glyph_would_be_noticed(caplog):
    """The check above means something: a character DejaVu Sans lacks is logged, shaped or not."""
    caplog.set_level(logging.WARNING)
    text_pdf([Line("漢字 عبد")])
    assert "tidak memuat karakter U+5B57, U+6F22" in caplog.text


def test_arabic_is_shaped_and_latin_is_not():
    assert needs_shaping("عبد الله") and needs_shaping("e\u0301x")  # a combining mark left after NFC
    assert not any(needs_shaping(n) for n in ("Siti Nur'aini", "Ṣāliḥ", "Nguyễn", "– … “kutip”"))


def test_same_lines_same_bytes():
    """A stand-in PDF made again is the same file, so a re-run files nothing anew."""
    lines = [Line("Surat", 16, True), Line("Nomor 400.7/001/TPCB/I/2026"), Line(NAMES[3])]
    assert text_pdf(lines)[0] == text_pdf(lines)[0]


def _berkas(title: str, pages: int) -> Berkas:
    lines = [Line(f"{title} halaman {n + 1}", 12, True) for n in range(pages)]
    data = text_pdf([Line(title, 12, True)])[0] if pages == 1 else _pages(lines)
    return Berkas(title, data)


def _pages(lines: list[Line]) -> bytes:
    from doc_templates.halaman_teks import Halaman

    doc = Halaman()
    for line in lines:
        doc.tulis([line])
    return doc.to_bytes()


def test_bundle_pages_contents_and_bookmarks():
    a1, a2, b1 = _berkas("sk.pdf", 1), _berkas("notulen.pdf", 2), _berkas("foto.pdf", 1)
    bagian = [Bagian("EP a) Penetapan", [Line("ELEMEN PENILAIAN a)", 14, True), Line(NAMES[3])],
                     [Butir("a-r1 (R) SK", [a1, a2]), Butir("a-d1 (D) Kosong")]),
              Bagian("EP b) Pelaksanaan", [Line("ELEMEN PENILAIAN b)", 14, True)],
                     [Butir("b-d1 (D) Foto", [b1])])]
    reader = PdfReader(io.BytesIO(susun_pdf(cover(), bagian, metadata={"/Title": "Bundel uji"})))
    # cover 1, contents 1, EP a 1 + files 3, EP b 1 + file 1
    assert len(reader.pages) == 8
    assert pdf_outline(reader) == [
        (0, "Sampul", 1), (0, "Daftar isi", 2),
        (0, "EP a) Penetapan", 3), (1, "a-r1 (R) SK", 4), (2, "sk.pdf", 4), (2, "notulen.pdf", 5),
        (1, "a-d1 (D) Kosong", 3),
        (0, "EP b) Pelaksanaan", 7), (1, "b-d1 (D) Foto", 8), (2, "foto.pdf", 8)]
    contents = pdf_text(_page(reader, 1))
    rows = {" ".join(line.split()[:-1]): line.split()[-1] for line in contents.splitlines()
            if line.strip() and line.split()[-1].isdigit()}
    assert rows == {"EP a) Penetapan": "3", "a-r1 (R) SK": "4", "a-d1 (D) Kosong": "3",
                    "EP b) Pelaksanaan": "7", "b-d1 (D) Foto": "8"}
    first = pdf_text(_page(reader, 0))
    assert all(word in first for name in NAMES for word in name.split()) and "?" not in first
    assert "notulen.pdf halaman 2" in pdf_text(_page(reader, 5))
    assert reader.metadata.title == "Bundel uji"


def test_long_contents_take_more_pages_and_numbers_stay_right():
    files = [_berkas(f"berkas_{n:02d}.pdf", 1) for n in range(60)]
    bagian = [Bagian(f"EP {c}) Bagian {c}", [Line(f"ELEMEN PENILAIAN {c})", 14, True)],
                     [Butir(f"{c}-d{n} (D) Butir dengan judul yang cukup panjang untuk dibungkus "
                            f"menjadi dua baris pada daftar isi bundel {NAMES[n % len(NAMES)]}",
                            [files[i * 6 + n]]) for n in range(6)])
              for i, c in enumerate("abcdefghij")]
    reader = PdfReader(io.BytesIO(susun_pdf(cover(), bagian)))
    marks = pdf_outline(reader)
    contents_pages = marks[2][2] - 2  # the first EP comes right after cover and contents
    assert contents_pages >= 2
    assert len(reader.pages) == 1 + contents_pages + 10 + 60
    for depth, title, page in marks:
        if depth == 2:  # every file bookmark opens that very file
            assert title in pdf_text(_page(reader, page - 1)), title


def _page(reader: PdfReader, n: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_page(reader.pages[n])
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


@pytest.mark.parametrize("text", ["a\x00b\x1bc", "tab\there"])
def test_control_characters_do_not_break_a_page(text):
    data, pages = text_pdf([Line(text)])
    assert pages == 1 and PdfReader(io.BytesIO(data)).pages[0].extract_text()
