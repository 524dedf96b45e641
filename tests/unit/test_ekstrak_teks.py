"""Text extraction for the search index, on real small files made here, and the query parser."""

from __future__ import annotations

import io

import pytest
from docx import Document
from fpdf import FPDF
from openpyxl import Workbook

from doc_templates.ekstrak_teks import ekstrak_teks
from evidence.cari import Bagian, parse_kueri, potong_cuplikan
from tests.samples import zip_bomb_docx


def _docx() -> bytes:
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "KOP DINAS KESEHATAN"
    doc.add_paragraph("Nota dinas laporan hasil pembinaan.")
    t = doc.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "Temuan", "Rekomendasi"
    t.cell(1, 0).text, t.cell(1, 1).text = "Cakupan imunisasi rendah", "Sweeping balita"
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _xlsx() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "PKP"
    ws.append(["Indikator", "Target", "Capaian"])
    ws.append(["Kunjungan ibu hamil K4", 95, 87.5])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _pdf(pages: list[str]) -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 10, text)
    return bytes(pdf.output())


def test_docx_paragraphs_tables_and_header():
    text = ekstrak_teks(_docx(), "nota.docx")
    for part in ("KOP DINAS KESEHATAN", "Nota dinas laporan hasil pembinaan.",
                 "Cakupan imunisasi rendah | Sweeping balita"):
        assert part in text


def test_xlsx_cell_values_and_sheet_name():
    text = ekstrak_teks(_xlsx(), "pkp.xlsx")
    assert "PKP" in text and "Kunjungan ibu hamil K4 | 95 | 87.5" in text


def test_pdf_every_page():
    data = _pdf(["Halaman satu: surat tugas pendampingan.", "Halaman dua: daftar hadir."])
    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(data)).pages) == 2
    text = ekstrak_teks(data, "surat.PDF")
    assert "surat tugas pendampingan" in text and "daftar hadir" in text


def test_csv_and_txt():
    assert ekstrak_teks(b"nama;nilai\nPuskesmas Sukajaya;90\n", "a.csv").startswith("nama;nilai")
    assert ekstrak_teks("catatan rapat lokmin".encode("cp1252"), "b.txt") == "catatan rapat lokmin"
    assert ekstrak_teks(b"\xff\xfe\x00zz", "c.txt") != ""  # some text, no error


def test_bounded_length():
    text = ekstrak_teks(("kata " * 100_000).encode(), "besar.txt", batas=1000)
    assert len(text) == 1000


@pytest.mark.parametrize("data,name", [
    (b"", "kosong.pdf"), (b"%PDF-1.7 rusak total", "rusak.pdf"), (b"PK\x03\x04rusak", "rusak.docx"),
    (b"bukan zip", "rusak.xlsx"), (zip_bomb_docx(), "bom.docx"), (_docx()[:300], "terpotong.docx"),
    (b"\x89PNG\r\n\x1a\n", "foto.png"), (b"apa saja", "tanpa-ekstensi"), (_xlsx(), "salah-nama.pdf"),
])
def test_broken_files_yield_no_text_and_no_error(data, name):
    assert ekstrak_teks(data, name) == ""


def test_truncated_pdf_keeps_what_it_can():
    data = _pdf(["Halaman satu terbaca."])
    assert isinstance(ekstrak_teks(data[: len(data) // 2], "potong.pdf"), str)


@pytest.mark.parametrize("text,parts", [
    ("pembinaan terpadu", [Bagian(("pembinaan",), True), Bagian(("terpadu",), True)]),
    ('"tim pembina" cluster', [Bagian(("tim", "pembina"), False), Bagian(("cluster",), True)]),
    ('"satu"', [Bagian(("satu",), True)]),
    ("AND OR -NOT*", [Bagian(("and",), True), Bagian(("or",), True), Bagian(("not",), True)]),
    ("800/012/TPCB/2026", [Bagian((w,), True) for w in ("800", "012", "tpcb", "2026")]),
    ('"buka tanpa tutup', [Bagian(("buka", "tanpa", "tutup"), False)]),
    ("snake_case", [Bagian(("snake",), True), Bagian(("case",), True)]),
    ("ａｂｃ", [Bagian(("abc",), True)]), ("", []), ("*:()'\"", []), ("kata kata", [Bagian(("kata",), True)]),
])
def test_query_parsing(text, parts):
    assert list(parse_kueri(text).bagian) == parts


def test_query_is_bounded():
    assert len(parse_kueri(" ".join(f"k{i}" for i in range(100))).bagian) == 12
    assert parse_kueri("x" * 100).bagian[0].kata[0] == "x" * 40


def test_snippet_pieces():
    pieces = potong_cuplikan("awal \x02cocok\x03 tengah \x02dua\x03")
    assert [(p.teks, p.cocok) for p in pieces] == [("awal ", False), ("cocok", True),
                                                    (" tengah ", False), ("dua", True)]
