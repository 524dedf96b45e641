"""Shared CLI helpers: consoles, error exit, value parsing with Indonesian messages."""

from __future__ import annotations

import json
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import NoReturn
from zoneinfo import ZoneInfo

from rich.console import Console

from evidence.errors import EvidenceError, InputError
from tpcb.wiring import App, build_app

# Off a terminal (CI logs, pipes) Rich would assume 80 columns; the matrix needs more.
_WIDTH = None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 120
console = Console(width=_WIDTH)
console_err = Console(stderr=True, width=_WIDTH)
JAKARTA = ZoneInfo("Asia/Jakarta")


def today() -> date:
    return datetime.now(JAKARTA).date()


def fail(exc: BaseException) -> NoReturn:
    text = str(exc)
    if type(exc).__name__ in ("OperationalError", "ProgrammingError") and (
            "no such table" in text or "does not exist" in text):
        console_err.print("[red]Galat:[/red] Basis data belum disiapkan (tabel belum ada). "
                          "Jalankan dulu: tpcb init", highlight=False)
        sys.exit(1)
    if isinstance(exc, EvidenceError):
        console_err.print(f"[red]Galat:[/red] {exc}", highlight=False)
        sys.exit(1)
    console_err.print(
        f"[red]Galat tak terduga:[/red] {type(exc).__name__}: {exc}\n"
        "Data tidak diubah. Bila berulang, laporkan pesan ini ke admin.", highlight=False
    )
    sys.exit(1)


def app_() -> App:
    return build_app()


def parse_date(value: str | None, field: str = "--tanggal") -> date:
    if value is None:
        return today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"{field} '{value}' bukan tanggal yang sah; tulis dengan format TTTT-BB-HH, "
            "misalnya 2026-03-12."
        ) from None


def parse_year(value: str | None, field: str = "--tahun") -> int:
    if value is None:
        return today().year
    if not value.isdigit() or not 2000 <= int(value) <= 2100:
        raise InputError(f"{field} '{value}' bukan tahun yang sah (contoh: 2026).")
    return int(value)


def read_file(path: Path) -> bytes:
    if not path.exists():
        raise InputError(f"Berkas '{path}' tidak ditemukan.")
    if path.is_dir():
        raise InputError(f"'{path}' adalah folder, bukan berkas.")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"Berkas '{path}' tidak dapat dibaca: {exc.strerror}.") from exc


def read_text(path: Path) -> str:
    data = read_file(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"Berkas '{path}' bukan teks UTF-8 (simpan ulang sebagai CSV UTF-8).") from None


TABLE_JSON = ("table", "json")


def check_format(value: str, allowed: tuple[str, ...] = TABLE_JSON) -> str:
    if value not in allowed:
        raise InputError(f"Format '{value}' tidak dikenal; pilih salah satu: {', '.join(allowed)}.")
    return value


def print_json(payload) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")
