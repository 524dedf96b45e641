"""PDF renditions through the real LibreOffice and a real database (SQLite and PostgreSQL): made
once, idempotent, invalidated by a new revision, used by the bundle (no soffice run), and known
to reconcile and verify."""

from __future__ import annotations

import io
from datetime import date
from importlib import resources

import pytest
from docx import Document
from pypdf import PdfReader

from doc_templates import pdf as pdf_mod
from doc_templates.rendisi import konversi
from evidence import master_save, rendisi
from evidence.records import FINAL
from evidence.registry import FileRequest, file_artefact, reconcile, verify
from storage.objects.local import LocalObjectStore
from tests.markers import need_soffice
from tests.samples import office, pdf_bytes, pdf_outline, puskesmas
from tpcb.services import bundle
from tpcb.services import rendisi as svc
from tpcb.settings import Settings
from tpcb.wiring import App

pytestmark = pytest.mark.slow  # LibreOffice converts the documents
MB = 1024 * 1024
KODE = "PKM-A"


@pytest.fixture(scope="module", autouse=True)
def soffice():
    return need_soffice("tes rendisi")


def docx(*pages: str) -> bytes:
    doc = Document()
    for n, text in enumerate(pages):
        if n:
            doc.add_page_break()
        doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Kegiatan", "Target", "Realisasi"])
    ws.append(["Posyandu", 12, 11])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


class Counting:
    """The converter port, counting LibreOffice runs and the files it was given."""

    def __init__(self) -> None:
        self.runs, self.files = 0, 0

    def __call__(self, sumber):
        self.runs += 1
        self.files += len(sumber)
        return konversi(sumber)

    def batch(self, docs: dict[str, bytes]) -> dict[str, bytes]:  # the bundle's converter
        self.runs += 1
        self.files += len(docs)
        return pdf_mod.convert_batch(docs)


class CountingStore(LocalObjectStore):
    def __init__(self, root) -> None:
        super().__init__(root)
        self.puts: list[str] = []

    def put(self, key, data, **kw):
        self.puts.append(key)
        return super().put(key, data, **kw)


@pytest.fixture
def app(db_url, tmp_path):
    a = App(Settings(home=tmp_path / "home", database_url=db_url))
    from storage.db.migrate import upgrade

    upgrade(a.engine)
    a.__dict__["store"] = CountingStore(tmp_path / "objects")  # cached_property: set it once
    with a.uow() as uow, uow.step():
        master_save.save_office(uow.repo, office())
        master_save.save_puskesmas(uow.repo, [puskesmas(KODE)])
    yield a
    a.engine.dispose()


FILES = {  # item -> (file name, bytes)
    "c-d1": ("analisis.docx", docx("Analisis SA Puskesmas")),
    "e-r1": ("ruk.xlsx", xlsx()),
    "e-r2": ("foto.png", resources.files("doc_templates").joinpath("assets", "foto_contoh.png")
             .read_bytes()),
    "h-d1": ("capaian.csv", b"indikator;nilai\nimunisasi;90\n"),
    "h-d2": ("laporan.pdf", pdf_bytes(2)),
}


def file(app: App, item: str, name: str, data: bytes, *, status=FINAL, replace=False):
    with app.uow() as uow:
        return file_artefact(uow, app.store, app.catalogue, FileRequest(
            data=data, filename=name, item_id=item, pemilik=KODE, tahun=2026,
            tanggal=date(2026, 3, 2), status=status, replace=replace, sumber=item),
            max_bytes=10 * MB).artefact


def filed(app: App) -> dict[str, object]:
    out = {item: file(app, item, *f) for item, f in FILES.items()}
    out["draf"] = file(app, "f-d1", "draf.docx", docx("Draf surat"), status="draft")
    return out


def run(app: App, conv: Counting, **kw):
    return svc.jalankan(app, svc.rencana(app, **kw), konversi=conv, ukuran_batch=10)


def rows(app: App) -> dict[str, object]:
    with app.repo() as repo:
        return {a.item_id: a for a in repo.artefacts()}


def test_made_once_filed_next_to_the_artefact_and_rerun_makes_nothing(app):
    filed(app)
    conv = Counting()
    hasil = run(app, conv)
    # docx, xlsx, png, csv (final); not the PDF, not the draft; one LibreOffice run for the batch
    assert sorted(hasil.dibuat) == sorted(r.kunci for i, r in rows(app).items()
                                          if i in ("c-d1", "e-r1", "e-r2", "h-d1"))
    assert (conv.runs, conv.files, hasil.gagal, hasil.sudah_ada) == (1, 4, {}, 0)
    made = rows(app)
    for item in ("c-d1", "e-r1", "e-r2", "h-d1"):
        a = made[item]
        assert a.pdf_kunci == rendisi.kunci(a, a.pdf_sha256) and a.pdf_sumber == a.sha256
        assert a.pdf_kunci.endswith(f"/{item}/rendisi/{a.pdf_sha256}/{a.nama_berkas}.pdf")
        assert rendisi.sah(a)
        data = app.store.get(a.pdf_kunci)
        assert pages(data) == 1 and rendisi._sha256(data) == a.pdf_sha256
    assert "Posyandu" in PdfReader(io.BytesIO(app.store.get(made["e-r1"].pdf_kunci))).pages[0].extract_text()
    assert made["h-d2"].pdf_kunci is None and made["f-d1"].pdf_kunci is None
    puts = list(app.store.puts)
    again = run(app, conv)
    assert (again.dibuat, again.sudah_ada, again.gagal) == ([], 4, {})
    assert conv.runs == 1 and app.store.puts == puts  # nothing converted, nothing filed twice
    assert run(app, conv, draf=True).dibuat == [made["f-d1"].kunci]  # drafts when asked


