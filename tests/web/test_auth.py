"""Sign-in, tokens, lockout, CSRF, and what a refusal may say."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from evidence.records.akun import AuditLog
from tests.web.conftest import csrf_of, make_web
from tests.web.state import DALAM, LUAR, PASSWORD


def test_token_then_api(web):
    r = web.client.post("/api/token", data={"username": "surveior", "password": PASSWORD})
    assert r.status_code == 200
    body = r.json()
    assert body["token_type"] == "bearer" and body["access_token"]
    me = web.client.get("/api/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json()["peran"] == "surveyor" and me.json()["puskesmas"] == ["PKM-KRA", DALAM]


def test_no_token_is_401(web):
    for url in ("/api/catalogue", "/api/artefact", "/api/surat", "/api/completeness", "/api/audit"):
        r = web.client.get(url)
        assert r.status_code == 401
        assert r.json() == {"detail": "Silakan masuk terlebih dahulu (token tidak ada, tidak sah, atau "
                                      "kedaluwarsa)."}
        assert r.headers["www-authenticate"] == "Bearer"


def test_forged_expired_or_wrong_kind_token_is_401(web):
    signer = web.api.state.signer
    forged = signer.dumps("api", {"sub": "admin"}, 600)[:-2] + "xx"
    expired = signer.dumps("api", {"sub": "admin"}, -1)
    link = signer.dumps("unduh", {"sub": "admin"}, 600)  # a download link is not a bearer token
    for token in (forged, expired, link, "sampah"):
        assert web.client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_wrong_password_says_nothing_about_the_user(web):
    a = web.client.post("/api/token", data={"username": "surveior", "password": "salah-sekali-123"})
    b = web.client.post("/api/token", data={"username": "tidak.ada", "password": "salah-sekali-123"})
    assert a.status_code == b.status_code == 401
    assert a.json() == b.json() == {"detail": "Nama pengguna atau kata sandi salah."}


def minute_passes(web) -> None:
    """The sign-in rate window (one minute, in the worker's memory) is over."""
    from tpcb.web.batas_masuk import PembatasMasuk

    web.api.state.pembatas_masuk = PembatasMasuk(web.api.state.pembatas_masuk.batas)


def test_lockout_after_five_failures_for_fifteen_minutes(web):
    def token(password):
        return web.client.post("/api/token", data={"username": "surveior", "password": password})

    for _ in range(4):
        assert token("x" * 12).status_code == 401
    r = token("x" * 12)
    assert r.status_code == 429 and "dikunci" in r.json()["detail"] and "15 menit" in r.json()["detail"]
    # even the right password is refused while locked
    assert token(PASSWORD).status_code == 429
    with web.app.repo() as repo:
        user = repo.pengguna("surveior")
        until = user.terkunci_sampai.replace(tzinfo=UTC)
        assert timedelta(minutes=14) < until - datetime.now(UTC) <= timedelta(minutes=15)
        user.terkunci_sampai = datetime.now(UTC) - timedelta(seconds=1)  # the 15 minutes pass
        repo.add(user)
    minute_passes(web)
    assert token(PASSWORD).status_code == 200
    with web.app.repo() as repo:
        assert repo.pengguna("surveior").gagal == 0
        assert len(repo.audit_list(aksi="masuk.gagal", oleh="surveior")) == 5


def test_lockout_is_configurable(built, tmp_path):
    import shutil

    shutil.copytree(built.home, tmp_path / "home")
    web = make_web(tmp_path / "home", built, lockout_attempts=2, lockout_minutes=1)
    web.client.post("/api/token", data={"username": "admin", "password": "x" * 12})
    r = web.client.post("/api/token", data={"username": "admin", "password": "x" * 12})
    assert r.status_code == 429 and "1 menit" in r.json()["detail"]


def test_forbidden_message_leaks_nothing(web):
    h = web.token("pj_mutu")
    with web.app.repo() as repo:
        other_key = repo.artefacts(pemilik=LUAR)[0].kunci
        other_task = repo.tindak_lanjut_list(puskesmas=LUAR)[0].id
    answers = [
        web.client.get(f"/api/artefact/{other_key}", headers=h),
        web.client.get("/api/artefact/99.01/2026/PKM-XXX/1.7.1/a/a-r1/tidak_ada.pdf", headers=h),
        web.client.get(f"/api/surat/{web.state.drafts[LUAR]}", headers=h),
        web.client.get("/api/surat/999/TIDAK/ADA", headers=h),
        web.client.get("/api/completeness", params={"puskesmas": LUAR}, headers=h),
        web.client.get("/api/completeness", params={"puskesmas": "PKM-TIDAKADA"}, headers=h),
        web.client.post(f"/api/tindak-lanjut/{other_task}/status", headers=h, data={"status": "dikerjakan"}),
        web.client.post("/api/tindak-lanjut/99999/status", headers=h, data={"status": "dikerjakan"}),
    ]
    for r in answers:
        assert r.status_code == 403
        assert r.json() == {"detail": "Anda tidak berhak mengakses data ini."}
        assert LUAR not in r.text and "PKM-XXX" not in r.text


def test_office_roles_get_404_for_what_does_not_exist(web):
    h = web.token("sekretariat")
    r = web.client.get("/api/surat/999/TIDAK/ADA", headers=h)
    assert r.status_code == 404
    assert r.json()["detail"].startswith("Surat '999/TIDAK/ADA' tidak ada di register.")
    assert web.client.get("/api/tindak-lanjut", params={"puskesmas": "PKM-ZZZ"}, headers=h).status_code == 404


def test_page_login_sets_a_safe_session_cookie(web):
    r = web.login_page("sekretariat")
    assert r.status_code == 303 and r.headers["location"] == "/dasbor"
    cookie = r.headers["set-cookie"]
    assert "tpcb_sesi=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert web.client.get("/dasbor").status_code == 200
    assert web.client.get("/api/me").json()["nama_pengguna"] == "sekretariat"


def test_secure_cookie_flag(built, tmp_path):
    import shutil

    shutil.copytree(built.home, tmp_path / "home")
    from fastapi.testclient import TestClient

    web = make_web(tmp_path / "home", built)
    web.api.state.web.cookie_secure = True
    web.client = TestClient(web.api, base_url="https://testserver")
    r = web.login_page("admin")
    assert "Secure" in r.headers["set-cookie"] and "HttpOnly" in r.headers["set-cookie"]


def test_wrong_login_on_the_page(web):
    r = web.login_page("sekretariat", "bukan-sandinya")
    assert r.status_code == 401 and "Nama pengguna atau kata sandi salah." in r.text
    assert web.client.get("/dasbor", follow_redirects=False).headers["location"] == "/masuk"


def test_csrf_refusal_on_forms_without_token(web):
    page = web.client.get("/masuk")
    r = web.client.post("/masuk", data={"username": "sekretariat", "password": PASSWORD})
    assert r.status_code == 403 and "CSRF" in r.json()["detail"]
    r = web.client.post("/masuk", data={"username": "sekretariat", "password": PASSWORD, "csrf": "palsu"})
    assert r.status_code == 403
    assert csrf_of(page.text)
    web.login_page("pj.mks")
    tid = next(t["id"] for t in web.client.get("/api/tindak-lanjut").json() if t["status"] == "terbuka")
    for data in ({"status": "dikerjakan"}, {"status": "dikerjakan", "csrf": "palsu"}):
        r = web.client.post(f"/tugas/{tid}", data=data)
        assert r.status_code == 403 and "CSRF" in r.json()["detail"]
    # the API on a session cookie needs the header too
    r = web.client.post(f"/api/tindak-lanjut/{tid}/status", data={"status": "dikerjakan"})
    assert r.status_code == 403
    with web.app.repo() as repo:
        assert repo.tindak_lanjut(tid).status == "terbuka"
    token = csrf_of(web.client.get("/tugas").text)
    r = web.client.post(f"/tugas/{tid}", data={"status": "dikerjakan", "csrf": token},
                        headers={"Accept": "application/json"})
    assert r.status_code == 200 and r.json()["status"] == "dikerjakan"


def test_every_change_is_audited(web):
    h = web.token("kepala_dinas")
    nomor = web.state.held[DALAM]
    assert web.client.post(f"/api/surat/{nomor}/setujui", headers=h).status_code == 200
    h2 = web.token("pj_mutu")
    tid = next(t["id"] for t in web.client.get("/api/tindak-lanjut", headers=h2).json()
               if t["status"] == "terbuka")
    web.client.post(f"/api/tindak-lanjut/{tid}/status", headers=h2, data={"status": "dikerjakan"})
    log = web.client.get("/api/audit", headers=web.token("sekretariat")).json()["entri"]
    assert log[0]["aksi"] == "tugas.ubah" and log[0]["oleh"] == "pj.mks"
    assert log[0]["sebelum"]["status"] == "terbuka" and log[0]["sesudah"]["status"] == "dikerjakan"
    assert log[1]["aksi"] == "surat.setujui" and log[1]["sasaran"] == f"surat:{nomor}"
    assert log[1]["sebelum"]["status"] == "menunggu_persetujuan" and log[1]["sesudah"]["status"] == "draft"
    assert datetime.fromisoformat(log[0]["waktu"]).utcoffset() == timedelta(0)
    with web.app.repo() as repo:
        assert all(isinstance(e, AuditLog) for e in repo.audit_list())


def test_refused_change_writes_no_audit(web):
    before = web.client.get("/api/audit", headers=web.token("admin")).json()["jumlah"]
    nomor = web.state.drafts[DALAM]  # a draft, not waiting for approval
    r = web.client.post(f"/api/surat/{nomor}/setujui", headers=web.token("kepala_dinas"))
    assert r.status_code == 409 and "tidak sedang menunggu persetujuan" in r.json()["detail"]
    assert web.client.get("/api/audit", headers=web.token("admin")).json()["jumlah"] == before


# -- ending sessions -----------------------------------------------------------------------------
def test_logout_revokes_the_cookie_even_if_someone_kept_a_copy(web):
    from fastapi.testclient import TestClient

    assert web.login_page("sekretariat").status_code == 303
    stolen = web.client.cookies.get("tpcb_sesi")
    other = TestClient(web.api, cookies={"tpcb_sesi": stolen})
    assert other.get("/api/me").status_code == 200
    token = csrf_of(web.client.get("/dasbor").text)
    assert web.client.post("/keluar", data={"csrf": token}, follow_redirects=False).status_code == 303
    assert other.get("/api/me").status_code == 401
    assert other.get("/dasbor", follow_redirects=False).headers["location"] == "/masuk"
    # signing in again gives a new, working session; the API token of the user is untouched
    assert web.login_page("sekretariat").status_code == 303
    assert web.client.get("/api/me").json()["nama_pengguna"] == "sekretariat"


def test_a_new_password_ends_every_session_and_token(web):
    from tpcb.services.users import set_password

    old_token = web.bearer("pj.mks")
    assert web.login_page("pj.mks").status_code == 303
    with web.app.repo() as repo:
        set_password(repo, "pj.mks", "sandi-baru-yang-panjang", oleh="admin")
    assert web.client.get("/api/me", headers=old_token).status_code == 401
    assert web.client.get("/api/me").status_code == 401
    r = web.client.post("/api/token", data={"username": "pj.mks", "password": PASSWORD})
    assert r.status_code == 401
    assert web.client.get("/api/me", headers=web.bearer("pj.mks", "sandi-baru-yang-panjang")
                          ).json()["nama_pengguna"] == "pj.mks"
    with web.app.repo() as repo:
        [entry] = repo.audit_list(aksi="pengguna.sandi")
    assert entry.oleh == "admin" and "password_hash" not in entry.sesudah
    assert entry.sesudah["sesi_sejak"] and entry.sebelum["sesi_sejak"] is None


def test_a_deactivated_user_is_out_at_once_and_reactivation_unlocks(web):
    from tpcb.services.users import set_active

    token = web.bearer("surveior")
    for _ in range(5):
        web.client.post("/api/token", data={"username": "surveior", "password": "salah-sekali-123"})
    assert web.client.post("/api/token", data={"username": "surveior", "password": PASSWORD}
                           ).status_code == 429
    with web.app.repo() as repo:
        set_active(repo, "surveior", False, oleh="admin")
    assert web.client.get("/api/me", headers=token).status_code == 401
    minute_passes(web)
    r = web.client.post("/api/token", data={"username": "surveior", "password": PASSWORD})
    assert r.status_code == 401 and r.json()["detail"] == "Nama pengguna atau kata sandi salah."
    with web.app.repo() as repo:
        set_active(repo, "surveior", True, oleh="admin")
    minute_passes(web)
    with web.app.repo() as repo:
        user = repo.pengguna("surveior")
        assert user.aktif and user.gagal == 0 and user.terkunci_sampai is None
        assert [e.aksi for e in repo.audit_list(oleh="admin")[:2]] == ["pengguna.aktif",
                                                                      "pengguna.nonaktif"]
    assert web.client.get("/api/me", headers=web.bearer("surveior")).status_code == 200


def test_a_sign_in_moves_an_older_scrypt_hash_to_argon2id(web):
    from tests.web.test_akses import _scrypt_lama

    with web.app.repo() as repo:
        user = repo.pengguna("surveior")
        user.password_hash = _scrypt_lama(PASSWORD)
        repo.add(user)
    sign_in = {"username": "surveior", "password": PASSWORD}
    assert web.client.post("/api/token", data=sign_in).status_code == 200
    with web.app.repo() as repo:
        stored = repo.pengguna("surveior").password_hash
    assert stored.startswith("$argon2id$")
    assert web.client.post("/api/token", data=sign_in).status_code == 200  # and it keeps working
