"""Helpers shared by the API and the pages: uploads with a size limit, years and dates, scope."""

from __future__ import annotations

from datetime import date, datetime

from fastapi import UploadFile

from evidence import akses
from evidence.akses import Actor
from evidence.errors import InputError, NotFound
from evidence.format_id import ukuran
from evidence.jam import hari_ini, sekarang
from tpcb.web.errors import TooLarge


def now() -> datetime:
    return sekarang()


def today() -> date:
    return hari_ini()


async def read_upload(file: UploadFile, max_bytes: int) -> tuple[bytes, str]:
    """The bytes and the client's file name; refuses (413) anything over the limit."""
    data = await file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TooLarge(f"Berkas '{file.filename}' lebih besar dari batas {ukuran(max_bytes)}.")
    return data, file.filename or "berkas"


def parse_date(value: str | None, field: str = "tanggal") -> date:
    if not value:
        return today()
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"{field} '{value}' bukan tanggal yang sah; tulis TTTT-BB-HH, misalnya "
                         "2026-03-12.") from None


def parse_year(value: int | None) -> int:
    if value is None:
        return today().year
    if not 2000 <= value <= 2100:
        raise InputError(f"Tahun '{value}' tidak sah (contoh: 2026).")
    return value


def scoped_puskesmas(repo, who: Actor, kode: str | None) -> str | None:
    """A Puskesmas filter checked against the actor's scope.

    A scoped user asking for any Puskesmas outside their scope, existing or not, gets the same 403.
    """
    if kode is None:
        return None
    kode = kode.strip().upper()
    akses.require_scope(who, kode)
    if repo.puskesmas(kode) is None:
        raise NotFound(f"Puskesmas dengan kode '{kode}' tidak terdaftar.")
    return kode


def kodes_in_scope(repo, who: Actor) -> list[str]:
    return akses.visible_puskesmas(who, [p.kode for p in repo.all_puskesmas()])
