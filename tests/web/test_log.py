"""What the web service logs: every refusal with its cause, every security event, no secret."""

from __future__ import annotations

import logging

import pytest

from tests.samples import pdf_bytes
from tests.web.conftest import csrf_of
from tests.web.state import DALAM, PASSWORD


@pytest.fixture
def logged(caplog):
    caplog.set_level(logging.INFO, logger="tpcb")
    return caplog


def text(caplog) -> str:
    return "\n".join(r.getMessage() for r in caplog.records)


def test_a_failed_login_is_logged_with_the_username_and_without_the_password(web, logged):
    wrong = "salah-sekali-kata-sandi-123"
    r = web.client.post("/api/token", data={"username": "surveior", "password": wrong})
    assert r.status_code == 401
    page = web.client.get("/masuk")
    web.client.post("/masuk", data={"username": "tidak.ada", "password": wrong,
                                    "csrf": csrf_of(page.text)})
    failed = [r for r in logged.records if r.getMessage().startswith("Masuk gagal")]
    assert len(failed) == 2 and all(r.levelno == logging.WARNING for r in failed)
    assert "'surveior'" in failed[0].getMessage() and "'tidak.ada'" in failed[1].getMessage()
    assert "testclient" in failed[0].getMessage()  # the client's address
    assert wrong not in text(logged) and PASSWORD not in text(logged)


def test_lockout_and_rate_limit_are_logged(web, logged):
    for _ in range(5):
        web.client.post("/api/token", data={"username": "surveior", "password": "x" * 12})
    assert "Masuk ditolak: akun 'surveior' terkunci" in text(logged)
    for _ in range(20):
        web.client.post("/api/token", data={"username": "lain", "password": "x" * 12})
    assert "batas percobaan terlampaui" in text(logged)


def test_a_successful_login_is_logged_without_the_token(web, logged):
    r = web.client.post("/api/token", data={"username": "surveior", "password": PASSWORD})
    assert "Masuk: surveior (surveyor)" in text(logged)
    assert r.json()["access_token"] not in text(logged) and PASSWORD not in text(logged)


def test_a_refused_upload_is_logged_with_its_reason(web, logged):
    r = web.client.post("/api/artefact", headers=web.token("pj_mutu"),
                        data={"puskesmas": DALAM, "item": "e-r1", "final": "true"},
                        files={"file": ("ruk.pdf", pdf_bytes(password="rahasia"), "application/pdf")})
    assert r.status_code == 400
    line = next(r for r in logged.records if r.getMessage().startswith("400 POST /api/artefact"))
    assert r.json()["detail"] in line.getMessage() and "(pj.mks)" in line.getMessage()


def test_forged_and_expired_tokens_are_logged_never_the_token(web, logged):
    signer = web.api.state.signer
    forged = signer.dumps("api", {"sub": "admin"}, 600)[:-2] + "xx"
    expired = signer.dumps("api", {"sub": "admin"}, -1)
    for token in (forged, expired):
        assert web.client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert "Token api ditolak: tanda tangan tidak sah" in text(logged)
    assert "Token api ditolak: kedaluwarsa; pengguna 'admin'" in text(logged)
    assert forged not in text(logged) and expired not in text(logged)


def test_forbidden_access_bad_csrf_and_a_revoked_session_are_logged(web, logged):
    from fastapi.testclient import TestClient

    r = web.client.get("/api/audit", headers=web.token("pj_mutu"))
    assert r.status_code == 403
    assert f"403 GET /api/audit dari testclient (pj.mks): {r.json()['detail']}" in text(logged)
    assert web.login_page("sekretariat").status_code == 303
    stolen = web.client.cookies.get("tpcb_sesi")
    assert web.client.post("/keluar").status_code == 403
    assert "403 POST /keluar dari testclient (sekretariat): Token CSRF" in text(logged)
    token = csrf_of(web.client.get("/dasbor").text)
    web.client.post("/keluar", data={"csrf": token}, follow_redirects=False)
    assert TestClient(web.api, cookies={"tpcb_sesi": stolen}).get("/api/me").status_code == 401
    assert "Keluar: sekretariat" in text(logged)
    assert "Token/sesi ditolak: sesi sudah diakhiri" in text(logged)
    assert stolen not in text(logged)


def test_a_refused_download_link_is_logged_without_its_token(web, logged):
    link = web.api.state.signer.dumps("unduh", {"key": "bukan-bundel/x.pdf"}, 600)
    assert web.client.get(f"/unduh/{link}").status_code == 404
    assert "404 GET /unduh/… dari testclient" in text(logged) and link not in text(logged)
    expired = web.api.state.signer.dumps("unduh", {"key": "bundel/x.pdf"}, -1)
    assert web.client.get(f"/unduh/{expired}").status_code == 404
    assert "Token unduh ditolak: kedaluwarsa" in text(logged) and expired not in text(logged)
