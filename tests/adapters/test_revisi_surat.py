"""A clerk's corrected draft: a real numbered letter rendered from the template, edited with
python-docx as Word would save it, uploaded back as the next revision, on both databases."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn

from doc_templates import render
from doc_templates.baca_docx import baca_docx
from doc_templates.samples import sample_context
from evidence import master_save
from evidence.catalogue import load_catalogue
from evidence.errors import InputError
from evidence.letters import LetterRequest, beri_nomor, get_letter, issue_letter, sign_letter
from evidence.revisi_surat import OLE, unggah_revisi
from tests.fakes import FakeStore
from tests.samples import office, pdf_bytes, puskesmas

MB = 1024 * 1024
CAT = load_catalogue()
NOMOR = "800.1.11.1/001/TPCB/III/2026"
KETUA = "dr. Hendrawan Satyaputra, M.Kes."


def _context() -> dict:
    ctx = sample_context("surat_tugas_pembinaan")
    ctx.pop("nomor")  # taken at signing
    return ctx


@pytest.fixture
def letter(uow):
    """A surat tugas for three people, numbered: the draft a clerk downloads."""
    repo = uow.repo
    o = office()
    o.penomoran = {"pola": "{kode}/{urut:03d}/{unit}/{bulan_romawi}/{tahun}", "unit": "TPCB",
                   "kode": {"surat_tugas": "800.1.11.1"}}
    master_save.save_office(repo, o)
    master_save.save_puskesmas(repo, [puskesmas("PKM-A")])
    store = FakeStore()
    req = LetterRequest(templat="surat_tugas_pembinaan", jenis="surat_tugas",
                        sumber="kunjungan:PKM-A:2026-03-12", item_id="c-d3", pemilik="PKM-A",
                        tanggal=date(2026, 3, 12), perihal="Pembinaan terpadu", tujuan="Tim TPCB",
                        penandatangan="Kepala Dinas", context=_context())
    surat, _ = issue_letter(uow, store, CAT, render, req, max_bytes=MB)
    surat = beri_nomor(uow, store, CAT, render, f"draf-{surat.id}", tanggal=date(2026, 3, 10),
                       today=date(2026, 12, 1), max_bytes=MB)
    assert surat.nomor == NOMOR
    return uow, store, surat


def edit(data: bytes, old: str, new: str) -> bytes:
    """Replace text the way a clerk types over it: in every text run that holds it."""
    doc = Document(io.BytesIO(data))
    hits = 0
    for t in doc.element.body.iter(qn("w:t")):
        if t.text and old in t.text:
            t.text, hits = t.text.replace(old, new), hits + 1
    assert hits, f"'{old}' tidak ada di draf"
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def with_part(data: bytes, name: str, content: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as out:
        for item in src.infolist():
            out.writestr(item, src.read(item.filename))
        out.writestr(name, content)
    return buf.getvalue()


def upload(uow, store, data, filename="perbaikan.docx", ref=NOMOR):
    return unggah_revisi(uow, store, CAT, baca_docx, ref, data, filename, max_bytes=MB)


def state(repo, store, surat):
    art = repo.artefact_by_key(surat.artefak_draf)
    return surat.artefak_draf, art.revisi, art.sha256, dict(store.objects)


def test_a_corrected_draft_becomes_the_next_revision(letter):
    uow, store, surat = letter
    repo = uow.repo
    draft = store.get(surat.artefak_draf)
    assert NOMOR in baca_docx(draft).teks and KETUA in baca_docx(draft).teks
    numbered = repo.artefact_by_key(surat.artefak_draf).revisi  # 2: unnumbered, then numbered
    fixed = edit(draft, "Sukajaya", "Sukajaya Baru")
    surat2, filed = upload(uow, store, fixed)
    assert filed.changed and filed.artefact.revisi == numbered + 1 and filed.artefact.status == "draft"
    assert surat2.nomor == NOMOR and surat2.status == "draft" and surat2.tanggal == date(2026, 3, 10)
    assert store.get(surat2.artefak_draf) == fixed
    assert "Sukajaya Baru" in baca_docx(store.get(get_letter(repo, NOMOR).artefak_draf)).teks
    assert len([a for a in repo.artefacts(tahun=2026) if a.item_id == "c-d3"]) == 1  # no twin
    again, same = upload(uow, store, fixed, "lagi.docx")
    assert not same.changed and same.artefact.revisi == numbered + 1
    sign_letter(uow, store, CAT, NOMOR, pdf_bytes(1), tanggal=date(2026, 3, 11), max_bytes=MB)
    assert get_letter(repo, NOMOR).status == "final"


def _macro(draft):
    return with_part(draft, "word/vbaProject.bin", b"VBA")


@pytest.mark.parametrize("make,filename,message", [
    (lambda d: edit(d, NOMOR, "800.1.11.1/099/TPCB/III/2026"), "x.docx", "tidak boleh diubah"),
    (lambda d: edit(d, NOMOR, "……"), "x.docx", f"Nomor surat {NOMOR} tidak ditemukan"),
    (lambda d: edit(d, KETUA, "dr. Orang Lain"), "x.docx", "Tujuan surat berubah"),
    (_macro, "x.docx", "makro"),
    (lambda d: with_part(d, "word/activeX/activeX1.xml", b"<ax/>"), "x.docx", "ActiveX"),
    (lambda d: d, "x.docm", "bukan .docx"),
    (lambda d: OLE + b"\0" * 600, "x.docx", "dikunci kata sandi"),
    (lambda d: pdf_bytes(1), "x.docx", "bukan dokumen Word"),
    (lambda d: d, "x.pdf", "bukan .docx"),
    (lambda d: b"", "x.docx", ""),
    (lambda d: b"PK\x03\x04 rusak", "x.docx", ""),
    (lambda d: with_part(d, "word/document2.xml", b"").replace(b"word/document.xml",
                                                              b"word/dokumen__.xml"),
     "x.docx", ""),
], ids=["nomor-lain", "nomor-dihapus", "petugas-diganti", "vba", "activex", "docm", "ole",
        "pdf", "ekstensi-pdf", "kosong", "zip-rusak", "tanpa-isi"])
def test_a_refused_revision_changes_nothing(letter, make, filename, message):
    uow, store, surat = letter
    repo = uow.repo
    before = state(repo, store, surat)
    with pytest.raises(InputError) as err:
        upload(uow, store, make(store.get(surat.artefak_draf)), filename)
    assert message in str(err.value)
    assert state(repo, store, get_letter(repo, NOMOR)) == before


def test_only_a_numbered_unsigned_draft_is_revised(letter):
    uow, store, surat = letter
    repo = uow.repo
    draft = store.get(surat.artefak_draf)
    sign_letter(uow, store, CAT, NOMOR, pdf_bytes(1), tanggal=date(2026, 3, 11), max_bytes=MB)
    with pytest.raises(InputError, match="sudah ditandatangani"):
        upload(uow, store, draft)
    o = get_letter(repo, NOMOR)
    o.nomor, o.status, o.bernomor_dirender = None, "draft", False
    with uow.step():
        repo.add(o)
    with pytest.raises(InputError, match="belum bernomor"):
        upload(uow, store, draft, ref=f"draf-{o.id}")
