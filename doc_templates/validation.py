"""Pydantic validation errors in Bahasa Indonesia, one line per field."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

MESSAGES = {
    "missing": "wajib diisi",
    "extra_forbidden": "tidak dikenal dalam skema templat",
    "string_type": "harus berupa teks",
    "string_too_short": "tidak boleh kosong",
    "int_type": "harus berupa bilangan bulat",
    "int_parsing": "harus berupa bilangan bulat",
    "int_from_float": "harus berupa bilangan bulat",
    "float_type": "harus berupa angka",
    "float_parsing": "harus berupa angka",
    "bool_type": "harus ya atau tidak",
    "bool_parsing": "harus ya atau tidak",
    "date_type": "harus berupa tanggal (TTTT-BB-HH)",
    "date_parsing": "harus berupa tanggal (TTTT-BB-HH)",
    "date_from_datetime_parsing": "harus berupa tanggal (TTTT-BB-HH)",
    "date_from_datetime_inexact": "harus berupa tanggal tanpa jam",
    "list_type": "harus berupa daftar",
    "too_short": "minimal {min_length} butir",
    "bytes_type": "harus berupa data gambar (bytes)",
    "model_type": "harus berupa objek",
    "model_attributes_type": "harus berupa objek",
    "dict_type": "harus berupa objek",
    "literal_error": "harus salah satu dari {expected}",
}


def location(loc: tuple[Any, ...]) -> str:
    """('petugas', 0, 'nip') -> petugas[1].nip (1-based rows, as a clerk counts)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def message(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    template = MESSAGES.get(kind)
    if template is None:
        return f"nilainya tidak sah ({error['msg']})"
    return template.format(**error.get("ctx", {}))


def problems_of(exc: ValidationError) -> list[str]:
    out = []
    for error in exc.errors(include_url=False):
        where = location(tuple(error["loc"]))
        text = message(error)
        out.append(f"kolom '{where}' {text}" if where else text)
    return out
