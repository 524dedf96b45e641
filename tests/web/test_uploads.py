"""Uploads go through the registry's checks; a refused upload stores nothing; errors are Indonesian JSON."""

from __future__ import annotations

import pytest

from evidence import persetujuan
from evidence.errors import Conflict, InputError
from tests.samples import docx_bytes, pdf_bytes, zip_bomb_docx
from tests.web.state import DALAM


def _objects(web) -> set[str]:
    return {o.key for o in web.app.store.list_objects("")}


def _rows(web) -> int:
    with web.app.repo() as repo:
        return len(repo.artefacts())


def _upload(web, role, name, data, **form):
    return web.client.post("/api/artefact", headers=web.token(role),
                           data={"puskesmas": DALAM, "item": "e-r1", "final": "true", **form},
                           files={"file": (name, data, "application/octet-stream")})


@pytest.mark.parametrize("name,data,words", [
    ("ruk.pdf", pdf_bytes(password="rahasia"), "terkunci"),
    ("ruk.docx", zip_bomb_docx(), "bom zip"),
    ("ruk.pdf", docx_bytes(), "bukan"),
    ("ruk.pdf", b"%PDF-1.4 rusak", "PDF"),
    ("ruk.exe", b"MZ\x90\x00", "tidak"),
    ("kosong.pdf", b"", "kosong"),
])
def test_refused_upload_stores_nothing(web, name, data, words):
    objects, rows = _objects(web), _rows(web)
    r = _upload(web, "pj_mutu", name, data)
    assert r.status_code == 400, r.text
    assert words.lower() in r.json()["detail"].lower()
    assert _objects(web) == objects and _rows(web) == rows


def test_too_large_is_413_and_stores_nothing(built, tmp_path, monkeypatch):
    import shutil

    from tests.web.conftest import make_web

    shutil.copytree(built.home, tmp_path / "home")
    web = make_web(tmp_path / "home", built)
    web.app.settings.max_upload_mb = 0.001
    objects = _objects(web)
    r = _upload(web, "pj_mutu", "besar.pdf", pdf_bytes(60))
    assert r.status_code == 413 and "lebih besar dari batas" in r.json()["detail"]
    assert _objects(web) == objects


def test_names_are_sanitised(web):
    r = _upload(web, "pj_mutu", "../../etc/RUK  2027 (final)!.pdf", pdf_bytes())
    assert r.status_code == 201, r.text
    art = r.json()["artefak"]
    assert art["kunci"].endswith("/e-r1/RUK_2027_final_.pdf") and ".." not in art["kunci"]
    got = web.client.get(f"/api/artefact/{art['kunci']}", headers=web.token("surveyor"))
    assert got.status_code == 200 and got.content == pdf_bytes() and got.headers["x-sha256"] == art["sha256"]
    assert got.headers["content-disposition"].startswith("attachment;")


def test_upload_is_idempotent_and_conflicts_need_ganti(web):
    assert _upload(web, "sekretariat", "ruk.pdf", pdf_bytes(1)).json()["hasil"] == "baru"
    assert _upload(web, "sekretariat", "ruk.pdf", pdf_bytes(1)).json()["hasil"] == "sama"
    r = _upload(web, "sekretariat", "ruk.pdf", pdf_bytes(3))
    assert r.status_code == 409 and "ganti" in r.json()["detail"]
    r = _upload(web, "sekretariat", "ruk.pdf", pdf_bytes(3), ganti="true")
    assert r.status_code == 201 and r.json()["hasil"] == "revisi" and r.json()["artefak"]["revisi"] == 2


def test_pj_mutu_cannot_file_office_wide_evidence(web):
    r = web.client.post("/api/artefact", headers=web.token("pj_mutu"),
                        data={"puskesmas": "dinkes", "item": "b-r1"},
                        files={"file": ("sk.pdf", pdf_bytes(), "application/pdf")})
    assert r.status_code == 403


def test_validation_errors_are_translated(web):
    r = web.client.post("/api/artefact", headers=web.token("admin"), data={"item": "e-r1"})
    assert r.status_code == 422
    assert r.json() == {"detail": "Isian tidak sah: Puskesmas wajib diisi; berkas wajib diisi."}
    r = web.client.get("/api/audit", params={"limit": "banyak"}, headers=web.token("admin"))
    assert r.status_code == 422 and r.json()["detail"] == "Isian tidak sah: batas harus bilangan bulat."


def test_unknown_item_and_route_are_404_in_indonesian(web):
    r = _upload(web, "admin", "x.pdf", pdf_bytes(), item="z-z9")
    assert r.status_code == 404 and "tidak ada di katalog" in r.json()["detail"]
    r = web.client.get("/api/tidak-ada", headers=web.token("admin"))
    assert r.status_code == 404 and r.json() == {"detail": "Halaman atau data tidak ditemukan."}
    r = web.client.delete("/api/catalogue", headers=web.token("admin"))
    assert r.status_code == 405 and "tidak diizinkan" in r.json()["detail"]


def test_unexpected_error_is_a_generic_500_without_trace(web, monkeypatch):
    from evidence import completeness

    def boom(*a, **k):
        raise RuntimeError("rahasia internal /etc/passwd")

    monkeypatch.setattr("tpcb.web.api_data.evaluate", boom)
    assert completeness.evaluate is not boom
    r = web.client.get("/api/completeness", headers=web.token("admin"))
    assert r.status_code == 500
    assert r.json() == {"detail": "Terjadi galat di server. Periksa apakah perubahan Anda sudah tersimpan "
                                  "sebelum mengulang; bila berulang, hubungi admin."}
    assert "Traceback" not in r.text and "rahasia" not in r.text


