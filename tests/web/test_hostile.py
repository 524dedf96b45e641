"""Hostile and careless input against every web entry point, on SQLite + local files and on
PostgreSQL + a real S3 server.

One table per family. Every case asserts the same three things: no 5xx (no crash), an answer in
Bahasa Indonesia where the request is refused, and the records and objects exactly as before.
Files that look like an accepted type but carry active or disguised content are refused; names
that are merely unusual (another script, a Windows device name) are accepted under a safe name.
"""

from __future__ import annotations

import hashlib
import urllib.parse

import pytest
from fastapi.testclient import TestClient

from tests.samples import (
    docm_as_docx,
    docx_bytes,
    jpeg_bytes,
    pdf_bytes,
    pdf_docx_polyglot,
    pdf_with,
    png_bytes,
    zip_bomb_docx,
)
from tests.web import state as st
from tests.web.conftest import SECRET, Web, pg_s3_web
from tpcb.settings import Settings
from tpcb.settings_web import WebSettings
from tpcb.web import create_app
from tpcb.wiring import App

INDONESIAN = ("tidak", "sah", "silakan", "berkas", "ditolak", "isian", "angka", "parameter",
              "alamat", "tajuk", "belum", "wajib", "harus", "permintaan", "ditemukan", "berhak",
              "memuat", "karakter", "gambar", "masuk", "dikenal", "terlalu", "kosong", "salah",
              "unggah", "kunci")
ENGLISH = ("traceback", "internal server error", "field required", "input should", "not found",
           "value error", "stream has ended")
BIG = "99999999999999999999"
HOSTILE_TEXT = {"nul": "a\x00b", "kendali": "a\x0bb\x01", "markup": "[/x][bold]x", "besar": BIG,
                "negatif": "-" + BIG, "panjang": "x" * 5000, "raksasa": "x" * 30_000,
                "skrip": "<script>alert(1)</script>",
                "sql": "' OR 1=1 --", "jalur": "../../etc/passwd", "kosong": ""}


# -- the two installations --------------------------------------------------------------------
@pytest.fixture(scope="module", params=["sqlite", "postgres+s3"])
def site(request, built, tmp_path_factory) -> Web:
    import shutil

    if request.param == "sqlite":
        home = tmp_path_factory.mktemp("galak") / "home"
        shutil.copytree(built.home, home)
        app = st.app_for(home)
        yield _web(app, built, home)
        app.engine.dispose()
        return
    s3_server = request.getfixturevalue("s3_server")  # only this installation needs weed
    with pg_s3_web(s3_server, tmp_path_factory.mktemp("galak-pg") / "home", "galak") as web:
        yield web


def _web(app: App, state, home) -> Web:
    api = create_app(app, WebSettings(secret_key=SECRET, cookie_secure=False))
    return Web(TestClient(api, raise_server_exceptions=False), state, home, api)


def snapshot(web: Web) -> tuple:
    """What a hostile request must not change: every record that carries evidence, and every
    object with its content hash (failed-login counters and the audit log may move)."""
    with web.app.repo() as repo:
        artefak = sorted((a.kunci, a.sha256, a.status) for a in repo.artefacts())
        surat = sorted((s.id, s.nomor, s.status, s.artefak_draf, s.artefak_final)
                       for s in repo.surat_list())
        tugas = sorted((t.id, t.status) for t in repo.tindak_lanjut_list())
        pkm = sorted((p.kode, p.nama) for p in repo.all_puskesmas())
    objects = sorted((o.key, o.sha256) for o in web.app.store.list_objects(""))
    return artefak, surat, tugas, pkm, objects


def refused_cleanly(r, *, allowed=(400, 401, 403, 404, 405, 409, 413, 422)) -> None:
    assert r.status_code < 500, f"{r.status_code}: {r.text[:300]}"
    assert r.status_code in allowed, f"{r.status_code}: {r.text[:300]}"
    if r.status_code < 400:
        return
    text = r.text.lower()
    assert not any(word in text for word in ENGLISH), r.text[:300]
    if "json" in r.headers.get("content-type", ""):
        detail = r.json()["detail"]
        assert isinstance(detail, str), detail
        assert any(word in detail.lower() for word in INDONESIAN), detail


def q(value: str) -> str:
    return urllib.parse.quote(value, safe="")


