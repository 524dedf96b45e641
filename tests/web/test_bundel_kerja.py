"""The bundle as a background job for the pages: POST /bundel/mulai starts it (csrf, role and scope
checked at once), GET /bundel/status/{id} tells how far it is from any worker (the job is a file
under TPCB_HOME), and the finished link downloads the bundle. The old synchronous POST /bundel
still works without JavaScript."""

from __future__ import annotations

import io
import json
import os
import time

import pytest
from pypdf import PdfReader

from tests.waiting import wait_until
from tests.web.conftest import csrf_of, make_web
from tests.web.state import DALAM, LUAR, USERS, YEAR
from tpcb.services import bundel_kerja
from tpcb.services import bundle as bundles

JSON = {"Accept": "application/json"}


def _start(web, role="surveyor", **form):
    web.login_page(USERS[role][0])
    csrf = csrf_of(web.client.get(f"/matriks?puskesmas={DALAM}").text)
    return web.client.post("/bundel/mulai", headers=JSON,
                           data={"puskesmas": DALAM, "csrf": csrf, **form})


def _jobs(web) -> list:
    folder = web.home / "bundel-kerja"
    return sorted(folder.glob("*.json")) if folder.exists() else []


def _done(web, kerja_id: str) -> dict:
    def ready():
        s = web.client.get(f"/bundel/status/{kerja_id}", headers=JSON).json()
        return s if s["beres"] else None
    return wait_until(ready, timeout=120, what=f"bundel {kerja_id} selesai")


def test_job_reports_progress_then_a_link_that_downloads_the_bundle(web):
    r = _start(web, ep="a", format="pdf")
    assert r.status_code == 202, r.text
    started = r.json()
    assert r.headers["location"] == f"/bundel/status/{started['id']}"
    assert started["beres"] is False and started["url"] is None
    done = _done(web, started["id"])
    assert done["galat"] is None and done["tahap"] == "siap diunduh"
    assert done["url"].startswith("/unduh/")
    got = web.client.get(done["url"])
    assert got.headers["content-type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(got.content)).pages) == 4  # cover, contents, EP a, the SK
    # audited like the synchronous bundle
    with web.app.repo() as repo:
        assert any(e.aksi == "bundel.buat" for e in repo.audit_list(limit=20))


def test_any_worker_answers_the_status(web, built):
    """`tpcb serve --workers N`: another process (another app on the same TPCB_HOME) sees the job."""
    kerja_id = _start(web, ep="a").json()["id"]
    _done(web, kerja_id)
    other = make_web(web.home, built)
    other.login_page(USERS["surveyor"][0])
    s = other.client.get(f"/bundel/status/{kerja_id}", headers=JSON).json()
    assert s["beres"] and s["url"].startswith("/unduh/")
    assert other.client.get(s["url"]).headers["content-type"] == "application/pdf"


def test_only_the_starter_sees_the_job(web):
    kerja_id = _start(web, ep="a").json()["id"]
    _done(web, kerja_id)
    web.client.cookies.clear()
    web.login_page(USERS["pj_mutu"][0])
    r = web.client.get(f"/bundel/status/{kerja_id}", headers=JSON)
    assert r.status_code == 404 and "tidak ditemukan" in r.json()["detail"]
    assert web.client.get("/bundel/status/..%2Fsecret", headers=JSON).status_code == 404


@pytest.mark.parametrize(("role", "form", "status"), [
    ("pj_mutu", {"puskesmas": LUAR}, 403),  # outside the PJ Mutu's Puskesmas
    ("surveyor", {"ep": "z"}, 400),
    ("surveyor", {"format": "docx"}, 400),
    ("surveyor", {"csrf": "palsu"}, 403),
])
def test_refused_at_once_and_no_job_made(web, role, form, status):
    r = _start(web, role, **form)
    assert r.status_code == status, r.text
    assert r.json()["detail"]
    assert _jobs(web) == []


def test_bounded_queue_refuses_with_409(web, monkeypatch):
    monkeypatch.setattr(bundel_kerja, "ANTREAN", 0)
    r = _start(web, ep="a")
    assert r.status_code == 409 and "Terlalu banyak bundel" in r.json()["detail"]
    assert _jobs(web) == []


def test_old_jobs_expire_and_a_stalled_one_fails(web):
    kerja_id = _start(web, ep="a").json()["id"]
    _done(web, kerja_id)
    path = web.home / "bundel-kerja" / f"{kerja_id}.json"
    # a job whose worker died: no progress for longer than MACET
    state = json.loads(path.read_text())
    state.update(beres=False, url=None, diperbarui=time.time() - bundel_kerja.MACET - 1)
    path.write_text(json.dumps(state))
    s = web.client.get(f"/bundel/status/{kerja_id}", headers=JSON).json()
    assert s["beres"] and s["url"] is None and "terhenti" in s["galat"]
    # older than SIMPAN: removed when the next job starts
    old = time.time() - bundel_kerja.SIMPAN - 10
    os.utime(path, (old, old))
    _done(web, _start(web, ep="a").json()["id"])
    assert not path.exists()
    assert web.client.get(f"/bundel/status/{kerja_id}", headers=JSON).status_code == 404


def test_builder_calls_progress_per_document(web):
    heard: list[tuple[str, int, int]] = []
    made = bundles.build(web.app, DALAM, ep="a", tahun=YEAR, fmt="pdf", today=bundles.common.today(),
                         kemajuan=lambda *a: heard.append(a))
    assert made.data.startswith(b"%PDF")
    assert (bundles.AMBIL, 1, 1) in heard and (bundles.SUSUN, 1, 1) in heard
    zipped: list[tuple[str, int, int]] = []
    bundles.build(web.app, DALAM, ep="a", tahun=YEAR, fmt="zip", today=bundles.common.today(),
                  kemajuan=lambda *a: zipped.append(a))
    assert zipped == [(bundles.AMBIL, 1, 1)]


def test_page_form_loads_the_script_and_keeps_the_plain_post(web):
    web.login_page(USERS["surveyor"][0])
    page = web.client.get(f"/matriks?puskesmas={DALAM}").text
    assert '<form method="post" action="/bundel"' in page and "/static/bundel.js" in page
    assert "<progress hidden" in page
    assert web.client.get("/static/bundel.js").status_code == 200


def test_cli_progress_bar_shows_stage_and_count(web, monkeypatch):
    """`tpcb bundle` draws a rich progress bar on a terminal from the builder's callback."""
    from rich.console import Console

    from tpcb.cli import layanan

    screen = io.StringIO()
    monkeypatch.setattr(layanan, "console_err", Console(file=screen, force_terminal=True, width=80))
    with layanan.kemajuan_bundel() as kemajuan:
        bundles.build(web.app, DALAM, ep="a", tahun=YEAR, fmt="pdf", today=bundles.common.today(),
                      kemajuan=kemajuan)
    drawn = screen.getvalue()
    assert "Bundel: menyusun PDF" in drawn and "1/1" in drawn


def test_without_javascript_the_plain_post_still_redirects_to_the_download(web):
    web.login_page(USERS["surveyor"][0])
    csrf = csrf_of(web.client.get(f"/matriks?puskesmas={DALAM}").text)
    r = web.client.post("/bundel", data={"puskesmas": DALAM, "ep": "a", "format": "pdf",
                                         "csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/unduh/")
    got = web.client.get(r.headers["location"])
    assert len(PdfReader(io.BytesIO(got.content)).pages) == 4
    assert _jobs(web) == []  # no job: built in the request
