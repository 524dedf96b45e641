"""The web service on its production parts: PostgreSQL for records and a real S3 server for files.

The SQLite tests cover every rule; these check what a different database or store could break:
aware timestamps (lockout, session ends), JSON scopes, uploads into S3, a task moved to verified
with its proof, the audit log, and what the matrix says afterwards.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from evidence.tindak_lanjut import proof_item
from tests.samples import pdf_bytes
from tests.web import state as st
from tests.web.conftest import Web, csrf_of, pg_s3_web
from tests.web.test_auth import minute_passes

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pg_web(s3_server, tmp_path_factory) -> Web:
    with pg_s3_web(s3_server, tmp_path_factory.mktemp("pg") / "home", "web-pg") as web:
        yield web


def test_the_store_and_database_are_the_production_ones(pg_web):
    assert pg_web.app.engine.dialect.name == "postgresql"
    assert type(pg_web.app.store.inner).__name__ == "S3ObjectStore"


def test_scope_and_upload_into_s3(pg_web):
    h = pg_web.bearer("pj.mks")
    assert pg_web.client.get("/api/me", headers=h).json()["puskesmas"] == [st.DALAM]
    r = pg_web.client.post("/api/artefact", headers=h, files={"file": ("ruk.pdf", pdf_bytes(2))},
                           data={"puskesmas": st.DALAM, "item": "e-r1", "final": "true"})
    assert r.status_code == 201, r.text
    key = r.json()["artefak"]["kunci"]
    got = pg_web.client.get(f"/api/artefact/{key}", headers=pg_web.bearer("surveior"))
    assert got.status_code == 200 and got.content == pdf_bytes(2)
    assert pg_web.app.store.get(key) == pdf_bytes(2)  # really in the S3 bucket
    refused = pg_web.client.post("/api/artefact", headers=h, files={"file": ("ruk.pdf", pdf_bytes(3))},
                                 data={"puskesmas": st.LUAR, "item": "e-r1", "final": "true"})
    assert refused.status_code == 403 and st.LUAR not in refused.json()["detail"]


def test_a_task_to_verified_proof_moves_the_matrix(pg_web):
    pj, tpcb = pg_web.bearer("pj.mks"), pg_web.bearer("sekretariat")
    tasks = pg_web.client.get("/api/tindak-lanjut", headers=pj).json()
    task = next(t for t in tasks if t["status"] == "terbuka" and t["ep"] == "h")
    url = f"/api/tindak-lanjut/{task['id']}/status"
    assert pg_web.client.post(url, headers=pj, data={"status": "dikerjakan"}).status_code == 200
    r = pg_web.client.post(url, headers=pj, data={"status": "selesai", "catatan": "sudah dibahas"},
                           files={"bukti": ("bukti.pdf", pdf_bytes(4), "application/pdf")})
    assert r.status_code == 200, r.text
    r = pg_web.client.post(url, headers=tpcb, data={"status": "diverifikasi"})
    assert r.status_code == 200 and r.json()["status"] == "diverifikasi"
    log = pg_web.client.get("/api/audit", headers=tpcb).json()["entri"]
    assert [e["sesudah"]["status"] for e in log[:3]] == ["diverifikasi", "selesai", "dikerjakan"]
    matrix = pg_web.client.get("/api/completeness", params={"puskesmas": st.DALAM}, headers=tpcb).json()
    [row] = matrix["puskesmas"]
    assert row["kode"] == st.DALAM and [e["kode"] for e in row["ep"]] == list("abcdefgh")
    with pg_web.app.repo() as repo:
        row = repo.tindak_lanjut(task["id"])
        assert row.status == "diverifikasi"
        proofs = repo.artefacts(pemilik=st.DALAM, item_id=proof_item(row))
    assert pdf_bytes(4) in [pg_web.app.store.get(p.kunci) for p in proofs]  # the proof, in S3


def test_lockout_unlock_and_session_end_with_aware_timestamps(pg_web):
    from tpcb.services.users import set_active

    for _ in range(5):
        pg_web.client.post("/api/token", data={"username": "kadinkes", "password": "salah-sekali-1"})
    r = pg_web.client.post("/api/token", data={"username": "kadinkes", "password": st.PASSWORD})
    assert r.status_code == 429
    with pg_web.app.repo() as repo:
        set_active(repo, "kadinkes", True, oleh="admin")
    minute_passes(pg_web)
    assert pg_web.client.get("/api/me", headers=pg_web.bearer("kadinkes")).status_code == 200
    page = pg_web.client.get("/masuk")
    r = pg_web.client.post("/masuk", data={"username": "admin", "password": st.PASSWORD,
                                           "csrf": csrf_of(page.text)}, follow_redirects=False)
    assert r.status_code == 303
    kept = pg_web.client.cookies.get("tpcb_sesi")
    csrf = csrf_of(pg_web.client.get("/dasbor").text)
    assert pg_web.client.post("/keluar", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    other = TestClient(pg_web.api, cookies={"tpcb_sesi": kept})
    assert other.get("/api/me").status_code == 401
