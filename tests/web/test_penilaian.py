"""The surveyor's assessment and document signing through the API, the matrix page beside it."""

from __future__ import annotations

import io

import openpyxl
from sqlalchemy import event
from sqlmodel import Session

from evidence.errors import DatabaseUnavailable
from tests.samples import pdf_bytes
from tests.web.conftest import csrf_of
from tests.web.state import DALAM, LUAR, YEAR


def test_surveyor_records_ep_by_ep_and_the_page_highlights_the_difference(web):
    who = web.token("surveyor")
    url = f"/api/penilaian/{DALAM}/{YEAR}"
    r = web.client.put(f"{url}/e", headers=who, json={"nilai": "TS", "fakta": "RUK tanpa RPJM"})
    assert r.status_code == 200 and r.json()["nilai"] == "TS" and r.json()["oleh"] == "surveior"
    for ep in "abcdfgh":
        assert web.client.put(f"{url}/{ep}", headers=who, json={"nilai": "TDD" if ep == "a" else "TL",
                                                               "fakta": "tidak berlaku"}).status_code == 200
    got = web.client.get("/api/penilaian", params={"puskesmas": DALAM, "tahun": YEAR}, headers=who).json()
    assert (got["skor"], got["maksimum"], got["capaian_persen"]) == (65, 70, 92.9)
    row_e = next(e for e in got["ep"] if e["kode"] == "e")
    assert row_e["nilai_surveior"] == "TS" and row_e["beda"] == (row_e["nilai_sementara"] != "TS")
    web.login_page("surveior")
    page = web.client.get(f"/matriks?puskesmas={DALAM}&tahun={YEAR}").text
    assert "Capaian Kriteria 1.7.1 menurut surveior: <b>65/70 = 92,9%</b>" in page
    assert 'class="beda"' in page and "RUK tanpa RPJM" in page
    xlsx = web.client.get(f"{url}/ekspor", params={"format": "xlsx"}, headers=who)
    assert xlsx.status_code == 200
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.iter_rows()]
    assert ["1.7", "1.7.1", "e", "TS", "RUK tanpa RPJM", "-"] in rows
    assert web.client.post(f"{url}/final", headers=who).status_code == 200
    r = web.client.put(f"{url}/b", headers=who, json={"nilai": "TS", "fakta": "x"})
    assert r.status_code == 409 and "sudah final" in r.json()["detail"]


def test_a_request_whose_commit_is_refused_answers_with_the_refusal_and_stores_nothing(web):
    """The request's unit of work ends before the answer is sent: never a 200 for unsaved data."""
    def disk_full(session):
        raise DatabaseUnavailable("penuh", "Disk basis data penuh atau rusak (galat I/O).")

    event.listen(Session, "before_commit", disk_full)
    try:
        r = web.client.put(f"/api/penilaian/{DALAM}/{YEAR}/e", headers=web.token("surveyor"),
                           json={"nilai": "TS", "fakta": "RUK tanpa RPJM"})
    finally:
        event.remove(Session, "before_commit", disk_full)
    assert r.status_code == 503 and "Disk basis data penuh" in r.json()["detail"]
    assert "Data tidak diubah" in r.json()["detail"]
    with web.app.repo() as repo:
        assert repo.penilaian_list(YEAR, DALAM) == []


def test_assessment_is_refused_outside_role_and_scope_and_for_bad_values(web):
    url = f"/api/penilaian/{DALAM}/{YEAR}"
    r = web.client.put(f"{url}/b", headers=web.token("sekretariat"), json={"nilai": "TL"})
    assert r.status_code == 403 and "Hanya surveior" in r.json()["detail"]
    surveyor = web.token("surveyor")
    r = web.client.put(f"/api/penilaian/{LUAR}/{YEAR}/b", headers=surveyor, json={"nilai": "TL"})
    assert r.status_code == 403
    for body, message in (({"nilai": "bagus"}, "pilih TL, TS, TT atau TDD"),
                          ({"nilai": "TT"}, "Fakta dan analisis wajib")):
        r = web.client.put(f"{url}/b", headers=surveyor, json=body)
        assert r.status_code == 400 and message in r.json()["detail"]
    r = web.client.put(f"{url}/q", headers=surveyor, json={"nilai": "TL"})
    assert r.status_code == 404
    got = web.client.get("/api/penilaian", params={"puskesmas": DALAM}, headers=surveyor).json()
    assert all(e["nilai_surveior"] is None for e in got["ep"])


def test_secretariat_signs_a_generated_document_from_the_dashboard(web):
    who = web.token("sekretariat")
    web.login_page("sekretariat")
    page = web.client.get(f"/dasbor?tahun={YEAR}").text
    assert page.count("Dokumen menunggu tanda tangan") == 1 and "<title>Dasbor" in page
    key = page.split('id="dokumen-ttd"')[1].split('name="kunci" value="')[1].split('"')[0]
    r = web.client.post("/dokumen/sahkan", data={"kunci": key, "oleh": "dr. Uji Penanda",
                                                "csrf": csrf_of(page)},
                        files={"file": ("ttd.pdf", pdf_bytes(), "application/pdf")},
                        follow_redirects=False)
    assert r.status_code == 303
    listed = web.client.get("/api/artefact", headers=who).json()
    signed = [a for a in listed if a["penandatangan"] == "dr. Uji Penanda"]
    assert len(signed) == 1 and signed[0]["status"] == "final"
    after = web.client.get(f"/dasbor?tahun={YEAR}").text
    assert key not in after.split('id="dokumen-ttd"')[1]
    owner, item = signed[0]["puskesmas"], signed[0]["butir"]
    matrix = web.client.get("/api/completeness", headers=who,
                            params={"puskesmas": DALAM if owner == "dinkes" else owner}).json()
    verdict = next(i for e in matrix["puskesmas"][0]["ep"] for i in e["butir"] if i["id"] == item)
    assert verdict["status"] == "ada" and "ditandatangani dr. Uji Penanda" in verdict["alasan"]
    r = web.client.post("/api/artefact/sahkan", headers=web.token("pj_mutu"),
                        data={"kunci": key, "oleh": "x"})
    assert r.status_code == 403
