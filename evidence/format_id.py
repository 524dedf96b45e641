"""The one Indonesian formatter of the product: numbers (decimal comma, thousands dot, via
babel's id_ID), percentages, file sizes, dates and day names. Letters, the CLI and the pages all
use it; the clock ("today" in Jakarta) is evidence.jam."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from babel import Locale
from babel.numbers import format_decimal

LOCALE = "id_ID"
BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
         "Oktober", "November", "Desember")
BULAN_SINGKAT = tuple(b[:3] for b in BULAN)  # Jan, Feb, ..., Agu, ..., Des: narrow table headers
HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def angka(value: float | int | None, desimal: int = 2, *, kosong: str = "-") -> str:
    """1234.5 -> 1.234,50; None -> "-"."""
    if value is None:
        return kosong
    pattern = "#,##0" + ("." + "0" * int(desimal) if desimal else "")
    return format_decimal(value, format=pattern, locale=_locale())


@lru_cache(maxsize=1)
def _locale() -> Locale:
    """Parsed once: given as a string, babel parses the locale and looks up its data on every
    call, three times the cost of the formatting itself (pages format hundreds of numbers)."""
    return Locale.parse(LOCALE)


def persen(value: float | int | None, desimal: int = 1, *, kosong: str = "-") -> str:
    """100 -> 100,0%."""
    return kosong if value is None else f"{angka(value, desimal)}%"


def bilangan(value: float | int | None, *, kosong: str = "-", maks: int = 2) -> str:
    """A figure with as many decimals as it needs, at most `maks`: 8 -> 8, 8.5 -> 8,5, 132 -> 132,
    1234.5 -> 1.234,5. A value a user typed is echoed with maks=6, so that 100,004 is not shown
    as 100 in the message that refuses it."""
    if value is None:
        return kosong
    rounded = round(float(value), maks)
    desimal = next(d for d in range(maks + 1) if round(rounded, d) == rounded)
    return angka(rounded, desimal)


MB = 1024 * 1024
KB = 1024


def ukuran(n: int | float) -> str:
    """A size in bytes as a clerk reads it: 25 MB, 25,5 MB, 1 KB, 900 bita (one decimal at most)."""
    for unit, name in ((MB, "MB"), (KB, "KB")):
        if n >= unit:
            return f"{bilangan(round(n / unit, 1))} {name}"
    return f"{int(n)} bita"


def _date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def tanggal(value: date | str) -> str:
    """12 Maret 2026."""
    d = _date(value)
    return f"{d.day} {BULAN[d.month - 1]} {d.year}"


def hari(value: date | str) -> str:
    """Kamis."""
    return HARI[_date(value).weekday()]


def hari_tanggal(value: date | str) -> str:
    """Kamis, 12 Maret 2026."""
    return f"{hari(value)}, {tanggal(value)}"