# -- family 1: query parameters -------------------------------------------------------------------
QUERY_ROUTES = [("/api/completeness", "puskesmas"), ("/api/completeness", "tahun"),
                ("/api/kinerja", "tahun"), ("/api/audit", "limit"), ("/api/audit", "offset"),
                ("/api/audit", "oleh"), ("/api/artefact", "tahun"), ("/api/artefact", "puskesmas"),
                ("/api/surat", "status"), ("/api/surat", "puskesmas"), ("/api/tindak-lanjut", "tahun"),
                ("/api/tindak-lanjut", "status"), ("/api/penilaian", "puskesmas"),
                ("/matriks", "puskesmas"), ("/dasbor", "pesan")]
QUERY_VALUES = ["nul", "kendali", "markup", "besar", "negatif", "panjang"]


@pytest.mark.parametrize("path,param", QUERY_ROUTES)
@pytest.mark.parametrize("value", QUERY_VALUES)
def test_hostile_query_values(site, path, param, value):
    before = snapshot(site)
    r = site.client.get(path, params={param: HOSTILE_TEXT[value]}, headers=site.token("admin"))
    refused_cleanly(r, allowed=(200, 400, 403, 404, 422))
    if value in ("nul", "kendali", "besar", "negatif") and r.status_code != 200:
        assert r.status_code in (400, 404, 422)
    assert snapshot(site) == before


# -- family 2: path parameters --------------------------------------------------------------------
PATH_ROUTES = [("GET", "/api/artefact/{}"), ("GET", "/api/surat/{}"), ("GET", "/berkas/{}"),
               ("GET", "/unduh/{}"), ("GET", "/api/penilaian/{}/2026/ekspor"),
               ("GET", "/api/penilaian/PKM-MKS/{}/ekspor"), ("POST", "/api/tindak-lanjut/{}/status"),
               ("POST", "/api/surat/{}/setujui"), ("POST", "/api/surat/{}/nomor"),
               ("POST", "/api/surat/{}/tte")]
PATH_VALUES = ["nul", "kendali", "besar", "negatif", "jalur", "markup"]


@pytest.mark.parametrize("method,route", PATH_ROUTES)
@pytest.mark.parametrize("value", PATH_VALUES)
def test_hostile_path_values(site, method, route, value):
    before = snapshot(site)
    role = "kepala_dinas" if "setujui" in route else "admin"
    r = site.client.request(method, route.format(q(HOSTILE_TEXT[value])), headers=site.token(role),
                            data={"status": "selesai", "tanggal": "2026-01-05"} if method == "POST" else None,
                            follow_redirects=False)
    if r.status_code == 303:  # a page without its session cookie: to the sign-in page, nothing shown
        assert r.headers["location"] == "/masuk"
    else:
        refused_cleanly(r)
    assert snapshot(site) == before


# -- family 3: credentials in headers ---------------------------------------------------------------
HEADER_CASES = {
    "bearer-latin1": {"Authorization": b"Bearer \xff\xfe"},
    "bearer-utf8": {"Authorization": "Bearer tök.én".encode()},
    "bearer-nul": {"Authorization": b"Bearer a\x00b"},
    "bearer-forged": {"Authorization": "Bearer eyJzdWIiOiJhZG1pbiJ9.AAAA"},
    "bearer-kosong": {"Authorization": "Bearer "},
    "skema-lain": {"Authorization": "Basic YWRtaW46YWRtaW4="},
    "cookie-latin1": {"Cookie": b"tpcb_sesi=\xff\xfe"},
    "cookie-utf8": {"Cookie": "tpcb_sesi=sési".encode()},
    "cookie-nul": {"Cookie": b"tpcb_sesi=a\x00"},
    "csrf-latin1": {"X-CSRF-Token": b"\xff\xfe"},
}


@pytest.mark.parametrize("case", list(HEADER_CASES))
@pytest.mark.parametrize("method,path", [("GET", "/api/me"), ("POST", "/keluar"), ("GET", "/dasbor")])
def test_hostile_credentials(site, case, method, path):
    before = snapshot(site)
    r = site.client.request(method, path, headers=HEADER_CASES[case], follow_redirects=False)
    assert r.status_code < 500, r.text[:300]
    if r.status_code >= 400:
        refused_cleanly(r)
    assert r.status_code != 200 or path == "/keluar"  # never let in
    assert snapshot(site) == before


