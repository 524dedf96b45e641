"""Letter numbers: per office, per year, per kind of letter, from the office's own pattern.

A number is taken when a letter is dated and signed (evidence.letters.beri_nomor), inside a short
transaction, so it is consumed only if that commit succeeds: never reused, never skipped, unique
across processes. An office may allow a "nomor sisipan" (004a) for a letter dated between two
numbered ones (`penomoran.sisipan: true`).
"""

from __future__ import annotations

from datetime import date

from evidence.errors import InputError
from evidence.records import Office

DEFAULT_POLA = "{kode}/{urut:03d}/{unit}/{bulan_romawi}/{tahun}"
DEFAULT_KODE = "400.7"
ROMAWI = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def bulan_romawi(month: int) -> str:
    if not 1 <= month <= 12:
        raise InputError(f"Bulan {month} tidak sah.")
    return ROMAWI[month - 1]


def scheme(office: Office, jenis: str) -> tuple[str, str, str]:
    """(pola, kode klasifikasi, unit) for a kind of letter, from the office's configuration."""
    conf = office.penomoran or {}
    codes = conf.get("kode") or {}
    kode = codes.get(jenis) or codes.get("default") or DEFAULT_KODE
    return conf.get("pola") or DEFAULT_POLA, str(kode), str(conf.get("unit") or "")


def seri(office: Office, jenis: str, tahun: int) -> str:
    """The counter a kind of letter draws from: the number with its running part blanked.

    Kinds whose numbers would look alike (same classification code and unit) share one counter,
    so two kinds can never produce the same number; kinds with their own code count apart.
    """
    pola, kode, unit = scheme(office, jenis)
    try:
        return pola.format(kode=kode, urut=_Blank(), unit=unit, bulan_romawi="*", bulan=_Blank(),
                           tahun=tahun)
    except (KeyError, ValueError, IndexError) as exc:
        raise InputError(f"Pola penomoran '{pola}' tidak dapat dipakai: {exc}.") from exc


class _Blank:
    def __format__(self, spec: str) -> str:
        return "#"


class _Urut:
    """The running number, formatted by the pattern's own spec, then the sisipan suffix."""

    def __init__(self, urut: int, sisipan: str):
        self.urut, self.sisipan = urut, sisipan

    def __format__(self, spec: str) -> str:
        return format(self.urut, spec) + self.sisipan


def format_nomor(office: Office, jenis: str, urut: int, tanggal: date, sisipan: str = "") -> str:
    pola, kode, unit = scheme(office, jenis)
    try:
        return pola.format(kode=kode, urut=_Urut(urut, sisipan), unit=unit,
                           bulan_romawi=bulan_romawi(tanggal.month), bulan=tanggal.month,
                           tahun=tanggal.year)
    except (KeyError, ValueError, IndexError) as exc:
        raise InputError(f"Pola penomoran '{pola}' tidak dapat dipakai: {exc}.") from exc


def sisipan_allowed(office: Office) -> bool:
    return bool((office.penomoran or {}).get("sisipan"))


def next_sisipan(taken: list[str]) -> str:
    """"a" after none, "b" after "a", ... (a sisipan beyond "z" is refused)."""
    for letter in "abcdefghijklmnopqrstuvwxyz":
        if letter not in taken:
            return letter
    raise InputError("Terlalu banyak nomor sisipan pada satu nomor urut.")
