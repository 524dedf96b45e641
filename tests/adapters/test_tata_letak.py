"""Page layout rules, checked on the PDF LibreOffice makes of every template at its largest
realistic size (doc_templates/samples_besar.py):

- the page count stays within its limit; the one-page letters stay on one page with six people;
- the signer, their NIP, the tembusan and the closing line share a page with the last lines of
  the body, so a signature never stands alone;
- a table continued on a new page repeats its header and starts with a whole row;
- no word is broken inside a narrow column ("Sekretari s", "Pemberdaya an").
"""

from __future__ import annotations

import io
import os
import re
import zipfile

import pytest
from pypdf import PdfReader

from doc_templates import catalogue, render
from doc_templates.filters import nip
from doc_templates.pdf import convert_batch, find_soffice, page_count
from doc_templates.samples import sample_images
from doc_templates.samples_besar import PAGES, largest_context

pytestmark = pytest.mark.slow

WORD = re.compile(r"[A-Za-z]{3,}")
# The last lines of the body before each signature, and who signs there.
ENDINGS = {
    "sk_tpcb": [("KELIMA", "penandatangan", True), ("Eko Budi Prasetyo", "penandatangan", False)],
    "jadwal_pembinaan": [("Tanjungmedar", "penandatangan", False)],
    "surat_tugas_pembinaan": [("Melaporkan hasil pelaksanaan tugas", "penandatangan", True)],
    "surat_tugas_pendampingan": [("Melaporkan hasil pelaksanaan tugas", "penandatangan", True)],
    "analisis_sa": [("E. Rekomendasi TPCB", "penandatangan", False)],
    "laporan_hasil_pembinaan": [("H. Lampiran", "penandatangan", False)],
    "nota_dinas_laporan": [("Temuan pokok pembinaan terpadu 6", "penandatangan", False)],
    "surat_umpan_balik_pembinaan": [("paling lambat", "penandatangan", True)],
    "notulen_pendampingan": [("C. Kesimpulan", "notulis", False),
                             ("C. Kesimpulan", "penandatangan", False)],
    "daftar_hadir": [("Hendra Gunawan", "penandatangan", False)],
    "surat_tindak_lanjut_lokmin": [("Saudara diminta memantau", "penandatangan", True)],
    "berita_acara_verifikasi": [("yang hadir", "penandatangan_puskesmas", False)],
    "surat_umpan_balik_pkp": [("paling lambat", "penandatangan", True)],
    "panduan_wawancara": [],
}
CLOSING = {"nota_dinas_laporan", "surat_umpan_balik_pembinaan", "surat_tindak_lanjut_lokmin",
           "surat_umpan_balik_pkp"}


@pytest.fixture(scope="module")
def besar():
    """name -> (rendered .docx, PDF), one soffice batch for all of them."""
    if find_soffice() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true mewajibkan LibreOffice (soffice)")
        pytest.skip("soffice tidak terpasang: apt-get install libreoffice-writer-nogui")
    docs = {name: render(name, largest_context(name), images=sample_images()).data
            for name in catalogue()}
    pdfs = convert_batch(docs)
    return {name: (docs[name], pdfs[name]) for name in docs}


def pages(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def test_every_template_has_a_largest_sample_and_a_page_limit():
    assert set(ENDINGS) == set(PAGES) == set(catalogue())


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_count_within_limit(besar, name):
    count = page_count(besar[name][1])
    assert count <= PAGES[name], f"{name}: {count} halaman, paling banyak {PAGES[name]}"


def test_one_page_letters_hold_six_people_on_one_page(besar):
    for name in ("surat_tugas_pembinaan", "surat_tugas_pendampingan"):
        assert len(largest_context(name)["petugas"]) == 6
    for name in ("surat_tugas_pembinaan", "surat_tugas_pendampingan", "nota_dinas_laporan",
                 "surat_umpan_balik_pembinaan", "surat_tindak_lanjut_lokmin",
                 "surat_umpan_balik_pkp"):
        assert page_count(besar[name][1]) == 1, name


@pytest.mark.parametrize("name", sorted(ENDINGS))
def test_signature_tembusan_and_closing_stay_with_the_body(besar, name):
    ctx = largest_context(name)
    texts = pages(besar[name][1])
    for last_body, who, with_copies in ENDINGS[name]:
        signer = ctx[who]
        together = [last_body, signer["nama"], f"NIP. {nip(signer['nip'])}"]
        if with_copies and ctx.get("tembusan"):
            together += ["Tembusan:", ctx["tembusan"][-1]]
        if name in CLOSING:
            together.append("Demikian")
        held = [i for i, text in enumerate(texts) if all(m in text for m in together)]
        assert held, f"{name}: tidak ada halaman yang memuat bersama {together}"


def fragments(page) -> list[tuple[str, float, float]]:
    """(text, x, y) of every piece of text on a PDF page."""
    out: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            out.append((text.strip(), tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    return out


def first_lines(page, count: int) -> list[list[tuple[str, float]]]:
    """The top `count` lines of a page, each a left-to-right list of (text, x)."""
    by_y: dict[float, list[tuple[str, float]]] = {}
    for text, x, y in fragments(page):
        by_y.setdefault(round(y), []).append((text, x))
    return [sorted(by_y[y], key=lambda f: f[1]) for y in sorted(by_y, reverse=True)[:count]]


HEADS = {"No", "Nama", "Nama / NIP", "Jabatan", "Peran", "Bidang", "Puskesmas Binaan",
         "Uraian Tugas", "Puskesmas", "Kecamatan", "Tanggal Kunjungan per Bulan", "Tim Pembina",
         "Jabatan / Unit", "Tanda Tangan", "Kriteria / EP", "Skor", "Fakta dan Analisis",
         "Rekomendasi Puskesmas", "Area", "Temuan", "Rekomendasi", "NIP", "Pangkat/", "Gol.",
         "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_tables_continue_with_header_and_whole_rows(besar, name):
    reader = PdfReader(io.BytesIO(besar[name][1]))
    for number, page in enumerate(reader.pages[1:], start=2):
        top = first_lines(page, 3)
        if not top:
            continue
        lead = top[0][0][0]
        assert not lead.isdigit(), f"{name} hlm. {number}: baris tabel tanpa judul kolom: {top[0]}"
        if lead != "No":
            continue  # the page does not continue a table
        body = next(line for line in top if not all(t in HEADS for t, _ in line))
        assert body[0][0].isdigit(), f"{name} hlm. {number}: baris terpotong di atas: {body}"


def docx_words(docx: bytes) -> set[str]:
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    xml = re.sub(r"<w:(br|tab|cr)/>", "<w:t> </w:t>", xml)
    words: set[str] = set()
    for p in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S):
        words |= set(WORD.findall("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p))))
    return words


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_word_is_broken_inside_a_column(besar, name):
    docx, pdf = besar[name]
    whole = docx_words(docx)
    broken = {w for text in pages(pdf) for w in WORD.findall(text) if w not in whole}
    assert not broken, f"{name}: kata terpotong di PDF: {sorted(broken)}"