# -- family 4: form fields ------------------------------------------------------------------------
FORM_CASES = [
    ("/api/token", None, {"username": "nul", "password": "nul"}),
    ("/api/token", None, {"username": "panjang", "password": "kendali"}),
    ("/api/token", None, {"username": "markup", "password": "sql"}),
    ("/masuk", None, {"username": "nul", "password": "nul", "csrf": "nul"}),
    ("/masuk", None, {"username": "sql", "password": "x", "csrf": "kendali"}),
    ("/api/bundel", "admin", {"puskesmas": "nul", "tahun": "besar"}),
    ("/api/bundel", "admin", {"puskesmas": "markup", "tahun": "negatif"}),
    ("/api/surat/{held}/tolak", "kepala_dinas", {"alasan": "nul"}),
    ("/api/surat/{held}/tolak", "kepala_dinas", {"alasan": "kosong"}),
    ("/api/surat/{held}/tolak", "kepala_dinas", {"alasan": "kendali"}),
    ("/api/tindak-lanjut/1/status", "admin", {"status": "selesai", "catatan": "kendali"}),
    ("/api/tindak-lanjut/1/status", "admin", {"status": "kendali"}),
    ("/api/artefact/sahkan", "sekretariat", {"kunci": "kendali", "oleh": "nul"}),
    ("/api/surat/{draft}/nomor", "sekretariat", {"tanggal": "nul"}),
    ("/api/surat/{draft}/nomor", "sekretariat", {"tanggal": "besar"}),
    ("/api/surat/{draft}/nomor", "sekretariat", {"tanggal": "kendali"}),
]


@pytest.mark.parametrize("path,role,form", FORM_CASES)
def test_hostile_form_fields(site, path, role, form):
    before = snapshot(site)
    path = path.format(held=q(site.state.held[st.DALAM]), draft=q(site.state.drafts[st.DALAM]))
    data = {k: HOSTILE_TEXT.get(v, v) for k, v in form.items()}
    r = site.client.post(path, headers=site.token(role) if role else {}, data=data)
    refused_cleanly(r)
    assert snapshot(site) == before


@pytest.mark.parametrize("field,value", [("nilai", "besar"), ("nilai", "nul"), ("fakta", "nul"),
                                         ("nilai", "markup"), ("fakta", "raksasa"),
                                         ("fakta", "kendali"), ("rekomendasi", "nul")])
def test_hostile_assessment_json(site, field, value):
    before = snapshot(site)
    body = {"nilai": "TS", "fakta": "Bukti RPK belum lengkap", "rekomendasi": "", field: HOSTILE_TEXT[value]}
    r = site.client.put(f"/api/penilaian/{st.DALAM}/{st.YEAR}/a", headers=site.token("surveyor"),
                        json=body)
    refused_cleanly(r)
    assert snapshot(site) == before
    with site.app.repo() as repo:  # nothing of the refused assessment was recorded
        assert all(HOSTILE_TEXT[value] not in (p.fakta, p.rekomendasi, p.nilai)
                   for p in repo.penilaian_list(st.YEAR, st.DALAM))


def test_markup_like_text_in_an_assessment_is_kept_as_typed(site):
    body = {"nilai": "TS", "fakta": "Lihat [lampiran 2] dan [/x]", "rekomendasi": "[bold]segera"}
    r = site.client.put(f"/api/penilaian/{st.DALAM}/{st.YEAR}/b", headers=site.token("surveyor"), json=body)
    assert r.status_code == 200, r.text
    assert r.json()["fakta"] == body["fakta"] and r.json()["rekomendasi"] == body["rekomendasi"]


# -- family 5: files that look acceptable but are not --------------------------------------------
DANGEROUS = {
    "docm-sebagai-docx": ("ruk.docx", docm_as_docx, "makro"),
    "pdf-javascript": ("ruk.pdf", lambda: pdf_with("javascript"), "javascript"),
    "pdf-js-disamarkan": ("ruk.pdf", lambda: pdf_with("js_hex"), "javascript"),
    "pdf-js-di-anotasi": ("ruk.pdf", lambda: pdf_with("annot_js"), "javascript"),
    "pdf-launch": ("ruk.pdf", lambda: pdf_with("launch"), "launch"),
    "pdf-lampiran": ("ruk.pdf", lambda: pdf_with("embedded"), "tersisip"),
    "poliglot-pdf-docx": ("ruk.pdf", pdf_docx_polyglot, "sekaligus"),
    "docx-berkepala-pdf": ("ruk.docx", lambda: b"%PDF-1.7\n" + docx_bytes(), "bukan"),
    "png-lalu-html": ("foto.png", lambda: b"\x89PNG\r\n\x1a\n<html><script>x</script>", "gambar"),
    "png-ekor": ("foto.png", lambda: png_bytes() + b"<script>alert(1)</script>", "tambahan"),
    "jpeg-ekor-zip": ("foto.jpg", lambda: jpeg_bytes() + docx_bytes(), "tambahan"),
    "bom-zip": ("ruk.docx", zip_bomb_docx, "bom zip"),
    "pdf-terkunci": ("ruk.pdf", lambda: pdf_bytes(password="x"), "terkunci"),
    "exe": ("ruk.exe", lambda: b"MZ\x90\x00" * 10, "tidak diterima"),
    "html-sebagai-csv": ("data.csv", lambda: b"\x00\x01<html>", "bukan"),
    "kosong": ("ruk.pdf", lambda: b"", "kosong"),
    "nama-hanya-titik": ("...", pdf_bytes, "nama berkas"),
    "tanpa-ekstensi": (".pdf", pdf_bytes, "tidak berekstensi"),
}


