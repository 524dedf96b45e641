"""The API's error contract in OpenAPI: one error model (`Galat`) for every status it can answer.

tpcb.web.errors and tpcb.web.batas answer every refusal as `{"detail": "<pesan>"}`, including a
422 (RequestValidationError is translated into one sentence, not FastAPI's list). The spec says
the same: FastAPI's default 422 schema (HTTPValidationError) is replaced by `Galat`, and the codes
that any operation can answer are added here once, by what the operation has:

- 400: every operation (tpcb.web.batas refuses hostile paths, queries, credentials and fields);
- 503: every operation (database or object store unavailable, with Retry-After);
- 401, 403: operations that need a signed-in user (they carry the OAuth2 security requirement);
- 413, 422: operations with a body; 422 also for operations with parameters.

What only some operations answer (404, 409, 429) is declared on the route with `galat(...)`.

The text rules that tpcb.web.batas enforces for every route are written into the parameters and
bodies here too, so a client (and the fuzzer in tests/web/test_kontrak.py) knows them: no control
characters in path and query text; form and JSON text without control characters other than
tab and line breaks, at most `MAX_FIELD` characters. Form fields are never null (a form cannot
send one; an empty field counts as absent, so a required text field has at least 1 character).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, Field

from tpcb.web.batas import MAX_FIELD

REF = "#/components/schemas/Galat"
ARTI = {
    400: "Permintaan tidak sah (alamat, parameter, isian atau aturan data)",
    401: "Belum masuk: token tidak ada, tidak sah, atau kedaluwarsa",
    403: "Tidak berwenang (peran atau cakupan Puskesmas), atau token CSRF sesi tidak cocok",
    404: "Data tidak ditemukan (atau di luar cakupan pengguna)",
    409: "Bertentangan dengan keadaan data (mis. status tidak boleh berpindah, sudah ada)",
    413: "Berkas atau isian terlalu besar",
    422: "Isian tidak sah: wajib diisi, jenis atau format salah (satu kalimat, bukan daftar)",
    429: "Terlalu banyak percobaan masuk, atau akun terkunci sementara (lihat Retry-After)",
    503: "Basis data atau penyimpanan berkas tidak tersedia; coba lagi (lihat Retry-After)",
}
RETRY = {"Retry-After": {"description": "detik sebelum mencoba lagi", "schema": {"type": "integer"}}}
WITH_RETRY = (429, 503)
TEKS = "^[^\\x00-\\x1f\\x7f]*$"  # path and query text (batas.problem)
ISIAN = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]*$"  # form and JSON text (batas.periksa_isian)
TAHUN_MIN, TAHUN_MAX = 2000, 2100  # the years tpcb.services.common.parse_year accepts
# The range as documentation only, where the service checks it itself (parse_year: 400 with
# "Tahun '1999' tidak sah (contoh: 2026)", clearer than FastAPI's 422); elsewhere ge/le.
TAHUN_DOC: dict[str, Any] = {"minimum": TAHUN_MIN, "maximum": TAHUN_MAX}
ID_MAX = 2**31 - 1  # an id or offset: a 32-bit integer column
# the bundle's EP as make_bundle reads it (strip, lower): a..h, or blank for every EP
EP_BUNDEL = r"^[^\S\x0b\x0c]*([a-hA-H][^\S\x0b\x0c]*)?$"
FORMS = ("multipart/form-data", "application/x-www-form-urlencoded")


class Galat(BaseModel):
    """Every error of the API: one message in Bahasa Indonesia for the user to read."""

    detail: str = Field(description="pesan galat dalam Bahasa Indonesia")


def galat(*codes: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: these codes answer a `Galat`."""
    return {code: _response(code) for code in codes}


def binary(*media: str, description: str = "Berkas") -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route that answers a file of one of these media types."""
    return {200: {"description": description,
                  "content": {m: {"schema": {"type": "string", "format": "binary"}} for m in media}}}


def _response(code: int) -> dict[str, Any]:
    out: dict[str, Any] = {"description": ARTI[code], "model": Galat}
    if code in WITH_RETRY:
        out["headers"] = RETRY
    return out


def _openapi_response(code: int) -> dict[str, Any]:
    out: dict[str, Any] = {"description": ARTI[code],
                           "content": {"application/json": {"schema": {"$ref": REF}}}}
    if code in WITH_RETRY:
        out["headers"] = RETRY
    return out


def lengkapi(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the codes every operation can answer; replace the default 422 with `Galat`; write
    the text rules into parameters and bodies."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for item in schema.get("paths", {}).values():
        for op in item.values():
            for param in op.get("parameters", ()):
                _text(param.get("schema", {}), TEKS)
            for media, content in op.get("requestBody", {}).get("content", {}).items():
                body = _resolve(content.get("schema", {}), components)
                _body(body, form=media in FORMS)
            codes = {400, 503}
            if op.get("security"):
                codes |= {401, 403}
            if op.get("requestBody"):
                codes |= {413, 422}
            if op.get("parameters"):
                codes.add(422)
            responses = op.setdefault("responses", {})
            for code in sorted(codes):
                if code == 422 or str(code) not in responses:
                    responses[str(code)] = _openapi_response(code)
    schemas = components
    schemas["Galat"] = Galat.model_json_schema()
    paths = json.dumps(schema.get("paths", {}))
    for unused in ("HTTPValidationError", "ValidationError"):
        if unused in schemas and f'"#/components/schemas/{unused}"' not in paths:
            del schemas[unused]
    return schema


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref", "")
    return components.get(ref.rsplit("/", 1)[-1], schema) if ref else schema


def _alternatives(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return [schema, *schema.get("anyOf", ())]


def _text(schema: dict[str, Any], pattern: str, max_length: int | None = None) -> None:
    for alt in _alternatives(schema):
        if alt.get("type") == "string" and not {"format", "contentMediaType", "enum"} & set(alt):
            alt.setdefault("pattern", pattern)
            if max_length is not None:
                alt.setdefault("maxLength", max_length)


def _body(body: dict[str, Any], *, form: bool) -> None:
    required = set(body.get("required", ()))
    for name, prop in body.get("properties", {}).items():
        if form:
            _not_null(prop)
            if name in required and prop.get("type") == "string" and "contentMediaType" not in prop:
                prop["minLength"] = max(1, prop.get("minLength", 0))
        _text(prop, ISIAN, MAX_FIELD)
    if form:  # extra fields are ignored, but their text is checked like the others
        body["additionalProperties"] = {"type": "string", "pattern": ISIAN, "maxLength": MAX_FIELD}


def _not_null(prop: dict[str, Any]) -> None:
    """`anyOf: [X, null]` -> X: a form field is absent or text, never null."""
    alts = [a for a in prop.get("anyOf", ()) if a.get("type") != "null"]
    if "anyOf" in prop and len(alts) == 1:
        del prop["anyOf"]
        prop.update(alts[0])
        if prop.get("default", 0) is None:
            del prop["default"]


def pasang(app: FastAPI) -> None:
    """The app's /openapi.json passes through `lengkapi` once (then FastAPI keeps it)."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = lengkapi(original())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
