"""The evidence bundle: a PDF with cover, contents and bookmarks per EP and item; a ZIP with the
originals, index.html and a sha256 manifest; both behind a time-limited link."""

from __future__ import annotations

import hashlib
import io
import urllib.request
import zipfile
from importlib import resources

import pytest
from pypdf import PdfReader

from tests.samples import pdf_outline
from tests.web.state import DALAM, LUAR, YEAR

pytestmark = pytest.mark.slow  # LibreOffice converts the Word documents


def _bundle(web, role="surveyor", **form):
    r = web.client.post("/api/bundel", headers=web.token(role), data={"puskesmas": DALAM, **form})
    assert r.status_code == 200, r.text
    link = r.json()
    assert link["url"].startswith("/unduh/") and link["berlaku_sampai"]
    got = web.client.get(link["url"])
    assert got.status_code == 200
    return link, got




def test_pdf_bundle_has_bookmarks_per_ep_and_item(web):
    link, got = _bundle(web, format="pdf")
    assert got.headers["content-type"] == "application/pdf"
    assert link["nama"] == f"bundel_{DALAM}_{YEAR}.pdf"
    reader = PdfReader(io.BytesIO(got.content))
    marks = pdf_outline(reader)
    top = [t for d, t, _ in marks if d == 0]
    assert top[:2] == ["Sampul", "Daftar isi"]
    assert [t[:5] for t in top[2:]] == [f"EP {c})" for c in "abcdefgh"]
    items = [t.split(" ")[0] for d, t, _ in marks if d == 1]
    assert items == [i.id for i in web.app.catalogue.items()]  # all 26, in catalogue order
    pages = [p for _, _, p in marks]
    assert all(1 <= p <= len(reader.pages) for p in pages)
    files = [t for d, t, _ in marks if d == 2]
    assert len(reader.pages) >= 2 + 8 + len(files)
    # the SK TPCB bookmark opens the signed SK itself
    sk = next(p for d, t, p in marks if t.startswith("b-r1"))
    assert "400.7/001/TPCB/I/2026"[:7] in reader.pages[sk - 1].extract_text()
    toc = reader.pages[1].extract_text()
    assert "DAFTAR ISI" in toc and "a-r1 (R)" in toc
    cover = reader.pages[0].extract_text()
    assert "BUNDEL BUKTI AKREDITASI PUSKESMAS" in cover and "sementara" in cover
    # every final artefact of the ZIP is a file bookmark of the PDF
    zlink, zgot = _bundle(web, format="zip")
    names = [n for n in zipfile.ZipFile(io.BytesIO(zgot.content)).namelist() if n.startswith("EP-")]
    assert sorted(n.rsplit("/", 1)[-1] for n in names) == sorted(files)


def test_one_ep_bundle_page_count(web):
    _, got = _bundle(web, format="pdf", ep="a")
    reader = PdfReader(io.BytesIO(got.content))
    # cover, contents, the EP page, the one-page SK organisasi
    assert len(reader.pages) == 4
    assert [(d, t.split(" ")[0]) for d, t, _ in pdf_outline(reader)] == [
        (0, "Sampul"), (0, "Daftar"), (0, "EP"), (1, "a-r1"), (2, f"{DALAM}_sk_organisasi.pdf")]


def test_images_are_placed_on_pages(web):
    foto = resources.files("doc_templates").joinpath("assets", "foto_contoh.png").read_bytes()
    r = web.client.post("/api/artefact", headers=web.token("pj_mutu"),
                        data={"puskesmas": DALAM, "item": "e-d3", "final": "true"},
                        files={"file": ("daftar hadir.png", foto, "image/png")})
    assert r.status_code == 201
    _, got = _bundle(web, format="pdf", ep="e")
    reader = PdfReader(io.BytesIO(got.content))
    page = next(p for d, t, p in pdf_outline(reader) if t == "daftar_hadir.png")
    assert reader.pages[page - 1].images, "the photo is drawn on its page"


def test_zip_manifest_matches_its_files(web):
    link, got = _bundle(web, format="zip")
    assert link["nama"].endswith(".zip") and got.headers["content-type"] == "application/zip"
    z = zipfile.ZipFile(io.BytesIO(got.content))
    names = set(z.namelist())
    listed = {}
    for line in z.read("manifest.sha256").decode().splitlines():
        digest, path = line.split("  ", 1)
        listed[path] = digest
    assert set(listed) == names - {"manifest.sha256"}
    for path, digest in listed.items():
        assert hashlib.sha256(z.read(path)).hexdigest() == digest, path
    index = z.read("index.html").decode()
    for name in names - {"manifest.sha256", "index.html"}:
        assert f'href="{name}"' in index
    with web.app.repo() as repo:  # the originals, byte for byte
        for path in names:
            if path.startswith("EP-a/"):
                row = next(a for a in repo.artefacts(pemilik=DALAM, item_id="a-r1"))
                assert hashlib.sha256(z.read(path)).hexdigest() == row.sha256


def test_links_expire_and_cannot_be_forged(web):
    link, _ = _bundle(web, format="zip", ep="a")
    signer = web.api.state.signer
    key = signer.loads("unduh", link["url"].rsplit("/", 1)[-1])["key"]
    expired = signer.dumps("unduh", {"key": key}, -1)
    assert web.client.get(f"/unduh/{expired}").status_code == 404
    assert web.client.get(link["url"][:-3] + "abc").status_code == 404
    sneaky = signer.dumps("unduh", {"key": "99.01/2026/PKM-SDM/1.7.1/a/a-r1/x.pdf"}, 60)
    assert web.client.get(f"/unduh/{sneaky}").status_code == 404  # only bundles, never artefacts


def test_bundle_scope(web):
    assert web.client.post("/api/bundel", headers=web.token("surveyor"),
                           data={"puskesmas": LUAR}).status_code == 403
    r = web.client.post("/api/bundel", headers=web.token("surveyor"), data={"puskesmas": DALAM, "ep": "z"})
    assert r.status_code == 400 and "EP 'z'" in r.json()["detail"]


@pytest.mark.s3
def test_presigned_link_on_s3(web, s3_server):
    from tpcb.services.bundle import Bundle, publish
    from tpcb.settings import Settings
    from tpcb.wiring import App

    s3_server.start()
    app = App(Settings(home=web.home, storage="s3", s3_endpoint=s3_server.endpoint, s3_bucket="bundel-uji",
                       s3_access_key=s3_server.access_key, s3_secret_key=s3_server.secret_key))
    url, expires = publish(app, web.api.state.signer, Bundle("bundel_x.zip", b"PK-isi", "application/zip"), 5)
    assert url.startswith("http://") and "X-Amz-Expires=300" in url
    with urllib.request.urlopen(url, timeout=10) as resp:
        assert resp.read() == b"PK-isi"
