"""How PKP figures read in letters and pages: each indicator in its own unit (%, per 1.000 or
per 100.000, ya/tidak), management scores as plain numbers, variables by their plain names."""

from __future__ import annotations

import re

from evidence.format_id import bilangan, persen
from evidence.kinerja.model import Indikator, load_perangkat

_KODE = re.compile(r"^[A-Z][0-9]*(\.[A-Z0-9]+)*\s+")


def nilai_indikator(ind: Indikator, value: float | None) -> str:
    """A coverage figure in the indicator's unit: 91,6% / 132 per 100.000 kelahiran hidup / ya."""
    if value is None:
        return "-"
    if ind.ya_tidak:
        return "ya" if value >= 1 else "tidak"
    if ind.satuan.strip() == "%":
        return persen(value)
    return f"{bilangan(value)} {ind.satuan.strip()}"


def nilai(kode: str, jenis: str, value: float | None) -> str:
    """An indicator (by its code in the packaged instrument) or a management score (0-10)."""
    if jenis == "indikator":
        ind = load_perangkat().cari_indikator(kode)
        if ind is not None:
            return nilai_indikator(ind, value)
    return bilangan(value)


def nama_polos(nama: str) -> str:
    """"A3 Komunikasi, Informasi dan Edukasi Kesehatan" -> "Komunikasi, Informasi dan ..."."""
    return _KODE.sub("", nama).strip() or nama