def test_a_new_revision_invalidates_its_rendition(app):
    filed(app)
    run(app, Counting())
    before = rows(app)["c-d1"]
    file(app, "c-d1", "analisis.docx", docx("Halaman satu", "Halaman dua"), replace=True)
    after = rows(app)["c-d1"]
    assert after.revisi == 2 and not rendisi.sah(after)
    assert svc.rencana(app).perlu == [after.kunci]
    conv = Counting()
    hasil = run(app, conv)
    assert hasil.dibuat == [after.kunci] and conv.files == 1
    now = rows(app)["c-d1"]
    assert rendisi.sah(now) and now.pdf_kunci != before.pdf_kunci
    assert pages(app.store.get(now.pdf_kunci)) == 2
    assert app.store.stat(before.pdf_kunci) is None  # the old revision's PDF is gone
    with app.repo() as repo:
        assert reconcile(repo, app.store).clean


def test_a_draft_replaced_by_its_signed_pdf_loses_its_rendition(app):
    a = file(app, "f-d1", "surat.docx", docx("Surat"), status="draft")
    run(app, Counting(), draf=True)
    old = rows(app)["f-d1"].pdf_kunci
    file(app, "f-d1", "surat.pdf", pdf_bytes(1), replace=True)
    hasil = run(app, Counting())
    assert hasil.dibersihkan == 1 and hasil.dibuat == []
    assert rows(app)["f-d1"].pdf_kunci is None and app.store.stat(old) is None
    assert a.kunci != rows(app)["f-d1"].kunci


def test_a_broken_file_fails_alone_with_its_reason(app):
    filed(app)
    broken = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(broken, "w") as z:  # looks like a .docx, but its XML is broken
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document><w:body><w:p>")
    # filed behind the check's back (as an old upload could be), then converted with the others
    a = rows(app)["c-d1"]
    app.store.put(a.kunci, broken.getvalue(), content_type=a.content_type, metadata={})
    with app.uow() as uow:
        row = uow.repo.artefact_by_key(a.kunci)
        row.sha256 = rendisi._sha256(broken.getvalue())
        uow.repo.add(row)
    hasil = run(app, Counting())
    assert list(hasil.gagal) == [a.kunci] and "rusak" in hasil.gagal[a.kunci]
    assert len(hasil.dibuat) == 3 and rows(app)["c-d1"].pdf_kunci is None




def test_the_bundle_uses_renditions_and_converts_only_what_has_none(app):
    filed(app)
    today = date(2026, 11, 1)
    conv = Counting()
    first = bundle.build(app, KODE, ep=None, tahun=2026, fmt="pdf", today=today, convert=conv.batch)
    assert (conv.runs, conv.files, first.dikonversi) == (1, 3, 3)  # docx, xlsx, png
    run(app, Counting())
    conv = Counting()
    second = bundle.build(app, KODE, ep=None, tahun=2026, fmt="pdf", today=today, convert=conv.batch)
    assert (conv.runs, second.dikonversi) == (0, 0)  # LibreOffice not called at all
    a, b = PdfReader(io.BytesIO(first.data)), PdfReader(io.BytesIO(second.data))
    assert len(a.pages) == len(b.pages) and pdf_outline(a) == pdf_outline(b)
    assert [p.extract_text() for p in a.pages] == [p.extract_text() for p in b.pages]
    # One rendition lost: only that file is converted again, and the bundle says so.
    app.store.delete(rows(app)["e-r1"].pdf_kunci)
    conv = Counting()
    third = bundle.build(app, KODE, ep=None, tahun=2026, fmt="pdf", today=today, convert=conv.batch)
    assert (conv.files, third.dikonversi) == (1, 1)
    assert len(PdfReader(io.BytesIO(third.data)).pages) == len(a.pages)


def test_reconcile_and_verify_know_renditions(app):
    filed(app)
    run(app, Counting())
    with app.repo() as repo:
        report = reconcile(repo, app.store)
        assert report.clean and report.objects_without_rows == []
        checked, problems = verify(repo, app.store)
    assert checked == 6 and problems == []
    made = rows(app)
    # a crash after a rendition was filed and before its row: not an artefact orphan
    stray = f"{made['h-d2'].kunci.rsplit('/', 1)[0]}/rendisi/{'0' * 64}/laporan.pdf.pdf"
    app.store.put(stray, pdf_bytes(), content_type="application/pdf", metadata={"jenis": "rendisi"})
    lost = made["c-d1"].pdf_kunci
    app.store.delete(lost)
    with app.repo() as repo:
        report = reconcile(repo, app.store)
        assert report.objects_without_rows == [] and report.rows_without_objects == []
        assert report.renditions_without_rows == [stray]
        assert report.rows_without_renditions == [lost]
        assert [p.kunci for p in verify(repo, app.store)[1]] == [lost]
    with app.repo() as repo:
        fixed = reconcile(repo, app.store, fix=True)
    assert fixed.removed_renditions == [stray] and fixed.forgotten_renditions == [lost]
    assert fixed.adopted == []
    with app.repo() as repo:
        assert reconcile(repo, app.store).clean
    assert run(app, Counting()).dibuat == [made["c-d1"].kunci]  # made again
