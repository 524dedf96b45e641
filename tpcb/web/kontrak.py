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
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, Field

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
    """Add the codes every operation can answer; replace the default 422 with `Galat`."""
    for item in schema.get("paths", {}).values():
        for op in item.values():
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
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schemas["Galat"] = Galat.model_json_schema()
    paths = json.dumps(schema.get("paths", {}))
    for unused in ("HTTPValidationError", "ValidationError"):
        if unused in schemas and f'"#/components/schemas/{unused}"' not in paths:
            del schemas[unused]
    return schema


def pasang(app: FastAPI) -> None:
    """The app's /openapi.json passes through `lengkapi` once (then FastAPI keeps it)."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = lengkapi(original())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
