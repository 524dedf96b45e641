"""The one Indonesian formatter of the product: numbers (decimal comma, thousands dot, via
babel's id_ID), percentages, dates and day names. Letters, the CLI and the pages all use it."""

from __future__ import annotations

from datetime import date

from babel.numbers import format_decimal

LOCALE = "id_ID"
BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
         "Oktober", "November", "Desember")
HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def angka(value: float | int | None, desimal: int = 2, *, kosong: str = "-") -> str:
    """1234.5 -> 1.234,50; None -> "-"."""
    if value is None:
        return kosong
    pattern = "#,##0" + ("." + "0" * int(desimal) if desimal else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def persen(value: float | int | None, desimal: int = 1, *, kosong: str = "-") -> str:
    """100 -> 100,0%."""
    return kosong if value is None else f"{angka(value, desimal)}%"


def bilangan(value: float | int | None, *, kosong: str = "-") -> str:
    """A figure with as many decimals as it needs (at most 2): 8 -> 8, 8.5 -> 8,5, 132 -> 132."""
    if value is None:
        return kosong
    rounded = round(float(value), 2)
    if rounded.is_integer():
        return angka(rounded, 0)
    return angka(rounded, 1 if round(rounded, 1) == rounded else 2)


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