@pytest.mark.parametrize("case", list(DANGEROUS))
def test_dangerous_files_are_refused_and_nothing_is_stored(site, case):
    name, make, words = DANGEROUS[case]
    before = snapshot(site)
    r = site.client.post("/api/artefact", headers=site.token("pj_mutu"),
                         data={"puskesmas": st.DALAM, "item": "e-r1", "final": "true"},
                         files={"file": (name, make(), "application/octet-stream")})
    refused_cleanly(r)
    assert r.status_code == 400
    assert words in r.json()["detail"].lower()
    assert snapshot(site) == before


UNUSUAL_NAMES = {  # accepted, under a name every file system and browser can hold
    "CON.pdf": "berkas-CON.pdf", "nul.docx": "berkas-nul.docx", "COM1.pdf": "berkas-COM1.pdf",
    "laporan. . .pdf": "laporan._._.pdf", "报告.pdf": "berkas-", "سجل.pdf": "berkas-",
    "Rencana Usulan Kegiatan – final ü.pdf": "Rencana_Usulan_Kegiatan_final_u.pdf",
}


@pytest.mark.parametrize("name", list(UNUSUAL_NAMES))
def test_unusual_file_names_are_kept_safely(site, name):
    marker = hashlib.sha1(name.encode()).hexdigest()
    data = docx_bytes(marker) if name.endswith(".docx") else pdf_bytes(1) + f"% {marker}\n".encode()
    r = site.client.post("/api/artefact", headers=site.token("pj_mutu"),
                         data={"puskesmas": st.DALAM, "item": "e-r1", "final": "true"},
                         files={"file": (name, data, "application/octet-stream")})
    assert r.status_code == 201, r.text
    stored = r.json()["artefak"]["kunci"].rsplit("/", 1)[-1]
    assert stored.startswith(UNUSUAL_NAMES[name]) and stored.isascii()
    assert stored.endswith((".pdf", ".docx")) and not stored.endswith(" ")
    assert site.client.get(f"/api/artefact/{r.json()['artefak']['kunci']}",
                           headers=site.token("surveyor")).content == data


# -- family 6: headers on every answer ---------------------------------------------------------------
@pytest.mark.parametrize("path", ["/dasbor", "/matriks", "/tugas", "/api/me", "/api/completeness"])
def test_authenticated_answers_are_never_cached_and_carry_a_strict_csp(site, path):
    r = site.client.get(path, headers=site.token("admin"))
    assert r.status_code == 200, r.text[:200]
    assert r.headers["cache-control"] == "no-store"
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "object-src 'none'" in csp
    if path in ("/dasbor", "/matriks", "/tugas"):
        assert " onchange=" not in r.text and " onclick=" not in r.text and " style=\"" not in r.text
        assert "<script>" not in r.text  # scripts only from /static


def test_static_assets_may_be_cached(site):
    r = site.client.get("/static/app.css")
    assert r.status_code == 200 and r.headers.get("cache-control") != "no-store"


# -- sign-in: limits before the password, and a lock that cannot keep the owner out -------------------
def test_parallel_guesses_are_stopped_before_the_password_is_checked(web):
    import concurrent.futures

    def guess(i):
        return web.client.post("/api/token", data={"username": "sekretariat", "password": f"salah{i}"})

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(guess, range(40)))
    codes = [r.status_code for r in answers]
    assert codes.count(401) <= web.api.state.web.lockout_attempts  # the lock holds under a race
    assert all(c in (401, 429) for c in codes)
    limited = [r for r in answers if r.status_code == 429]
    assert limited and all(int(r.headers["retry-after"]) >= 1 for r in limited)
    assert all("coba lagi" in r.json()["detail"].lower() for r in limited)


