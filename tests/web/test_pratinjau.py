"""Previews: the thumbnail (/pratinjau, and its API twin) and the file opened in the browser
(/lihat). Word files go through a PDF rendition made once; a new revision shows a new thumbnail;
a key outside the actor's scope is answered like a missing one."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from doc_templates.miniatur import KOTAK
from tests.samples import docx_bytes, pdf_bytes
from tests.web.state import DALAM, LUAR, USERS
from tpcb.services.pratinjau import TIDAK_ADA

HTML = {"Accept": "text/html"}


def pdf_page(width: float, height: float) -> bytes:
    w = PdfWriter()
    w.add_blank_page(width=width, height=height)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def upload(web, name: str, data: bytes, *, item: str = "e-r1", final: bool = True, **form) -> dict:
    r = web.client.post("/api/artefact", headers=web.token("pj_mutu"),
                        data={"puskesmas": DALAM, "item": item, "final": str(final).lower(), **form},
                        files={"file": (name, data, "application/octet-stream")})
    assert r.status_code == 201, r.text
    return r.json()["artefak"]


def row(web, key: str):
    with web.app.repo() as repo:
        return repo.artefact_by_key(key)


def first_of(web, kode: str, content_type: str):
    with web.app.repo() as repo:
        return next(a for a in repo.artefacts(pemilik=kode) if a.content_type == content_type)


def renditions(web) -> list[str]:
    return sorted(o.key for o in web.app.store.list_objects("") if "/rendisi/" in o.key)


def png_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as im:
        assert im.format == "PNG"
        return im.size


def test_pdf_thumbnail_is_a_png_of_the_first_page_proportions(web):
    art = upload(web, "ruk mendatar.pdf", pdf_page(842, 595))  # A4 landscape
    r = web.client.get(f"/api/artefak/{art['kunci']}/pratinjau", headers=web.token("surveyor"))
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    width, height = png_size(r.content)
    assert width == KOTAK[0] and abs(width / height - 842 / 595) < 0.02  # fits the box, not stretched
    assert r.headers["etag"].startswith(f'"{art["sha256"]}')


def test_thumbnail_is_cached_by_version_and_answers_304(web):
    art = upload(web, "ruk.pdf", pdf_bytes(2))
    web.login_page(USERS["surveyor"][0])
    url = f"/pratinjau/{art['kunci']}"
    fixed = web.client.get(url, params={"v": art["sha256"][:16]})
    assert fixed.status_code == 200 and "immutable" in fixed.headers["cache-control"]
    assert fixed.headers["cache-control"].startswith("private")  # never in a shared cache
    bare = web.client.get(url)
    assert bare.headers["cache-control"] == "private, no-cache" and bare.content == fixed.content
    again = web.client.get(url, headers={"If-None-Match": fixed.headers["etag"]})
    assert again.status_code == 304 and not again.content
    stale = web.client.get(url, params={"v": "0" * 16})  # an old page's link: asked again
    assert stale.headers["cache-control"] == "private, no-cache"


def test_new_revision_shows_a_new_thumbnail(web):
    old = upload(web, "ruk.pdf", pdf_page(595, 842))
    headers = web.token("surveyor")
    before = web.client.get(f"/api/artefak/{old['kunci']}/pratinjau", headers=headers)
    new = upload(web, "ruk.pdf", pdf_page(842, 595), ganti="true")
    assert new["kunci"] == old["kunci"] and new["revisi"] == 2 and new["sha256"] != old["sha256"]
    after = web.client.get(f"/api/artefak/{new['kunci']}/pratinjau", headers=headers)
    assert after.headers["etag"] != before.headers["etag"] and after.content != before.content
    assert png_size(before.content)[1] > png_size(after.content)[1]  # portrait, then landscape
    held = web.client.get(f"/api/artefak/{new['kunci']}/pratinjau",
                          headers={**headers, "If-None-Match": before.headers["etag"]})
    assert held.status_code == 200 and held.content == after.content  # the old copy is not kept
    web.login_page(USERS["surveyor"][0])
    matrix = web.client.get("/matriks", params={"puskesmas": DALAM}).text
    assert f"?v={new['sha256'][:16]}" in matrix and f"?v={old['sha256'][:16]}" not in matrix


def test_matrix_shows_lazy_thumbnails_and_lihat_links(web_ro):
    web_ro.login_page(USERS["surveyor"][0])
    html = web_ro.client.get("/matriks", params={"puskesmas": DALAM}).text
    imgs = re.findall(r'<img loading="lazy" src="/pratinjau/([^"?]+)\?v=[0-9a-f]{16}" width="64" '
                      r'height="90" alt="Pratinjau [^"]+">', html)
    links = re.findall(r'href="/lihat/([^"]+)"[^>]*class="lihat kecil">lihat</a>', html)
    assert imgs and sorted(imgs) == sorted(links)
    assert all(f"/berkas/{k}" in html for k in imgs)  # beside each file link


@pytest.mark.slow
def test_docx_preview_goes_through_one_rendition(web):
    art = upload(web, "ruk draf.docx", docx_bytes("Rencana Usulan Kegiatan pratinjau 2027"), final=False)
    calls = []
    convert = web.app.konversi_pdf

    def counting(sumber):
        calls.append([s.nama for s in sumber])
        return convert(sumber)

    web.app.konversi_pdf = counting
    assert row(web, art["kunci"]).pdf_kunci is None and renditions(web) == []
    web.login_page(USERS["surveyor"][0])
    view = web.client.get(f"/lihat/{art['kunci']}")
    assert view.status_code == 200 and view.headers["content-type"] == "application/pdf"
    assert view.headers["content-disposition"].startswith('inline; filename="ruk_draf.pdf"')
    pdf = PdfReader(io.BytesIO(view.content))
    assert len(pdf.pages) == 1 and "pratinjau 2027" in pdf.pages[0].extract_text()
    stored = row(web, art["kunci"])
    assert stored.pdf_sumber == art["sha256"] and renditions(web) == [stored.pdf_kunci]
    thumb = web.client.get(f"/pratinjau/{art['kunci']}")  # the second preview: the same rendition
    box = pdf.pages[0].mediabox  # python-docx's default page is Letter, not A4
    width, height = png_size(thumb.content)
    assert thumb.status_code == 200 and abs(width / height - float(box.width / box.height)) < 0.02
    assert web.client.get(f"/lihat/{art['kunci']}").content == view.content
    assert calls == [[art["kunci"]]] and renditions(web) == [stored.pdf_kunci]
    assert row(web, art["kunci"]).pdf_kunci == stored.pdf_kunci


def test_failed_conversion_shows_a_page_with_the_download_and_stores_nothing(web):
    art = upload(web, "ruk draf.docx", docx_bytes("Rusak"), final=False)
    web.app.konversi_pdf = lambda sumber: ({}, {s.nama: "LibreOffice gagal membaca berkas" for s in sumber})
    web.login_page(USERS["pj_mutu"][0])
    r = web.client.get(f"/lihat/{art['kunci']}", headers=HTML)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "Pratinjau tidak tersedia" in r.text and "LibreOffice gagal membaca berkas" in r.text
    assert f'href="/berkas/{art["kunci"]}?unduh=1"' in r.text.replace("%20", " ")
    assert row(web, art["kunci"]).pdf_kunci is None and renditions(web) == []


def test_csv_opens_as_utf8_text_inline(web_ro):
    a = first_of(web_ro, DALAM, "text/csv")
    web_ro.login_page(USERS["pj_mutu"][0])
    r = web_ro.client.get(f"/lihat/{a.kunci}")
    assert r.status_code == 200 and r.headers["content-type"] == "text/plain; charset=utf-8"
    assert r.headers["content-disposition"].startswith(f'inline; filename="{a.nama_berkas}"')
    assert r.headers["content-security-policy"] == "sandbox"
    original = web_ro.app.store.get(a.kunci).decode("utf-8-sig")
    assert r.text == original and "," in r.text


def test_pdf_and_image_open_inline(web_ro):
    web_ro.login_page(USERS["surveyor"][0])
    for ct in ("application/pdf", "image/png"):
        a = first_of(web_ro, DALAM, ct)
        r = web_ro.client.get(f"/lihat/{a.kunci}")
        assert r.status_code == 200 and r.headers["content-type"] == ct
        assert r.headers["content-disposition"].startswith("inline;")
        assert r.content == web_ro.app.store.get(a.kunci)
    thumb = web_ro.client.get(f"/pratinjau/{first_of(web_ro, DALAM, 'image/png').kunci}")
    assert max(png_size(thumb.content)) <= max(KOTAK)


@pytest.mark.parametrize("path", ["/pratinjau/{}", "/lihat/{}"])
def test_outside_the_scope_is_answered_like_a_missing_key(web_ro, path):
    foreign = first_of(web_ro, LUAR, "application/pdf")
    web_ro.login_page(USERS["pj_mutu"][0])
    refused = web_ro.client.get(path.format(foreign.kunci), headers=HTML)
    missing = web_ro.client.get(path.format(f"99.01/2026/{DALAM}/1.7.1/a/a-r1/tidak-ada.pdf"),
                                headers=HTML)
    for r in (refused, missing):
        assert r.status_code == 404 and TIDAK_ADA in r.text and "Tidak ditemukan" in r.text
    own = first_of(web_ro, DALAM, "application/pdf")
    assert web_ro.client.get(path.format(own.kunci)).status_code == 200


def test_api_twin_refuses_like_the_page(web_ro):
    foreign = first_of(web_ro, LUAR, "application/pdf")
    for key in (foreign.kunci, "bukan/kunci.pdf"):
        r = web_ro.client.get(f"/api/artefak/{key}/pratinjau", headers=web_ro.token("pj_mutu"))
        assert r.status_code == 404 and r.json() == {"detail": TIDAK_ADA}
    r = web_ro.client.get(f"/api/artefak/{foreign.kunci}/pratinjau", headers=web_ro.token("sekretariat"))
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    web_ro.client.cookies.clear()  # no page session either: not signed in
    assert web_ro.client.get(f"/api/artefak/{foreign.kunci}/pratinjau").status_code == 401


def test_a_thumbnail_and_a_view_at_once_wait_for_one_conversion(web, monkeypatch):
    import threading

    from evidence.akses import ADMIN, Actor
    from tests.waiting import wait_until
    from tpcb.services import pratinjau

    art = upload(web, "ruk draf.docx", docx_bytes("Serentak"), final=False)
    converting, release, calls, waiting = threading.Event(), threading.Event(), [], []

    def slow(sumber):  # holds the first conversion until the second request is at the lock
        calls.append([s.nama for s in sumber])
        converting.set()
        assert release.wait(30)
        return {s.nama: pdf_page(595, 842) for s in sumber}, {}

    class Noted:
        def __init__(self, lock):
            self.lock = lock

        def __enter__(self):
            waiting.append(threading.current_thread().name)
            return self.lock.__enter__()

        def __exit__(self, *exc):
            return self.lock.__exit__(*exc)

    real_lock = pratinjau._lock
    monkeypatch.setattr(pratinjau, "_lock", lambda key: Noted(real_lock(key)))
    web.app.konversi_pdf = slow
    who, got = Actor("admin", ADMIN), {}
    view = threading.Thread(target=lambda: got.update(view=pratinjau.lihat(web.app, who, art["kunci"])))
    thumb = threading.Thread(target=lambda: got.update(thumb=pratinjau.miniatur(web.app, who, art["kunci"])))
    view.start()
    assert converting.wait(30)
    thumb.start()
    wait_until(lambda: len(waiting) == 2, 30, "permintaan kedua menunggu di kunci artefak")
    release.set()
    view.join(30), thumb.join(30)
    assert calls == [[art["kunci"]]] and len(renditions(web)) == 1
    assert got["view"].media_type == "application/pdf" and got["thumb"].png
