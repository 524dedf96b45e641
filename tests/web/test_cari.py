"""GET /api/cari and the page /cari over the built kabupaten: scoped like the matrix, hostile
queries answered (never a 500), the document's text escaped on the page."""

from __future__ import annotations

import pytest

from evidence.records import DINKES
from tests.web import state as st

FRASA = '"menindaklanjuti hasil lokakarya mini"'


@pytest.mark.parametrize("role", ["sekretariat", "kepala_dinas", "admin", "pj_mutu", "surveyor"])
def test_api_search_is_scoped_like_the_matrix(web_ro, role):
    h = web_ro.token(role)
    found = web_ro.client.get("/api/cari", params={"q": "puskesmas", "batas": 200}, headers=h)
    assert found.status_code == 200, found.text
    owners = {x["pemilik"] for x in found.json()["hasil"]}
    matrix = {a["puskesmas"] for a in web_ro.client.get("/api/artefact", headers=h).json()}
    assert owners and owners <= matrix
    scope = st.USERS[role][1]
    if scope:
        assert owners <= {*scope, DINKES}
    else:
        assert st.LUAR in owners  # office-wide roles see every Puskesmas


def test_letters_found_by_body_text_carry_number_and_subject(web_ro):
    r = web_ro.client.get("/api/cari", params={"q": FRASA}, headers=web_ro.token("sekretariat")).json()
    letters = [x for x in r["hasil"] if x["surat"]]
    assert letters and r["kata"] == ["menindaklanjuti", "hasil", "lokakarya", "mini"]
    assert any(x["surat"]["nomor"] for x in letters)
    for x in letters:
        marked = " ".join(p["teks"].lower() for p in x["cuplikan"] if p["cocok"])
        assert "menindaklanjuti hasil lokakarya mini" in marked


def test_scoped_user_sees_no_letter_outside_scope(web_ro):
    r = web_ro.client.get("/api/cari", params={"q": FRASA}, headers=web_ro.token("pj_mutu")).json()
    assert {x["pemilik"] for x in r["hasil"]} <= {st.DALAM, DINKES}
    assert all(x["surat"] is None for x in r["hasil"] if x["pemilik"] == DINKES)


@pytest.mark.parametrize("q", ['"', "AND", "*", ":", "-", "a:b", "(", "'; DROP TABLE artefak; --",
                               "tim*", "NEAR(a b)", "\\", "&|!<->", "😀", ""])
def test_hostile_queries_never_fail(web_ro, q):
    h = web_ro.token("sekretariat")
    r = web_ro.client.get("/api/cari", params={"q": q}, headers=h)
    assert r.status_code == 200 and isinstance(r.json()["hasil"], list)
    web_ro.login_page("sekretariat")
    page = web_ro.client.get("/cari", params={"q": q})
    assert page.status_code == 200 and "Cari di surat dan bukti" in page.text


def test_too_long_or_unauthenticated(web_ro):
    assert web_ro.client.get("/api/cari", params={"q": "x" * 301},
                             headers=web_ro.token("sekretariat")).status_code == 422
    web_ro.client.cookies.clear()
    assert web_ro.client.get("/api/cari", params={"q": "tim"}).status_code == 401


def test_page_escapes_the_document_text(web):
    from datetime import date
    from io import BytesIO

    from docx import Document

    from evidence.registry import FileRequest, file_artefact

    doc = Document()
    doc.add_paragraph('<script>alert("x")</script> kunjunganqwe')
    buf = BytesIO()
    doc.save(buf)
    app = web.app
    req = FileRequest(data=buf.getvalue(), filename="x.docx", item_id="e-r2", pemilik=st.DALAM,
                      tahun=st.YEAR, tanggal=date(st.YEAR, 3, 2))
    with app.uow() as uow:
        file_artefact(uow, app.store, app.catalogue, req, max_bytes=app.settings.max_upload_bytes)
    web.login_page("sekretariat")
    page = web.client.get("/cari", params={"q": "kunjunganqwe"}).text
    assert '&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;' in page and "<script>alert" not in page
    assert "<mark>kunjunganqwe</mark>" in page