def test_one_address_cannot_try_many_accounts(web):
    codes = [web.client.post("/api/token", data={"username": f"tebakan{i}", "password": "x"}).status_code
             for i in range(25)]
    assert codes[:20] == [401] * 20 and set(codes[20:]) == {429}


def test_an_outsider_cannot_lock_the_owner_out_of_a_known_browser(web):
    assert web.login_page("sekretariat").status_code == 303  # the owner's browser, known from now on
    device = web.client.cookies.get("tpcb_perangkat")
    assert device
    outsider = TestClient(web.api, raise_server_exceptions=False)
    for _ in range(web.api.state.web.lockout_attempts):
        outsider.post("/api/token", data={"username": "sekretariat", "password": "tebakan"})
    locked = outsider.post("/api/token", data={"username": "sekretariat", "password": st.PASSWORD})
    assert locked.status_code == 429 and "coba lagi" in locked.json()["detail"].lower()
    web.client.cookies.clear()
    web.client.cookies.set("tpcb_perangkat", device)
    assert web.login_page("sekretariat").status_code == 303  # the owner still gets in
    with web.app.repo() as repo:
        user = repo.pengguna("sekretariat")
        assert user.gagal == 0 and user.terkunci_sampai is None  # and the lock is lifted


def test_a_wrong_password_keeps_the_username_in_the_form(web):
    r = web.login_page("sekretariat", "salah-sandi")
    assert r.status_code == 401 and 'value="sekretariat"' in r.text


# -- the database fails under a request ---------------------------------------------------------------
def test_a_read_only_database_answers_503_in_words_and_stores_nothing(built, tmp_path):
    import shutil

    home = tmp_path / "home"
    shutil.copytree(built.home, home)
    ro = App(Settings(home=home, database_url=f"sqlite:///file:{home / 'tpcb.db'}?mode=ro&uri=true"))
    web = _web(ro, built, home)
    before = {o.key for o in ro.store.list_objects("")}
    r = web.client.post("/api/artefact", headers=web.token("pj_mutu"),
                        data={"puskesmas": st.DALAM, "item": "e-r1", "final": "true"},
                        files={"file": ("ruk-baru.pdf", pdf_bytes(4), "application/pdf")})
    assert r.status_code == 503 and int(r.headers["retry-after"]) > 0
    assert "hanya dapat dibaca" in r.json()["detail"] and "tidak dapat disimpan" in r.json()["detail"]
    assert {o.key for o in ro.store.list_objects("")} == before
    ro.engine.dispose()


def test_an_unreachable_database_answers_503_naming_the_cause(built, tmp_path):
    down = App(Settings(home=tmp_path / "home",
                        database_url="postgresql+psycopg://postgres@127.0.0.1:1/x?connect_timeout=2"))
    web = _web(down, built, tmp_path / "home")
    r = web.client.get("/api/me", headers=web.token("admin"))
    assert r.status_code == 503 and "tidak dapat dihubungi" in r.json()["detail"]
    assert r.headers["retry-after"] == "30"
    down.engine.dispose()


# -- bodies larger than any upload ---------------------------------------------------------------------
def test_a_declared_huge_body_is_refused_before_it_is_read(site):
    before = snapshot(site)
    r = site.client.post("/api/artefact", headers={**site.token("pj_mutu"),
                                                   "Content-Length": str(10 * 1024**3),
                                                   "Content-Type": "multipart/form-data; boundary=x"},
                         content=b"--x--\r\n")
    assert r.status_code == 413 and "terlalu besar" in r.json()["detail"]
    assert snapshot(site) == before


def test_a_streamed_body_is_stopped_at_the_limit(site):
    limit = site.app.settings.max_upload_bytes

    def chunks():
        yield b"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.4\n"
        for _ in range(limit // (1024 * 1024) + 3):
            yield b"0" * (1024 * 1024)

    before = snapshot(site)
    r = site.client.post("/api/artefact", headers={**site.token("pj_mutu"),
                                                   "Content-Type": "multipart/form-data; boundary=x"},
                         content=chunks())
    assert r.status_code == 413 and "terlalu besar" in r.json()["detail"], r.text
    assert snapshot(site) == before


def test_a_broken_multipart_body_is_answered_in_indonesian(site):
    r = site.client.post("/api/artefact", headers={**site.token("pj_mutu"),
                                                   "Content-Type": "multipart/form-data; boundary=x"},
                         content=b"--x\r\nContent-Disposition: form-data; name=\"file\"; "
                                 b"filename=\"a.pdf\"\r\n")
    refused_cleanly(r)
