"""Full-text search on SQLite FTS5 and PostgreSQL: the same scenarios on both.

Filing puts the text in the index after the commit (the unit of work's hook); only the current
revision is found; the scope is the matrix's; hostile queries are only text; the rebuild
indexes what the hook missed; the letter register gets the letters whose text matches.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from evidence import master_save
from evidence.akses import Actor
from evidence.catalogue import load_catalogue
from evidence.records import DINKES, Surat
from evidence.registry import FileRequest, file_artefact
from storage.db.migrate import upgrade
from tests.samples import office, puskesmas
from tpcb.services import cari
from tpcb.settings import Settings
from tpcb.wiring import App

CAT = load_catalogue()
SEKRETARIAT = Actor("sekre", "sekretariat")
PJ_A = Actor("pj.a", "pj_mutu", ("PKM-A",))
SURVEIOR_B = Actor("surv.b", "surveyor", ("PKM-B",))


def docx(*paragraphs: str, table: list[list[str]] | None = None) -> bytes:
    doc = Document()
    for p in paragraphs:
        doc.add_paragraph(p)
    if table:
        t = doc.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


@pytest.fixture
def app(db_url, tmp_path):
    app = App(Settings(home=tmp_path / "home", database_url=db_url))
    upgrade(app.engine)
    with app.uow() as uow:
        master_save.save_office(uow.repo, office())
        master_save.save_puskesmas(uow.repo, [puskesmas("PKM-A"), puskesmas("PKM-B")])
    yield app
    app.engine.dispose()


def file(app, data: bytes, name: str, *, pemilik: str = "PKM-A", item: str = "e-r1",
         replace: bool = False):
    req = FileRequest(data=data, filename=name, item_id=item, pemilik=pemilik, tahun=2026,
                      tanggal=date(2026, 3, 2), sumber=f"{item}:{pemilik}", replace=replace)
    with app.uow() as uow:
        return file_artefact(uow, app.store, CAT, req, max_bytes=10 * 1024 * 1024).artefact


def kunci(app, who: Actor, q: str) -> list[str]:
    with app.repo() as repo:
        return [h.temuan.kunci for h in cari.cari(repo, who, q).hasil]


def test_filing_indexes_and_the_snippet_marks_the_match(app):
    art = file(app, docx("Rencana Usulan Kegiatan tahun 2026.",
                         table=[["Program", "Sasaran"], ["Imunisasi campak", "balita desa Sukamaju"]]),
               "ruk.docx")
    with app.repo() as repo:
        found = cari.cari(repo, SEKRETARIAT, "campak").hasil
    assert [h.temuan.kunci for h in found] == [art.kunci]
    hit = found[0]
    assert (hit.temuan.ep, hit.temuan.item_id, hit.puskesmas) == ("e", "e-r1", "Puskesmas PKM-A")
    marked = [p.teks for p in hit.temuan.cuplikan if p.cocok]
    assert [m.lower() for m in marked] == ["campak"]
    assert "Imunisasi" in "".join(p.teks for p in hit.temuan.cuplikan)
    assert kunci(app, SEKRETARIAT, "sukama") == [art.kunci]  # a word's beginning finds it
    assert kunci(app, SEKRETARIAT, "kegiatan campak") == [art.kunci]  # every word must match
    assert kunci(app, SEKRETARIAT, "kegiatan malaria") == []


def test_phrase_matches_words_in_order(app):
    art = file(app, docx("Pembinaan terpadu oleh tim pembina cluster binaan."), "notulen.docx")
    assert kunci(app, SEKRETARIAT, '"tim pembina"') == [art.kunci]
    assert kunci(app, SEKRETARIAT, '"pembina tim"') == []


def test_only_the_current_revision_is_found(app):
    first = file(app, docx("Jadwal lama: kunjungan bulan Maret."), "ruk.docx")
    second = file(app, docx("Jadwal baru: kunjungan bulan Juli."), "ruk-rev.docx", replace=True)
    assert second.id == first.id and second.revisi == 2
    assert kunci(app, SEKRETARIAT, "maret") == []
    assert kunci(app, SEKRETARIAT, "juli") == [second.kunci]
    with app.repo() as repo:
        assert repo.teks_terindeks(second.id) == second.sha256


def test_scope_is_the_matrix_scope(app):
    a = file(app, docx("Laporan gizi buruk PKM A."), "a.docx", pemilik="PKM-A")
    b = file(app, docx("Laporan gizi buruk PKM B."), "b.docx", pemilik="PKM-B")
    dinkes = file(app, docx("SK TPCB tentang gizi buruk kabupaten."), "sk.docx", pemilik=DINKES,
                  item="b-r1")
    assert sorted(kunci(app, SEKRETARIAT, "gizi")) == sorted([a.kunci, b.kunci, dinkes.kunci])
    assert sorted(kunci(app, PJ_A, "gizi")) == sorted([a.kunci, dinkes.kunci])
    assert sorted(kunci(app, SURVEIOR_B, "gizi")) == sorted([b.kunci, dinkes.kunci])


def test_letters_found_by_their_text_within_scope(app):
    a = file(app, docx("Dengan hormat, mohon Puskesmas menyiapkan dokumen verifikasi PKP."),
             "umpan-balik-a.docx", item="g-d2")
    b = file(app, docx("Dengan hormat, mohon Puskesmas menyiapkan dokumen verifikasi PKP."),
             "umpan-balik-b.docx", pemilik="PKM-B", item="g-d2")
    with app.uow() as uow:
        for kode, art, nomor in (("PKM-A", a, "440/001/TPCB/2026"), ("PKM-B", b, None)):
            uow.repo.add(Surat(nomor=nomor, tahun=2026, jenis="umpan_balik", tanggal=date(2026, 3, 2),
                               templat="surat_umpan_balik_pkp", sumber=f"pkp:{kode}",
                               perihal=f"Umpan balik PKP {kode}", tujuan=kode, penandatangan="kadin",
                               pemilik=kode, item_id="g-d2", artefak_draf=art.kunci))
    with app.repo() as repo:
        semua = cari.surat_cocok(repo, SEKRETARIAT, "verifikasi pkp")
        milik_a = cari.surat_cocok(repo, PJ_A, "verifikasi")
        found = cari.cari(repo, PJ_A, "menyiapkan").hasil
        none = cari.surat_cocok(repo, SEKRETARIAT, "malaria")
    assert semua.nomor == {"440/001/TPCB/2026"} and len(semua.id) == 2
    assert semua.kunci == {a.kunci, b.kunci}
    assert milik_a.nomor == {"440/001/TPCB/2026"} and milik_a.kunci == {a.kunci}
    assert [(h.surat.nomor, h.surat.perihal) for h in found if h.surat] == [
        ("440/001/TPCB/2026", "Umpan balik PKP PKM-A")]
    assert none.id == set() and none.kunci == set()


HOSTILE = ['"', '""', '"tim', "AND", "OR", "NOT", "NEAR(a b)", "a AND", "AND OR NOT", "*", "tim*",
           "-tim", "tim -", "kata:tim", "teks:", "^tim", "(", ")", "(tim", "tim)", "{teks}: a",
           "a & b | !c", "a <-> b", "'", "''", "a'b", "\\", "\\'", ":*", "tim:*", "%", "_",
           "a;DROP TABLE artefak;--", "\x00", "tim\x00", "😀 tim", "é", "İ", "ß", " ", "",
           "a" * 500, " ".join(["tim"] * 40), "tim NEAR/2 pembina", "+tim", "tim~", "@@", "!!",
           "teks_artefak", "rowid:1"]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_are_only_text(app, q):
    art = file(app, docx("Tim pembina AND NOT kata biasa."), "tim.docx")
    found = kunci(app, SEKRETARIAT, q)
    assert found in ([], [art.kunci])
    with app.repo() as repo:
        assert cari.surat_cocok(repo, SEKRETARIAT, q).id == set()


def test_html_in_a_document_stays_text(app):
    file(app, docx("<script>alert(1)</script> pembinaan <b>tebal</b>"), "x.docx")
    with app.repo() as repo:
        [hit] = cari.cari(repo, SEKRETARIAT, "pembinaan").hasil
    assert [p.teks.lower() for p in hit.temuan.cuplikan if p.cocok] == ["pembinaan"]
    # SQLite hands the text back as it is (the page escapes it); PostgreSQL's headline drops
    # what its parser reads as tags. Either way no marker of ours is left in the text.
    joined = "".join(p.teks for p in hit.temuan.cuplikan)
    assert "\x02" not in joined and "\x03" not in joined and "tebal" in joined


def test_rebuild_indexes_what_the_hook_missed(app):
    art = file(app, docx("Berita acara verifikasi kinerja."), "ba.docx")
    with app.uow() as uow:
        uow.repo.hapus_teks(art.id)
    assert kunci(app, SEKRETARIAT, "berita") == []
    with app.repo() as repo:
        assert [r.artefak_id for r in repo.belum_terindeks()] == [art.id]
    seen = []
    done = cari.indeks_ulang(app, kemajuan=lambda i, n: seen.append((i, n)))
    assert (done.diindeks, done.gagal, seen) == (1, [], [(1, 1)])
    assert kunci(app, SEKRETARIAT, "berita") == [art.kunci]
    assert cari.indeks_ulang(app).diindeks == 0  # nothing left
    assert cari.indeks_ulang(app, semua=True).diindeks == 1


def test_stale_text_is_never_found(app):
    """A row whose sha256 is not the artefact's current one (a revision not indexed yet)."""
    art = file(app, docx("Teks revisi pertama."), "r.docx")
    with app.uow() as uow:
        uow.repo.simpan_teks(artefak_id=art.id, revisi=1, sha256="0" * 64, teks="kata usang")
    assert kunci(app, SEKRETARIAT, "usang") == []


