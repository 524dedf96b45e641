"""A Word file uploaded through the web gets its PDF rendition in the background right away
(TPCB_RENDISI_SESUDAH_UNGGAH): the first preview finds it ready, and files uploaded together share
one LibreOffice run. LibreOffice really runs here: the fixture switching it on makes every test
`slow` (tests/markers.py SLOW_CALLS), and the mark is written here too."""

from __future__ import annotations

import io
import shutil

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from evidence import rendisi
from tests.samples import docx_bytes
from tests.waiting import wait_until
from tests.web import state as st
from tests.web.conftest import SECRET, Web, csrf_of
from tests.web.state import DALAM, USERS
from tpcb.services import rendisi_latar
from tpcb.settings_web import WebSettings
from tpcb.web import create_app

pytestmark = pytest.mark.slow
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def web_latar(built, tmp_path):
    """A private kabupaten whose web service makes renditions after uploads; every conversion is
    counted in `web.calls` (one list of keys per LibreOffice run)."""
    home = tmp_path / "home"
    shutil.copytree(built.home, home)
    app = st.app_for(home, rendisi_sesudah_unggah=True)
    api = create_app(app, WebSettings(secret_key=SECRET, cookie_secure=False))
    web = Web(TestClient(api, raise_server_exceptions=False), built, home, api)
    calls: list[list[str]] = []
    convert = app.konversi_pdf

    def counting(sumber):
        calls.append([s.nama for s in sumber])
        return convert(sumber)

    app.konversi_pdf = counting  # type: ignore[method-assign]
    web.calls = calls  # type: ignore[attr-defined]
    yield web
    assert rendisi_latar.PENGONVERSI.tunggu(120), "rendisi latar belum selesai"  # none left behind


def row(web, key: str):
    with web.app.repo() as repo:
        return repo.artefact_by_key(key)


def test_api_upload_gets_its_rendition_before_the_first_preview(web_latar):
    web = web_latar
    r = web.client.post("/api/artefact", headers=web.token("pj_mutu"),
                        data={"puskesmas": DALAM, "item": "e-r1", "final": "false"},
                        files={"file": ("ruk latar.docx", docx_bytes("Rencana latar 2027"), DOCX)})
    assert r.status_code == 201, r.text
    key = r.json()["artefak"]["kunci"]
    ready = wait_until(lambda: (a := row(web, key)) is not None and rendisi.sah(a) and a, 120,
                       "rendisi latar tercatat pada baris artefak")
    assert web.calls == [[key]]
    web.login_page(USERS["pj_mutu"][0])
    view = web.client.get(f"/lihat/{key}")
    assert view.status_code == 200 and view.headers["content-type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(view.content))
    assert len(pdf.pages) == 1 and "Rencana latar 2027" in pdf.pages[0].extract_text()
    assert view.content == web.app.store.get(ready.pdf_kunci)
    assert web.calls == [[key]]  # the preview converted nothing


def test_files_uploaded_together_share_one_libreoffice_run(web_latar):
    web = web_latar
    web.login_page(USERS["pj_mutu"][0])
    page = web.client.get("/matriks", params={"puskesmas": DALAM})
    files = [("berkas", ("ruk satu.docx", docx_bytes("Berkas satu"), DOCX)),
             ("berkas", ("ruk dua.docx", docx_bytes("Berkas dua"), DOCX))]
    r = web.client.post("/butir/unggah", files=files, follow_redirects=False,
                        data={"puskesmas": DALAM, "item": "e-r1", "tanggal": "2026-03-02",
                              "status": "draf", "csrf": csrf_of(page.text)})
    assert r.status_code == 303, r.text
    with web.app.repo() as repo:
        keys = sorted(a.kunci for a in repo.artefacts(pemilik=DALAM)
                      if a.item_id == "e-r1" and a.nama_berkas in ("ruk_satu.docx", "ruk_dua.docx"))
    assert len(keys) == 2
    wait_until(lambda: all(rendisi.sah(row(web, k)) for k in keys), 120, "kedua rendisi tercatat")
    assert web.calls == [keys]  # one LibreOffice run for both
    for key in keys:
        pdf = PdfReader(io.BytesIO(web.app.store.get(row(web, key).pdf_kunci)))
        assert len(pdf.pages) == 1


def test_a_failing_conversion_never_touches_the_upload(web_latar, caplog):
    web = web_latar
    tried: list[list[str]] = []

    def broken(sumber):
        tried.append([s.nama for s in sumber])
        raise RuntimeError("LibreOffice mogok")

    web.app.konversi_pdf = broken
    keys = []
    for name in ("rusak satu.docx", "rusak dua.docx"):  # the worker survives the first failure
        r = web.client.post("/api/artefact", headers=web.token("pj_mutu"),
                            data={"puskesmas": DALAM, "item": "e-r1", "final": "true"},
                            files={"file": (name, docx_bytes(name), DOCX)})
        assert r.status_code == 201, r.text
        keys.append(r.json()["artefak"]["kunci"])
        wait_until(lambda: [keys[-1]] in tried, 60, f"konversi {name} dicoba")
    assert rendisi_latar.PENGONVERSI.tunggu(60)
    assert tried == [[k] for k in keys]
    for key in keys:
        stored = row(web, key)
        assert stored.status == "final" and stored.pdf_kunci is None
        assert web.app.store.get(key)  # the upload itself is on file
    assert sum("rendisi latar gagal" in r.getMessage() for r in caplog.records) == 2
