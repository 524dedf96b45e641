"""Errors as JSON `{"detail": "..."}` in Bahasa Indonesia with the right status; pages get an
HTML page with the same message. Never a stack trace."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from doc_templates.errors import TemplateError
from evidence.akses import TidakBerwenang
from evidence.errors import CatalogueError, Conflict, DatabaseUnavailable, EvidenceError, NotFound
from evidence.tindak_lanjut import StatusTidakBoleh
from storage.errors import StorageError
from tpcb.web.batas import TOO_LARGE_KEY, logged_path

log = logging.getLogger("tpcb.web")
GENERIC = ("Terjadi galat di server. Periksa apakah perubahan Anda sudah tersimpan sebelum mengulang; "
           "bila berulang, hubungi admin.")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")  # what a route here may accept, for Allow
SECURITY = (401, 403, 429)  # refusals worth a warning: sign-in, permission, CSRF, rate limit
RETRY_AFTER = 30  # seconds a client should wait after a 503 (database or store unavailable)
DEFAULTS = {400: "Permintaan tidak sah.", 401: "Silakan masuk terlebih dahulu.",
            403: "Anda tidak berhak mengakses data ini.", 404: "Halaman atau data tidak ditemukan.",
            405: "Metode permintaan tidak diizinkan untuk alamat ini.",
            413: "Berkas terlalu besar.", 429: "Terlalu banyak permintaan; coba lagi nanti."}
TRANSLATED = {"There was an error parsing the body":
              "Isi permintaan rusak atau terputus: formulir atau berkasnya tidak dapat dibaca. Kirim ulang."}
FIELD = {"file": "berkas", "bukti": "berkas bukti", "item": "butir", "puskesmas": "Puskesmas",
         "tanggal": "tanggal", "status": "status", "alasan": "alasan", "username": "nama pengguna",
         "password": "kata sandi", "tahun": "tahun", "limit": "batas", "offset": "mulai"}
KIND = {"missing": "wajib diisi", "int_parsing": "harus bilangan bulat",
        "bool_parsing": "harus ya/tidak (true/false)",
        "date_from_datetime_parsing": "harus tanggal TTTT-BB-HH",
        "date_parsing": "harus tanggal TTTT-BB-HH", "string_too_long": "terlalu panjang",
        "greater_than_equal": "terlalu kecil", "less_than_equal": "terlalu besar",
        "string_pattern_mismatch": "tidak sesuai format", "literal_error": "tidak termasuk pilihan",
        "value_error": "tidak sah"}


class TooLarge(EvidenceError):
    """An upload over the size limit (413)."""


def status_of(exc: EvidenceError) -> int:
    if isinstance(exc, TooLarge):
        return 413
    if isinstance(exc, (Conflict, StatusTidakBoleh)):
        return 409
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, (StorageError, TemplateError, DatabaseUnavailable)):
        return 503
    if isinstance(exc, CatalogueError):
        return 500
    return 400


def translate(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "header", "form")]
        name = FIELD.get(loc[-1], loc[-1]) if loc else "permintaan"
        parts.append(f"{name} {KIND.get(err.get('type', ''), 'tidak sah')}")
    return "Isian tidak sah: " + "; ".join(parts) + "."


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith(("/api", "/docs", "/openapi")) and \
        "text/html" in request.headers.get("accept", "")


def refused(request: Request, status: int, detail: str) -> None:
    """Log a refused request with its cause: who (when known) and from where."""
    who = getattr(request.state, "pengguna", None)
    level = logging.ERROR if status >= 500 else logging.WARNING if status in SECURITY else logging.INFO
    log.log(level, "%d %s %s dari %s%s: %s", status, request.method, logged_path(request.url.path),
            request.client.host if request.client else "-", f" ({who})" if who else "", detail)


def respond(request: Request, status: int, detail: str, headers: dict | None = None) -> Response:
    refused(request, status, detail)
    if _wants_html(request):
        templates = request.app.state.templates
        return templates.TemplateResponse(request, "galat.html", {"status": status, "detail": detail},
                                          status_code=status, headers=headers)
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if request.scope.get(TOO_LARGE_KEY):  # the body passed the limit while it was parsed
            return respond(request, 413, request.scope[TOO_LARGE_KEY])
        detail = exc.detail if isinstance(exc.detail, str) else None
        if detail in TRANSLATED:
            detail = TRANSLATED[detail]
        english = detail is None or detail == _phrase(exc.status_code)
        text = DEFAULTS.get(exc.status_code, "Permintaan tidak dapat diproses.") if english else detail
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:  # Starlette names only the first route matching the path
            headers = {**(headers or {}), "Allow": allowed_methods(request)}
        return respond(request, exc.status_code, text, headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        return respond(request, 422, translate(exc))

    @app.exception_handler(TidakBerwenang)
    async def forbidden(request: Request, exc: TidakBerwenang):
        return respond(request, 403, str(exc))

    @app.exception_handler(EvidenceError)
    async def domain(request: Request, exc: EvidenceError):
        status = status_of(exc)
        headers = {"Retry-After": str(RETRY_AFTER)} if status == 503 else None
        if status == 500:  # the user reads GENERIC; the admin needs the real cause
            log.error("%s pada %s %s: %s", type(exc).__name__, request.method,
                      logged_path(request.url.path), exc)
        return respond(request, status, GENERIC if status == 500 else str(exc), headers)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception):
        log.exception("galat tak terduga pada %s %s", request.method, logged_path(request.url.path))
        return respond(request, 500, GENERIC)


def allowed_methods(request: Request) -> str:
    """The methods of the path's most specific route template (the most literal characters):
    POST only for /api/artefact/sahkan, though GET /api/artefact/{key:path} would take it too
    (as a key that does not exist), so Allow agrees with the OpenAPI paths."""
    path, best, methods = request.scope.get("path", ""), -1, set()
    for route in _routes(request.app.router.routes):
        regex, allowed = getattr(route, "path_regex", None), getattr(route, "methods", None)
        if regex is None or not allowed or not regex.match(path):
            continue
        literal = len(re.sub(r"{[^}]*}", "", getattr(route, "path_format", "")))
        if literal > best:
            best, methods = literal, set(allowed)
        elif literal == best:
            methods |= set(allowed)
    return ", ".join(m for m in METHODS if m in methods)


def _routes(routes) -> Iterator:
    for route in routes:
        inner = getattr(route, "original_router", None)  # FastAPI's wrapper of an included router
        yield from _routes(inner.routes) if inner is not None else (route,)


def _phrase(code: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return ""
