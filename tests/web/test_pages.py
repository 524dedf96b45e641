"""The server-rendered pages through TestClient: what each role sees and may do."""

from __future__ import annotations

import pytest

from evidence.letters import get_letter
from tests.web.conftest import csrf_of
from tests.web.state import DALAM, LUAR

HTML = {"Accept": "text/html"}


def test_surveyor_matrix(web):
    assert web.login_page("surveior").headers["location"] == "/matriks"
    page = web.client.get(f"/matriks?puskesmas={DALAM}")
    assert page.status_code == 200
    text = page.text
    assert "skor sementara" in text and "Puskesmas Mekarsentosa" in text
    assert text.count('class="kartu ep"') == 8
    assert "Narasumber" in text and "Status dan alasan" in text and "Langkah:" in text
    assert "Penilaian surveior" in text and "belum dinilai" in text
    assert "Fitri Anggun Maharani" in text  # the PJ Mutu named for f-w1
    assert 'href="/berkas/99.01/' in text
    key = text.split('href="/berkas/')[1].split('"')[0]
    got = web.client.get(f"/berkas/{key}")
    assert got.status_code == 200 and got.headers["content-disposition"].startswith("inline")
    other = web.client.get(f"/matriks?puskesmas={LUAR}", headers=HTML)
    assert other.status_code == 403 and "Anda tidak berhak mengakses data ini." in other.text
    assert "<html" in other.text and LUAR not in other.text.split("<main>")[1]
    assert web.client.get("/dasbor", headers=HTML).status_code == 403


def test_pj_mutu_task_list_overdue_first_and_no_escalated_moves(web):
    assert web.login_page("pj.mks").headers["location"] == "/tugas"
    text = web.client.get("/tugas").text
    assert "terlambat" in text and 'data-xhr' in text and "<progress" in text
    escalated = text.split('id="tugas-2"')[1].split("</article>")[0]
    assert "Dieskalasi ke Dinkes" in escalated and "<form" not in escalated
    assert LUAR not in text


def test_kepala_dinas_approves_on_their_own_page(web):
    assert web.login_page("kadinkes").headers["location"] == "/persetujuan"
    page = web.client.get("/persetujuan")
    assert "Dasbor sekretariat TPCB" not in page.text
    main = page.text.split("<main>")[1]
    # approvals come first: before what waits for a signature and what was signed
    assert main.index("Surat menunggu persetujuan") < main.index("Surat menunggu tanda tangan") < main.index(
        "Sudah ditandatangani")
    assert "Setujui" in page.text
    nomor = web.state.held[DALAM]
    # the held letter has no number yet: it is named by its draft ID, never "None"
    assert f'name="nomor" value="{nomor}"' in page.text and "<b>None</b>" not in page.text
    r = web.client.post("/surat/keputusan", data={"nomor": nomor, "keputusan": "setujui",
                                                  "csrf": csrf_of(page.text)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/persetujuan"
    after = web.client.get("/persetujuan").text
    assert f"Surat {nomor} disetujui: bernomor " in after and "menunggu tanda tangan" in after
    assert f"Surat {nomor} disetujui" not in web.client.get("/persetujuan").text  # shown once
    with web.app.repo() as repo:
        approved = get_letter(repo, nomor)  # the draft ID still names it
        assert approved.status == "draft" and approved.nomor and approved.bernomor_dirender
        assert repo.audit_list(oleh="kadinkes")[0].aksi == "surat.setujui"
    # now numbered, it waits for the signature on the same page, no longer for approval
    signing = after.split('id="tanda-tangan"')[1].split("</section>")[0]
    assert approved.nomor in signing and f'value="{nomor}"' not in after.split('id="tanda-tangan"')[0]
    # the dashboard, still open to them, is not titled for the secretariat
    dash = web.client.get("/dasbor").text
    assert "Ringkasan siklus TPCB" in dash and "Dasbor sekretariat TPCB" not in dash


def test_secretariat_sees_waiting_letters_without_approve_buttons(web):
    web.login_page("sekretariat")
    text = web.client.get("/dasbor").text
    assert "Dasbor sekretariat TPCB" in text
    assert "menunggu keputusan Kepala Dinas" in text and "Unggah" in text
    assert 'value="setujui"' not in text


def test_logout_needs_csrf_and_ends_the_session(web):
    web.login_page("admin")
    assert web.client.post("/keluar").status_code == 403
    token = csrf_of(web.client.get("/dasbor").text)
    assert web.client.post("/keluar", data={"csrf": token}, follow_redirects=False).status_code == 303
    assert web.client.get("/dasbor", follow_redirects=False).headers["location"] == "/masuk"


def test_openapi_docs(web):
    assert web.client.get("/docs").status_code == 200
    paths = web.client.get("/openapi.json").json()["paths"]
    for p in ("/api/token", "/api/catalogue", "/api/puskesmas", "/api/artefact", "/api/surat",
              "/api/tindak-lanjut", "/api/kinerja", "/api/completeness", "/api/audit", "/api/bundel"):
        assert p in paths


def test_secretariat_uploads_a_corrected_draft_from_the_dashboard(web):
    web.login_page("sekretariat")
    page = web.client.get("/dasbor").text
    nomor = web.state.drafts[DALAM]
    assert "Perbaiki draf (.docx)" in page and 'action="/surat/revisi"' in page
    with web.app.repo() as repo:
        key = get_letter(repo, nomor).artefak_draf
    draft = web.client.get(f"/berkas/{key}?unduh=1").content
    form = {"nomor": nomor, "csrf": csrf_of(page)}
    r = web.client.post("/surat/revisi", data=form, follow_redirects=False,
                        files={"file": ("draf.docx", draft, "application/octet-stream")})
    assert r.status_code == 303
    assert f"Isi berkas sama dengan draf surat {nomor}; tidak ada yang berubah" in web.client.get(
        r.headers["location"]).text
    r = web.client.post("/surat/revisi", data={"nomor": nomor}, follow_redirects=False,
                        files={"file": ("draf.docx", draft, "application/octet-stream")})
    assert r.status_code == 403  # no CSRF token


@pytest.mark.parametrize("path", ["/dasbor?pesan=Surat 1 sudah final", "/tugas?pesan=Surat 1 sudah final"])
def test_a_banner_is_never_text_from_the_url(web, path):
    web.login_page("admin")
    page = web.client.get(path)
    assert page.status_code == 200 and "Surat 1 sudah final" not in page.text


def test_a_forged_banner_cookie_is_ignored(web):
    web.login_page("admin")
    web.client.cookies.set("tpcb_pesan", "Surat 1 sudah final")
    assert "Surat 1 sudah final" not in web.client.get("/dasbor").text
