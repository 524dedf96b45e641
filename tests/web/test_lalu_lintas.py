"""Traffic of every answer: gzip for text, cache headers for static assets, admission limit."""

from __future__ import annotations

import asyncio
import re

from tpcb.web.app import HERE
from tpcb.web.lalu_lintas import LaluLintas, static_version


def test_large_text_answers_are_gzipped_for_clients_that_accept_it(web_ro):
    c = web_ro.client
    for path in ("/api/completeness", "/api/catalogue"):
        r = c.get(path, headers={**web_ro.token("surveyor"), "Accept-Encoding": "gzip"})
        assert r.status_code == 200, r.text[:200]
        assert r.headers["content-encoding"] == "gzip" and "accept-encoding" in r.headers["vary"].lower()
        assert r.json()  # httpx undid the gzip: the JSON is whole
        assert r.headers["cache-control"] == "no-store"
    plain = c.get("/api/catalogue", headers={**web_ro.token("surveyor"), "Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.json() == r.json()


def test_small_answers_and_evidence_files_are_sent_as_they_are(web_ro):
    c = web_ro.client
    small = c.get("/api/me", headers={**web_ro.token("surveyor"), "Accept-Encoding": "gzip"})
    assert small.status_code == 200 and "content-encoding" not in small.headers
    arts = c.get("/api/artefact", headers=web_ro.token("admin")).json()
    pdf = next(a for a in arts if a["kunci"].endswith(".pdf") and a["ukuran"] >= 1024)
    r = c.get(f"/api/artefact/{pdf['kunci']}", headers={**web_ro.token("admin"), "Accept-Encoding": "gzip"})
    assert r.status_code == 200 and "content-encoding" not in r.headers
    assert r.headers["content-type"] == "application/pdf" and len(r.content) == pdf["ukuran"]


def test_static_assets_are_named_by_their_hash_and_kept_long(web_ro):
    version = static_version(HERE / "static")
    assert re.fullmatch(r"[0-9a-f]{12}", version)
    page = web_ro.client.get("/masuk")
    assert page.headers["cache-control"] == "no-store"
    links = re.findall(r'(/static/[\w.]+)\?v=([0-9a-f]+)"', page.text)
    assert links and {v for _, v in links} == {version}
    path = links[0][0]
    kept = web_ro.client.get(f"{path}?v={version}", headers={"Accept-Encoding": "gzip"})
    assert kept.status_code == 200
    assert kept.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "content-security-policy" in kept.headers and kept.headers["x-content-type-options"] == "nosniff"
    unversioned = web_ro.client.get(path)
    assert unversioned.headers["cache-control"] == "no-cache" and unversioned.content == kept.content


def test_static_version_changes_with_any_file(tmp_path):
    (tmp_path / "a.css").write_text("body{}")
    before = static_version(tmp_path)
    (tmp_path / "a.css").write_text("body{color:red}")
    assert static_version(tmp_path) != before


def test_requests_over_the_limit_wait_for_a_place_and_all_complete():
    running = peak = 0

    async def app(scope, receive, send):
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.01)
        running -= 1
        await send({"type": "http.response.start", "status": 200, "headers": [(b"cache-control", b"x")]})
        await send({"type": "http.response.body", "body": b"ok"})

    gate = LaluLintas(app, limit=3)
    sent: list[dict] = []

    async def one():
        async def send(message):
            sent.append(message)
        await gate({"type": "http", "path": "/api/me", "query_string": b""}, None, send)

    async def main():
        await asyncio.gather(*(one() for _ in range(20)))

    asyncio.run(main())
    starts = [m for m in sent if m["type"] == "http.response.start"]
    assert peak == 3 and len(starts) == 20
    assert all(dict(m["headers"])[b"cache-control"] == b"no-store" for m in starts)