def test_sign_requires_a_pdf_and_makes_the_letter_final(web):
    nomor, h = web.state.drafts[DALAM], web.token("kepala_dinas")
    r = web.client.post(f"/api/surat/{nomor}/ttd", headers=h, files={"file": ("ttd.docx", docx_bytes(), "x")})
    assert r.status_code == 400 and "harus PDF" in r.json()["detail"]
    r = web.client.post(f"/api/surat/{nomor}/ttd", headers=h, files={"file": ("ttd.pdf", pdf_bytes(), "x")})
    assert r.status_code == 200 and r.json()["status"] == "final" and r.json()["kunci_final"]
    held = web.state.held[DALAM]
    r = web.client.post(f"/api/surat/{held}/ttd", headers=h, files={"file": ("ttd.pdf", pdf_bytes(), "x")})
    assert r.status_code == 400 and "menunggu persetujuan" in r.json()["detail"]


def test_approve_and_reject_use_cases(web):
    held = web.state.held[DALAM]
    with web.app.uow() as uow:
        repo = uow.repo
        with pytest.raises(InputError, match="Alasan penolakan wajib"):
            persetujuan.reject(repo, held, "kadinkes", "  ")
        surat = persetujuan.reject(repo, held, "kadinkes", "Dasar hukum belum mutakhir")
        assert surat.status == "ditolak" and surat.catatan == "Dasar hukum belum mutakhir"
        with pytest.raises(Conflict, match="tidak sedang menunggu persetujuan"):
            persetujuan.approve(uow, web.app.store, web.app.catalogue, web.app.render, held,
                                "kadinkes", tanggal=surat.tanggal, today=surat.tanggal, max_bytes=10**7)
    other = web.state.held["PKM-SDM"]
    r = web.client.post(f"/api/surat/{other}/setujui", headers=web.token("admin"))
    assert r.status_code == 200 and r.json()["status"] == "draft" and r.json()["nomor"]
    assert "Disetujui oleh admin" in r.json()["catatan"] and r.json()["rujukan"] == r.json()["nomor"]
    r = web.client.post(f"/api/surat/{other}/tolak", headers=web.token("admin"), data={"alasan": "x"})
    assert r.status_code == 409


def test_task_update_refusals_store_nothing(web):
    h = web.token("pj_mutu")
    tasks = web.client.get("/api/tindak-lanjut", headers=h).json()
    tid = next(t["id"] for t in tasks if t["status"] == "terbuka")
    objects = _objects(web)
    r = web.client.post(f"/api/tindak-lanjut/{tid}/status", headers=h, data={"status": "selesai"},
                        files={"bukti": ("bukti.pdf", pdf_bytes(), "application/pdf")})
    assert r.status_code == 409 and "tidak dapat langsung" in r.json()["detail"]
    web.client.post(f"/api/tindak-lanjut/{tid}/status", headers=h, data={"status": "dikerjakan"})
    r = web.client.post(f"/api/tindak-lanjut/{tid}/status", headers=h, data={"status": "selesai"},
                        files={"bukti": ("bukti.pdf", pdf_bytes(password="x"), "application/pdf")})
    assert r.status_code == 400 and _objects(web) == objects


def test_a_corrected_draft_is_uploaded_as_a_revision_and_a_changed_number_is_refused(web):
    import io

    from docx import Document
    from docx.oxml.ns import qn

    nomor, h = web.state.drafts[DALAM], web.token("sekretariat")
    shown = web.client.get(f"/api/surat/{nomor}", headers=h).json()
    draft = web.client.get(f"/api/artefact/{shown['kunci_draf']}", headers=h).content

    def retype(old, new):
        doc = Document(io.BytesIO(draft))
        for t in doc.element.body.iter(qn("w:t")):
            if t.text and old in t.text:
                t.text = t.text.replace(old, new)
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()

    def send(data, name="perbaikan.docx", who=h):
        return web.client.post(f"/api/surat/{nomor}/revisi", headers=who,
                               files={"file": (name, data, "application/octet-stream")})

    objects = _objects(web)
    for data, name, words in [(retype(nomor, "999/XX"), "a.docx", "tidak boleh diubah"),
                              (draft, "a.docm", "bukan .docx"), (pdf_bytes(), "a.docx", "bukan"),
                              (b"", "a.docx", "kosong")]:
        r = send(data, name)
        assert r.status_code == 400 and words in r.json()["detail"], r.text
    assert _objects(web) == objects
    assert send(draft, who=web.token("pj_mutu")).status_code == 403
    r = send(retype("Puskesmas", "PUSKESMAS"))
    assert r.status_code == 200 and r.json()["berubah"] and r.json()["nomor"] == nomor, r.text
    assert r.json()["status"] == "draft"
    again = web.client.get(f"/api/artefact/{r.json()['kunci_draf']}", headers=h).content
    assert again != draft and "PUSKESMAS" in Document(io.BytesIO(again)).element.body.xml
    with web.app.repo() as repo:
        assert repo.audit_list(oleh="sekretariat")[0].aksi == "surat.revisi"



def test_no_route_blocks_the_event_loop():
    """Every route is a plain `def`: FastAPI runs it in its thread pool, so one large upload (its
    database, S3 and pypdf work) never stalls the other requests. Only middleware and error
    handlers, which do no such work, are `async`."""
    import importlib
    import inspect
    import pkgutil

    import tpcb.web

    modules = [importlib.import_module(f"tpcb.web.{m.name}") for m in pkgutil.iter_modules(tpcb.web.__path__)]
    routes = [r for m in modules if hasattr(m, "router") for r in m.router.routes]
    uploads = [r for r in routes if "UploadFile" in str(r.endpoint.__annotations__)]
    assert len(uploads) >= 9
    assert [r.path for r in routes if inspect.iscoroutinefunction(r.endpoint)] == []
