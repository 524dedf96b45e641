"""The "Unggah" control of a butir row on /matriks (POST /butir/unggah): who sees it, what a
stored file changes on the page, and every refusal (in Indonesian, naming the user's own file,
nothing stored). The same use case as the CLI and the API (tpcb.services.artefak.upload)."""

from __future__ import annotations

import re

import pytest

from evidence.akses import Actor
from tests.samples import docx_bytes, pdf_bytes
from tests.web.conftest import csrf_of, pg_s3_web
from tests.web.state import DALAM, LUAR, RPK, YEAR, hapus_rpk
from tpcb.services.artefak import kalimat_unggah, upload

JSON, HTML = {"Accept": "application/json"}, {"Accept": "text/html"}


@pytest.fixture
def web(web):
    hapus_rpk(web.app)
    return web


def _row(html: str, item: str) -> str:
    """The <tr> of one butir on the matrix page."""
    return html.split(f'<tr id="butir-{item}">', 1)[1].split("</tr>", 1)[0]


def _status(html: str, item: str) -> str:
    return re.search(r'<span class="st ([a-z_]+)">', _row(html, item)).group(1)


def _stored(web) -> tuple:
    with web.app.repo() as repo:
        rows = sorted((a.kunci, a.revisi, a.sha256) for a in repo.artefacts())
        audit = len(repo.audit_list(aksi="artefak.unggah"))
    return rows, sorted(o.key for o in web.app.store.list_objects("")), audit


def _signed_in(web, username: str) -> str:
    assert web.login_page(username).status_code == 303
    page = web.client.get(f"/matriks?puskesmas={DALAM}&tahun={YEAR}")
    assert page.status_code == 200, page.text
    return page.text


def _post(web, token: str, files, headers=JSON, **form):
    data = {"csrf": token, "puskesmas": DALAM, "matriks": DALAM, "item": RPK, "tahun": str(YEAR),
            "tanggal": f"{YEAR}-01-15", "status": "final", **form}
    return web.client.post("/butir/unggah", data=data, files=files, headers=headers,
                           follow_redirects=False)


def _pdf(name: str, data: bytes | None = None):
    return [("berkas", (name, data if data is not None else pdf_bytes(2), "application/pdf"))]


def test_pj_mutu_sees_the_control_on_own_rows_only(web):
    html = _signed_in(web, "pj.mks")
    assert _status(html, RPK) == "tidak_ada"
    row = _row(html, RPK)
    assert 'id="unggah-e-r2"' in row and 'action="/butir/unggah"' in row and 'name="csrf"' in row
    assert 'type="file" name="berkas" multiple' in row and f'value="{DALAM}"' in row
    assert 'data-unggah-butir' not in _row(html, "b-r1")  # Dinkes-scope: the secretariat's
    assert '/static/unggah_butir.js' in html and "<script>" not in html


def test_secretariat_sees_it_on_dinkes_rows_too(web):
    html = _signed_in(web, "sekretariat")
    assert 'name="puskesmas" value="dinkes"' in _row(html, "b-r1")
    assert 'data-unggah-butir' in _row(html, RPK)


@pytest.mark.parametrize("user", ["surveior", "kadinkes"])
def test_readers_see_no_control_and_may_not_post(web, user):
    html = _signed_in(web, user)
    assert "data-unggah-butir" not in html and "/butir/unggah" not in html
    before = _stored(web)
    r = _post(web, csrf_of(html), _pdf("rpk.pdf"))
    assert r.status_code == 403 and "tidak berwenang" in r.json()["detail"]
    assert _stored(web) == before


