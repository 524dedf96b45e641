"""Jinja filters for Indonesian official letters: dates, day names, Roman months, NIP, numerals.

Pure functions over plain values; registered in the sandboxed environment by `sandbox.make_env`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from evidence.format_id import BULAN, bilangan, hari, hari_tanggal, persen, tanggal

ROMAWI = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
SATUAN = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
          "sepuluh", "sebelas")
SKALA = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"))


def _date(value: date | str) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _month(value: date | int) -> int:
    month = value.month if isinstance(value, date) else int(value)
    if not 1 <= month <= 12:
        raise ValueError(f"Bulan {month} tidak sah.")
    return month


def bulan(value: date | int) -> str:
    """Maret."""
    return BULAN[_month(value) - 1]


def bulan_romawi(value: date | int) -> str:
    """III."""
    return ROMAWI[_month(value) - 1]


def nip(value: str | None) -> str:
    """19710214 199903 1 005 (birth date, appointment month, sex, serial); other text as is."""
    digits = "".join(str(value or "").split())
    if len(digits) != 18 or not digits.isdigit():
        return str(value or "-")
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"


def _words(n: int) -> str:
    if n < 12:
        return SATUAN[n]
    if n < 20:
        return f"{SATUAN[n - 10]} belas"
    if n < 100:
        return _join(f"{SATUAN[n // 10]} puluh", n % 10)
    if n < 1000:
        head = "seratus" if n < 200 else f"{SATUAN[n // 100]} ratus"
        return _join(head, n % 100)
    if n < 10**6:
        head = "seribu" if n < 2000 else f"{_words(n // 1000)} ribu"
        return _join(head, n % 1000)
    for size, name in SKALA:
        if n >= size:
            return _join(f"{_words(n // size)} {name}", n % size)
    raise AssertionError("unreachable")


def _join(head: str, rest: int) -> str:
    return f"{head} {_words(rest)}" if rest else head


def terbilang(value: int) -> str:
    """234 -> dua ratus tiga puluh empat."""
    n = int(value)
    if n == 0:
        return "nol"
    if n >= 10**15 or n <= -(10**15):
        raise ValueError(f"Angka {n} terlalu besar untuk ditulis dengan huruf.")
    return f"minus {_words(-n)}" if n < 0 else _words(n)


def tanggal_terbilang(value: date | str) -> str:
    """dua belas bulan Maret tahun dua ribu dua puluh enam (for berita acara)."""
    d = _date(value)
    return f"{terbilang(d.day)} bulan {BULAN[d.month - 1]} tahun {terbilang(d.year)}"


def huruf(value: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa: letters for the points of Menimbang and diktum lists."""
    n, out = int(value), ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return out


def angka(value: float | int, desimal: int = 2) -> str:
    """85.5 -> 85,50: Indonesian decimal comma, dot for thousands (evidence.format_id)."""
    from evidence.format_id import angka as fmt

    return fmt(value, int(desimal))


def tanggal_di_bulan(values: Iterable[date], month: int) -> str:
    """The days of `values` falling in `month`, e.g. "12, 26" (schedule matrix cells)."""
    days = sorted(d.day for d in map(_date, values) if d.month == _month(month))
    return ", ".join(str(d) for d in days)


FILTERS = {f.__name__: f for f in (tanggal, hari, hari_tanggal, bulan, bulan_romawi, nip,
                                   terbilang, tanggal_terbilang, huruf, angka, persen, bilangan,
                                   tanggal_di_bulan)}
