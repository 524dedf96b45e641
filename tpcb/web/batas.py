"""The web's boundary for untrusted text and numbers, before any route runs.

Path, query and the headers that carry credentials are checked once here: no control characters
(NUL included), credentials in plain ASCII, and whole numbers within what a column can hold.
A refusal is a 400 in Bahasa Indonesia; the route never sees the request.
"""

from __future__ import annotations

import json
import logging
import re
from urllib.parse import parse_qsl, unquote

from fastapi import HTTPException, Request

from evidence.format_id import ukuran

log = logging.getLogger(__name__)
INT_MAX = 2**31 - 1  # the widest id/limit/year column is a 32-bit integer
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_WHOLE = re.compile(r"^[+-]?\d+$")
CREDENTIAL_HEADERS = (b"authorization", b"cookie", b"x-csrf-token")


API_PATHS = ("/api/", "/unduh/")  # documented in OpenAPI: their numbers declare their own range


def problem(scope) -> str | None:
    """Why the request is refused, or None.

    The JSON API (`API_PATHS`) gets only the text rules its OpenAPI spec states: its whole
    numbers are typed parameters with a declared range (FastAPI answers 422 beyond it), and its
    text parameters may hold digits or a literal '%0A' like any other text. Pages keep the
    stricter checks (a number anywhere, and the path decoded twice)."""
    path = scope.get("path", "")
    api = path.startswith(API_PATHS)
    for text in (path,) if api else (path, unquote(path)):
        if _CONTROL.search(text):
            return "Alamat memuat karakter kendali (mis. NUL) yang tidak sah."
    for segment in () if api else path.split("/"):
        if _too_big(segment):
            return f"Angka '{_short(segment)}' di alamat di luar jangkauan."
    try:
        query = scope.get("query_string", b"").decode("utf-8")
    except UnicodeDecodeError:
        return "Parameter alamat bukan teks UTF-8 yang sah."
    for name, value in parse_qsl(query, keep_blank_values=True):
        if _CONTROL.search(name) or _CONTROL.search(value):
            return f"Parameter '{_clean(name)}' memuat karakter kendali (mis. NUL) yang tidak sah."
        if not api and _too_big(value):
            return f"Parameter '{_clean(name)}': angka '{_short(value)}' di luar jangkauan."
    for header, value in scope.get("headers", ()):
        if header in CREDENTIAL_HEADERS and any(b < 0x20 or b > 0x7e for b in value):
            return (f"Tajuk {header.decode().title()} memuat karakter yang tidak sah; "
                    "masuk ulang untuk mendapat token baru.")
    return None


def logged_path(path: str) -> str:
    """The path as logged: a download link's signed token is a credential, never written."""
    return "/unduh/…" if path.startswith("/unduh/") else path


def _too_big(text: str) -> bool:
    return bool(_WHOLE.match(text)) and abs(int(text[:40])) > INT_MAX


def _short(text: str) -> str:
    return text if len(text) <= 24 else text[:20] + "…"


def _clean(text: str) -> str:
    return _CONTROL.sub("?", text)[:40]


class Batas:
    """ASGI middleware: refuse what `problem` finds, with the same JSON/HTML error as elsewhere,
    and stop a request body at `max_body` bytes (a declared length at once, a streamed one as
    soon as it passes the limit), so a 10 GB upload never reaches the disk or the memory."""

    def __init__(self, app, max_body: int | None = None):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        why = problem(scope)
        status = 400
        if why is None and self.max_body is not None:
            declared = dict(scope.get("headers", ())).get(b"content-length", b"")
            if declared.isdigit() and int(declared) > self.max_body:
                why, status = _too_large(self.max_body), 413
            else:
                receive = _counting(scope, receive, self.max_body)
        if why is None:
            return await self.app(scope, receive, send)
        client = scope.get("client") or ("-",)
        log.info("%d %s %s dari %s: %s", status, scope.get("method", "-"),
                 logged_path(scope.get("path", "")), client[0], why)
        accept = dict(scope.get("headers", ())).get(b"accept", b"")
        path = scope.get("path", "")
        if b"text/html" in accept and not path.startswith(("/api", "/docs", "/openapi")):
            body = _html(why)
            kind = b"text/html; charset=utf-8"
        else:
            body = json.dumps({"detail": why}).encode()
            kind = b"application/json"
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode()),
                                (b"cache-control", b"no-store")]})
        await send({"type": "http.response.body", "body": body})


def _too_large(limit: int) -> str:
    return f"Berkas atau isian terlalu besar: batasnya {ukuran(limit)} per permintaan."


TOO_LARGE_KEY = "tpcb.terlalu_besar"  # set in the scope: the error handler answers 413 with it


def _counting(scope, receive, limit: int):
    """`receive` that refuses (413) once the body passes `limit` bytes. The body parser may wrap
    the exception in its own 400, so the reason is also left in the scope for the handler."""
    seen = 0

    async def wrapped():
        nonlocal seen
        message = await receive()
        if message.get("type") == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                scope[TOO_LARGE_KEY] = _too_large(limit)
                raise HTTPException(413, scope[TOO_LARGE_KEY])
        return message

    return wrapped


def _html(why: str) -> bytes:
    from html import escape

    return (f'<!doctype html><html lang="id"><meta charset="utf-8"><title>Permintaan tidak sah</title>'
            f'<main><h1>Permintaan tidak sah</h1><p>{escape(why)}</p><p><a href="/">Kembali ke '
            f'beranda</a></p></main></html>').encode()


# -- form and JSON fields ---------------------------------------------------------------------------
_FIELD_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab and line breaks are text
MAX_FIELD = 20_000


async def periksa_isian(request: Request) -> None:
    """Router dependency: every text field of a form or JSON body, checked once for all routes.

    FastAPI has already parsed the body for the route (Starlette caches it), so this reads no byte
    twice. Files are checked by the registry; their names by `safe_filename`."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    kind = request.headers.get("content-type", "")
    fields: list[tuple[str, str]] = []
    if "form" in kind:
        form = await request.form()
        fields = [(name, value) for name, value in form.multi_items() if isinstance(value, str)]
    elif "json" in kind:
        try:
            fields = list(_strings("", await request.json()))
        except ValueError:
            return  # not JSON at all: the route answers 422
    for name, value in fields:
        if _FIELD_CONTROL.search(value):
            raise HTTPException(400, f"Isian '{_clean(name)}' memuat karakter kendali (mis. NUL) yang "
                                     "tidak sah; ketik ulang isinya.")
        if len(value) > MAX_FIELD:
            raise HTTPException(400, f"Isian '{_clean(name)}' terlalu panjang ({len(value)} karakter; "
                                     f"batas {MAX_FIELD}).")


def _strings(path: str, value):
    if isinstance(value, str):
        yield path or "isian", value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(str(key), item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(path, item)