def test_an_unreadable_file_is_filed_without_text(app):
    # a valid PDF with no text layer (a scan): filed, nothing to find, no error
    from tests.samples import pdf_bytes

    art = file(app, pdf_bytes(2), "scan.pdf")
    with app.repo() as repo:
        assert repo.teks_terindeks(art.id) == art.sha256
        assert repo.belum_terindeks() == []
    assert kunci(app, SEKRETARIAT, "scan") == []


def test_a_refused_filing_indexes_nothing(app):
    from evidence.errors import Conflict

    file(app, docx("Isi pertama."), "ruk.docx")
    with pytest.raises(Conflict):  # same item and source, other content, no --ganti
        file(app, docx("Isi kedua yang ditolak."), "ruk.docx")
    assert kunci(app, SEKRETARIAT, "ditolak") == []
    assert len(kunci(app, SEKRETARIAT, "pertama")) == 1


def test_a_failing_extraction_never_breaks_filing(app, monkeypatch):
    def rusak(data, name):
        raise RuntimeError("ekstraksi rusak")

    monkeypatch.setattr(cari, "ekstrak_teks", rusak)
    art = file(app, docx("Tetap tersimpan."), "ruk.docx")
    with app.repo() as repo:
        assert repo.artefact_by_key(art.kunci) is not None
        assert [r.artefak_id for r in repo.belum_terindeks()] == [art.id]  # the rebuild will do it


def test_spreadsheet_and_pdf_text_are_found(app):
    from fpdf import FPDF
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Indikator", "Capaian"])
    wb.active.append(["Cakupan posyandu aktif", 87.5])
    buf = io.BytesIO()
    wb.save(buf)
    xlsx = file(app, buf.getvalue(), "pkp.xlsx", item="g-d1")
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 10, "Berita acara verifikasi: cakupan posyandu diperiksa bersama.")
    berita = file(app, bytes(pdf.output()), "ba.pdf", item="g-d2")
    assert sorted(kunci(app, SEKRETARIAT, "posyandu")) == sorted([xlsx.kunci, berita.kunci])
    assert kunci(app, SEKRETARIAT, "87") == [xlsx.kunci]
    assert kunci(app, SEKRETARIAT, '"diperiksa bersama"') == [berita.kunci]
