"""Word to PDF through the real LibreOffice (slow), plus the timeout and missing-soffice paths."""

from __future__ import annotations

import io
import logging
import os
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from pypdf import PdfReader

from doc_templates import pdf
from doc_templates.pdf import PdfError, SofficeMissing, convert_batch, convert_one, page_count, set_metadata

LETTERS = {
    "Undangan Pembinaan.docx": "Undangan pembinaan terpadu Puskesmas Sukamaju, hari Senin",
    "laporan/hasil: 2026.docx": "Laporan hasil pembinaan: rencana tindak lanjut perbaikan mutu",
    "daftar-hadir.docx": "Daftar hadir rapat koordinasi Dinas Kesehatan Kabupaten",
}


@pytest.fixture(scope="module")
def soffice() -> str:
    exe = pdf.find_soffice()
    if exe is None:
        reason = "soffice (paket libreoffice-writer-nogui) tidak ditemukan; tes PDF dilewati"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true mewajibkan LibreOffice: {reason}")
        pytest.skip(reason)
    return exe


def docx(*pages: str) -> bytes:
    """A .docx with one paragraph per page, separated by page breaks."""
    doc = Document()
    for i, text in enumerate(pages):
        para = doc.add_paragraph(text)
        if i < len(pages) - 1:
            para.add_run().add_break(WD_BREAK.PAGE)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def text_of(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


@pytest.mark.slow
def test_a_batch_gives_one_pdf_per_document_with_its_text(soffice):
    pdfs = convert_batch({name: docx(text) for name, text in LETTERS.items()}, soffice=soffice)
    assert set(pdfs) == set(LETTERS)  # unsafe names are mapped back to the caller's
    for name, text in LETTERS.items():
        assert pdfs[name].startswith(b"%PDF-")
        assert page_count(pdfs[name]) >= 1
        assert text in text_of(pdfs[name])


@pytest.mark.slow
def test_a_page_break_gives_two_pages(soffice):
    out = convert_one(docx("Halaman pertama surat", "Halaman kedua: lampiran"), soffice=soffice)
    assert page_count(out) == 2


@pytest.mark.slow
def test_parallel_conversions_do_not_share_a_profile(soffice):
    with ThreadPoolExecutor(3) as pool:
        outs = list(pool.map(lambda i: convert_one(docx(f"Surat nomor {i}"), soffice=soffice), range(3)))
    assert [f"Surat nomor {i}" in text_of(o) for i, o in enumerate(outs)] == [True] * 3


@pytest.mark.slow
def test_set_metadata_is_read_back(soffice):
    out = set_metadata(convert_one(docx("Surat tugas"), soffice=soffice), title="Surat Tugas 001",
                       subject="Kriteria 1.7.1", keywords="tpcb, pembinaan", author="Dinkes")
    meta = PdfReader(io.BytesIO(out)).metadata
    assert (meta.title, meta.subject, meta["/Keywords"]) == ("Surat Tugas 001", "Kriteria 1.7.1",
                                                              "tpcb, pembinaan")
    assert (meta.author, meta.creator) == ("Dinkes", "tpcb")
    assert page_count(out) == 1


def test_garbage_is_refused_before_soffice_runs(tmp_path):
    # A bogus soffice path would raise SofficeMissing, so reaching it would fail this test:
    # use a fake that exists but must never be called.
    fake = fake_soffice(tmp_path, "exit 99")
    for bad in (b"", b"bukan dokumen word" * 10):
        with pytest.raises(PdfError, match="'rusak.docx'") as err:
            convert_batch({"baik.docx": docx("Baik"), "rusak.docx": bad}, soffice=str(fake))
        assert "'baik.docx'" not in str(err.value)


@pytest.mark.slow
def test_a_corrupt_docx_that_soffice_cannot_load_is_named(soffice):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:  # looks like a .docx, but its XML is broken
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document><w:body><w:p>")
    with pytest.raises(PdfError, match="'rusak.docx'") as err:
        convert_batch({"baik.docx": docx("Baik"), "rusak.docx": buf.getvalue()}, soffice=soffice)
    assert "'baik.docx'" not in str(err.value)


def test_a_soffice_failure_is_logged_with_its_output(tmp_path, caplog):
    # The user reads which document failed; the admin's log also gets what soffice said.
    fake = fake_soffice(tmp_path, "echo 'Error: source file could not be loaded'\nexit 0")
    caplog.set_level(logging.ERROR, logger="doc_templates")
    with pytest.raises(PdfError) as err:
        convert_one(docx("Surat"), name="surat.docx", soffice=str(fake))
    assert "source file could not be loaded" in err.value.detail
    assert "source file could not be loaded" not in str(err.value)
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name == "doc_templates.pdf")
    assert "'surat.docx'" in logged and "Error: source file could not be loaded" in logged


def test_missing_soffice_tells_how_to_install():
    with pytest.raises(SofficeMissing, match="apt-get install libreoffice-writer-nogui") as err:
        convert_one(docx("Surat"), soffice="/nonexistent/soffice")
    assert "Dokumen .docx tetap dibuat" in str(err.value)


def test_find_soffice_honours_the_override(tmp_path, monkeypatch):
    fake = fake_soffice(tmp_path, "exit 0")
    monkeypatch.setenv("TPCB_SOFFICE", str(fake))
    assert pdf.find_soffice() == str(fake)
    monkeypatch.setenv("TPCB_SOFFICE", "/nonexistent/soffice")
    assert pdf.find_soffice() is None


def test_a_hung_soffice_is_killed_with_its_children(tmp_path, monkeypatch, caplog):
    # Ignores SIGTERM (so SIGKILL is needed) and leaves a grandchild, as oosplash -> soffice.bin.
    pidfile = tmp_path / "child.pid"
    fake = fake_soffice(tmp_path, f"trap '' TERM\nsleep 300 &\necho $! > {pidfile}\nwait")
    monkeypatch.setattr(pdf, "KILL_GRACE", 0.5)
    # The timeout is the thing under test: the fake never finishes, so only the limit ends it.
    with pytest.raises(PdfError, match="melebihi batas waktu"):
        convert_one(docx("Surat"), soffice=str(fake), timeout=1)
    assert "LibreOffice melebihi batas waktu 1 detik" in caplog.text
    assert not alive(int(pidfile.read_text()))  # the whole group is gone, grandchild included


def fake_soffice(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "soffice"
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
    return path


def alive(pid: int) -> bool:
    """True if the process exists and is not a zombie waiting for a reaper."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return re.search(r"\) (\S)", stat).group(1) != "Z"
