"""What every command shares: the clock, dates and years typed into a form, and the actor's scope."""

from __future__ import annotations

from datetime import date, datetime
from typing import overload

from evidence import akses
from evidence.akses import Actor
from evidence.errors import InputError, NotFound
from evidence.jam import jakarta_today, sekarang
from evidence.ports import Repository


def now() -> datetime:
    return sekarang()


def today() -> date:
    return jakarta_today(now())


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


@overload
def scoped_puskesmas(repo: Repository, who: Actor, kode: str) -> str: ...
@overload
def scoped_puskesmas(repo: Repository, who: Actor, kode: str | None) -> str | None: ...
def scoped_puskesmas(repo: Repository, who: Actor, kode: str | None) -> str | None:
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


def kodes_in_scope(repo: Repository, who: Actor) -> list[str]:
    return akses.visible_puskesmas(who, [p.kode for p in repo.all_puskesmas()])