def test_upload_by_xhr_turns_the_row_final(web):
    csrf = csrf_of(_signed_in(web, "pj.mks"))
    r = _post(web, csrf, _pdf("RPK 2026 (ttd).pdf"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["hasil"] == "baru" and body["artefak"]["status"] == "final"
    assert body["pesan"] == "Berkas RPK 2026 (ttd).pdf tersimpan untuk butir e-r2 (final)."
    page = web.client.get(f"/matriks?puskesmas={DALAM}&tahun={YEAR}").text
    assert body["pesan"] in page.split("<main>")[1]  # the banner, once
    assert _status(page, RPK) == "ada" and "RPK_2026_ttd_.pdf" in _row(page, RPK)
    assert body["pesan"] not in web.client.get(f"/matriks?puskesmas={DALAM}").text
    with web.app.repo() as repo:
        [entry] = repo.audit_list(aksi="artefak.unggah")
        assert entry.oleh == "pj.mks" and entry.sesudah["hasil"] == "baru"


def test_plain_form_without_script_redirects_with_a_banner(web):
    csrf = csrf_of(_signed_in(web, "pj.mks"))
    files = _pdf("rpk-a.pdf", pdf_bytes(1)) + _pdf("rpk-b.pdf", pdf_bytes(3))
    r = _post(web, csrf, files, headers=HTML, status="draf")
    assert r.status_code == 303
    assert r.headers["location"] == f"/matriks?puskesmas={DALAM}&tahun={YEAR}#unggah-{RPK}"
    page = web.client.get(r.headers["location"]).text
    assert "Berkas rpk-a.pdf tersimpan untuk butir e-r2 (draf)." in page
    assert "Berkas rpk-b.pdf tersimpan untuk butir e-r2 (draf)." in page
    assert _status(page, RPK) == "hanya_draf"


def test_same_bytes_under_another_name_is_recognised(web):
    csrf = csrf_of(_signed_in(web, "pj.mks"))
    assert _post(web, csrf, _pdf("RPK 2026.pdf")).status_code == 200
    before = _stored(web)
    r = _post(web, csrf, _pdf("salinan rpk.pdf"))
    assert r.status_code == 200 and r.json()["hasil"] == "sama"
    assert r.json()["pesan"] == ("Isi berkas salinan rpk.pdf sama dengan revisi 1 butir e-r2 "
                                 "(nama asli RPK_2026.pdf); tidak ada yang berubah.")
    rows, objects, _ = _stored(web)
    assert (rows, objects) == before[:2]


def test_ganti_stores_a_new_revision(web):
    csrf = csrf_of(_signed_in(web, "pj.mks"))
    assert _post(web, csrf, _pdf("rpk.pdf", pdf_bytes(1))).status_code == 200
    clash = _post(web, csrf, _pdf("rpk.pdf", pdf_bytes(4)))
    assert clash.status_code == 409 and "ganti" in clash.json()["detail"]
    r = _post(web, csrf, _pdf("rpk.pdf", pdf_bytes(4)), ganti="true")
    assert r.status_code == 200 and r.json()["hasil"] == "revisi"
    assert r.json()["pesan"] == "Berkas rpk.pdf tersimpan sebagai revisi 2 butir e-r2 (final)."


@pytest.mark.parametrize("files,form,status,words", [
    (_pdf("Program Kerja.exe", b"MZ\x90\x00"), {}, 400, "Jenis berkas '.exe' tidak diterima"),
    (_pdf("RPK (final).pdf", docx_bytes()), {}, 400, "Isi berkas 'RPK (final).pdf' bukan PDF"),
    (_pdf("kosong.pdf", b""), {}, 400, "'kosong.pdf' kosong"),
    (_pdf("besar sekali.pdf", pdf_bytes(400)), {}, 413, "'besar sekali.pdf' lebih besar dari batas"),
    (_pdf("rpk.pdf"), {"tanggal": ""}, 400, "Tanggal berlaku wajib diisi"),
    (_pdf("rpk.pdf"), {"tanggal": "15-01-2026"}, 400, "bukan tanggal yang sah"),
    (_pdf("rpk.pdf"), {"status": ""}, 400, "Pilih status berkas"),
    ([], {}, 400, "Pilih berkas yang akan diunggah"),
    (_pdf("rpk.pdf"), {"puskesmas": LUAR, "matriks": LUAR}, 403, "Anda tidak berhak"),
    (_pdf("sk.pdf"), {"puskesmas": "dinkes", "item": "b-r1"}, 403, "Anda tidak berhak"),
    (_pdf("rpk.pdf"), {"item": "z-r9"}, 404, "z-r9"),
    (_pdf("rpk.pdf"), {"csrf": "palsu"}, 403, "Token CSRF"),
], ids=["jenis", "isi", "kosong", "besar", "tanpa-tanggal", "tanggal-salah", "tanpa-status",
        "tanpa-berkas", "luar-cakupan", "butir-dinkes", "butir-tak-dikenal", "csrf"])
def test_refusals_are_indonesian_and_store_nothing(web, files, form, status, words):
    web.app.settings.max_upload_mb = 0.04  # 41 KB: more than the docx sample
    csrf = csrf_of(_signed_in(web, "pj.mks"))
    before = _stored(web)
    r = _post(web, csrf, files, **form)
    assert r.status_code == status, r.text
    assert words in r.json()["detail"]
    assert LUAR not in r.json()["detail"]
    assert _stored(web) == before
    page = _post(web, csrf, files, headers=HTML, **form)  # the plain form: the same words, as a page
    assert page.status_code == status and words.split("'")[0] in page.text


def test_a_later_refusal_says_which_files_were_stored(web):
    csrf = csrf_of(_signed_in(web, "pj.mks"))
    files = _pdf("rpk.pdf", pdf_bytes(1)) + _pdf("rusak.pdf", docx_bytes())
    r = _post(web, csrf, files)
    assert r.status_code == 400
    detail = r.json()["detail"]
    assert "'rusak.pdf' bukan PDF" in detail and "Berkas sebelumnya sudah tersimpan: Berkas rpk.pdf" in detail


def test_the_service_recognises_same_bytes_for_cli_api_and_page(web):
    """At the application layer: what the CLI, the API and the page share."""
    who = Actor("sekretariat", "sekretariat")
    with web.app.uow() as uow:
        first = upload(web.app, uow, who, puskesmas=DALAM, item=RPK, data=pdf_bytes(5),
                       filename="rpk.pdf", final=True, tanggal=None, tahun=YEAR, ganti=False)
    with web.app.uow() as uow:
        again = upload(web.app, uow, who, puskesmas=DALAM, item=RPK, data=pdf_bytes(5),
                       filename="RPK lain.pdf", final=True, tanggal=None, tahun=YEAR, ganti=False)
    assert again.outcome == "sama" and again.artefact.kunci == first.artefact.kunci
    assert kalimat_unggah(again, "RPK lain.pdf") == (
        "Isi berkas RPK lain.pdf sama dengan revisi 1 butir e-r2 (nama asli rpk.pdf); tidak ada "
        "yang berubah.")
    api = web.client.post("/api/artefact", headers=web.token("sekretariat"),
                          data={"puskesmas": DALAM, "item": RPK, "final": "true", "tahun": str(YEAR)},
                          files={"file": ("ketiga.pdf", pdf_bytes(5), "application/pdf")})
    assert api.status_code == 201 and api.json()["hasil"] == "sama"
    assert api.json()["artefak"]["kunci"] == first.artefact.kunci


@pytest.fixture(scope="module")
def pg_web(s3_server, tmp_path_factory):
    with pg_s3_web(s3_server, tmp_path_factory.mktemp("pg") / "home", "unggah-butir") as web:
        hapus_rpk(web.app)
        yield web


@pytest.mark.slow
def test_on_postgresql_and_s3(pg_web):
    assert pg_web.app.engine.dialect.name == "postgresql"
    csrf = csrf_of(_signed_in(pg_web, "pj.mks"))
    r = _post(pg_web, csrf, _pdf("RPK final.pdf", pdf_bytes(6)))
    assert r.status_code == 200 and r.json()["hasil"] == "baru", r.text
    key = r.json()["artefak"]["kunci"]
    assert pg_web.app.store.get(key) == pdf_bytes(6)  # really in the bucket
    stored = _stored(pg_web)
    same = _post(pg_web, csrf, _pdf("lagi.pdf", pdf_bytes(6)))
    assert same.json()["hasil"] == "sama" and "nama asli RPK_final.pdf" in same.json()["pesan"]
    before = _stored(pg_web)
    assert before[:2] == stored[:2]  # the attempt is in the audit log; no row nor object added
    refused = _post(pg_web, csrf, _pdf("rpk.pdf", docx_bytes()), status="draf")
    assert refused.status_code == 400 and "'rpk.pdf' bukan PDF" in refused.json()["detail"]
    assert _stored(pg_web) == before
    page = pg_web.client.get(f"/matriks?puskesmas={DALAM}&tahun={YEAR}").text
    assert _status(page, RPK) == "ada"


def test_same_bytes_as_final_only_changes_the_status(web):
    csrf = csrf_of(_signed_in(web, "pj.mks"))
    assert _post(web, csrf, _pdf("rpk draf.pdf"), status="draf").json()["hasil"] == "baru"
    r = _post(web, csrf, _pdf("rpk ttd.pdf"))
    assert r.json()["hasil"] == "status" and r.json()["artefak"]["status"] == "final"
    assert r.json()["pesan"] == ("Isi berkas rpk ttd.pdf sama dengan revisi 1 butir e-r2 "
                                 "(nama asli rpk_draf.pdf); statusnya kini final.")
