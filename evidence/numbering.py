"""Letter numbers: per office, per year, per kind of letter, from the office's own pattern.

A number is allocated inside the transaction that registers the letter, so it is consumed only
if the letter is committed: never reused, never skipped, unique across processes.
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


def format_nomor(office: Office, jenis: str, urut: int, tanggal: date) -> str:
    pola, kode, unit = scheme(office, jenis)
    try:
        return pola.format(kode=kode, urut=urut, unit=unit, bulan_romawi=bulan_romawi(tanggal.month),
                           bulan=tanggal.month, tahun=tanggal.year)
    except (KeyError, ValueError, IndexError) as exc:
        raise InputError(f"Pola penomoran '{pola}' tidak dapat dipakai: {exc}.") from exc
