"""Every template converts to a PDF with pages; titled documents keep their official layout."""

import os

import pytest
from pypdf import PdfReader

from doc_templates import catalogue, render
from doc_templates.pdf import convert_batch, find_soffice, page_count
from doc_templates.samples import sample_context, sample_images

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pdfs():
    if find_soffice() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true mewajibkan LibreOffice (soffice)")
        pytest.skip("soffice tidak terpasang: apt-get install libreoffice-writer-nogui")
    docs = {f"{name}.docx": render(name, sample_context(name), images=sample_images()).data
            for name in catalogue()}
    return convert_batch(docs)  # one soffice process for all of them


def test_every_template_becomes_a_pdf_with_pages(pdfs):
    assert set(pdfs) == {f"{name}.docx" for name in catalogue()}
    for name, pdf in pdfs.items():
        assert page_count(pdf) >= 1, name
    import io

    assert page_count(pdfs["sk_tpcb.docx"]) >= 3  # decree, then its lampiran in landscape
    lampiran = PdfReader(io.BytesIO(pdfs["sk_tpcb.docx"])).pages[-1]
    assert lampiran.mediabox.width > lampiran.mediabox.height


def heights(pdf: bytes) -> list[tuple[str, float]]:
    import io

    rows: list[tuple[str, float]] = []
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    page.extract_text(visitor_text=lambda t, cm, tm, f, s: rows.append((t, tm[5] * cm[3] + cm[5]))
                      if t.strip() else None)
    return rows


@pytest.mark.parametrize("name,order", [
    ("surat_tugas_pembinaan", ["DINAS KESEHATAN", "SURAT TUGAS", "NOMOR", "Dasar", "MENUGASKAN",
                               "Untuk", "KEPALA DINAS KESEHATAN", "NIP. 19710214 199903 1 005"]),
    ("sk_tpcb", ["DINAS KESEHATAN", "KEPUTUSAN KEPALA DINAS KESEHATAN", "NOMOR", "TENTANG",
                 "Menimbang", "Mengingat"]),
    ("nota_dinas_laporan", ["DINAS KESEHATAN", "NOTA DINAS", "Yth.", "Dari", "Hal"]),
])
def test_titled_layouts_read_top_to_bottom(pdfs, name, order):
    rows = heights(pdfs[f"{name}.docx"])
    found = [next((y for t, y in rows if marker in t), None) for marker in order]
    assert None not in found, dict(zip(order, found, strict=False))
    assert found == sorted(found, reverse=True), dict(zip(order, found, strict=False))
