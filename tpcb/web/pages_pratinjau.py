"""Previews on the pages: the thumbnail of an artefact (PNG) and the file opened in the browser
instead of downloaded (tpcb.services.pratinjau); the API twin of the thumbnail is api_pratinjau."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response

from tpcb.services.pratinjau import Miniatur, lihat, miniatur
from tpcb.web.deps import AppDep, SignerDep
from tpcb.web.pages import PageUser, page

router = APIRouter(include_in_schema=False)
# The URL names the version (?v=<sha256 prefix>): kept by the user's own browser, never by a
# shared cache, without asking again. Without it, or with an old one, the browser asks each time.
TETAP = "private, max-age=31536000, immutable"
TANYA = "private, no-cache"


def etag_klien(request: Request) -> str | None:
    """The version the browser holds (If-None-Match), unquoted."""
    value = request.headers.get("if-none-match", "").strip()
    return value.removeprefix("W/").strip('"') or None


def png_response(m: Miniatur, v: str | None) -> Response:
    fixed = bool(v) and len(v or "") >= 8 and m.sha256.startswith(v or "")
    headers = {"ETag": f'"{m.versi}"', "Cache-Control": TETAP if fixed else TANYA,
               "X-Content-Type-Options": "nosniff"}
    if m.png is None:
        return Response(status_code=304, headers=headers)
    return Response(m.png, media_type="image/png", headers=headers)


def disposition(nama: str) -> str:
    ascii_name = nama.encode("ascii", "replace").decode().replace('"', "_")
    return f"inline; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(nama)}"


@router.get("/pratinjau/{key:path}")
def pratinjau(request: Request, app: AppDep, who: PageUser, key: str, v: str | None = None) -> Response:
    return png_response(miniatur(app, who.actor, key, sudah_punya=etag_klien(request)), v)


@router.get("/lihat/{key:path}")
def lihat_berkas(request: Request, app: AppDep, signer: SignerDep, who: PageUser, key: str) -> Response:
    t = lihat(app, who.actor, key)
    if t.media_type is None:
        return page(request, "lihat.html", who, signer, tampilan=t)
    headers = {"Content-Disposition": disposition(t.nama), "X-Content-Type-Options": "nosniff",
               "Content-Security-Policy": "sandbox"}  # as /berkas: an uploaded file runs no script
    return Response(t.data, media_type=t.media_type, headers=headers)
