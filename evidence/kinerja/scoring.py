"""Scoring of the Penilaian Kinerja Puskesmas: pure functions, no I/O.

Rules (seed 002, Kabupaten Pati; seed 003 shows the same columns):

- cakupan = pencapaian / sasaran x faktor (faktor 100 for percentages; see `evidence.kinerja.model`
  for per-mil, per-100.000 and yes/no units). Sasaran 0 cannot give a cakupan: `cakupan` refuses it.
  `hitung` treats sasaran 0 with pencapaian 0 as "tidak berlaku" (no target population this year,
  e.g. no jemaah haji): the indicator is listed but left out of every mean. Sasaran 0 with a
  pencapaian above 0 is refused as an input error.
- kinerja, higher is better: cakupan / target x 100, capped at 100.
- kinerja, lower is better (see the direction rule in `evidence.kinerja.model`): 100 when cakupan
  <= target, otherwise target / cakupan x 100 (so cakupan 0 always gives 100, and a target of 0 gives
  0 as soon as anything happened).
- Categories (`Thresholds`, configurable). Defaults follow diktum KEENAM of the decree, closed so
  that every value falls in exactly one category: layanan and mutu Baik >= 91, Cukup >= 81 (and
  < 91), Kurang < 81; manajemen Baik >= 8,5, Cukup >= 5,5 (and < 8,5), Kurang < 5,5. KEENAM writes
  "81%-90%" / "<= 80%" and "5,5 s/d 8,4", which leaves gaps (90,5? 80,5? 8,45?); the KETERANGAN notes
  say management Baik "> 8,5" and services Kurang "<= 81". The operative diktum wins over the notes
  and each gap is closed upwards (a value belongs to the highest band whose lower bound it reaches).
- The Puskesmas category is the lowest of the three. Kelompok (seed 004): I = Baik, II = Cukup,
  III = Kurang. Ranking: category (Baik first), then the mean score descending, where mean score =
  (layanan + mutu + manajemen x 10) / 3 (management brought to the 0-100 scale), then kode.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, model_validator

from evidence.errors import InputError
from evidence.format_id import bilangan

Kategori = Literal["Baik", "Cukup", "Kurang"]
URUTAN_KATEGORI: tuple[Kategori, ...] = ("Baik", "Cukup", "Kurang")
KELOMPOK = {"Baik": "I", "Cukup": "II", "Kurang": "III"}
RENTANG = {"layanan": 100.0, "manajemen": 10.0, "mutu": 100.0}
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
_GROUPED = re.compile(r"^[1-9]\d{0,2}([.,]\d{3})+$")


class Thresholds(BaseModel):
    """Lower bounds of Baik and Cukup per part; anything under the Cukup bound is Kurang."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    layanan_baik: float = 91.0
    layanan_cukup: float = 81.0
    manajemen_baik: float = 8.5
    manajemen_cukup: float = 5.5
    mutu_baik: float = 91.0
    mutu_cukup: float = 81.0

    @model_validator(mode="after")
    def _ordered(self) -> Thresholds:
        for part, maximum in RENTANG.items():
            baik, cukup = getattr(self, f"{part}_baik"), getattr(self, f"{part}_cukup")
            if not 0 < cukup < baik <= maximum:
                raise ValueError(f"batas {part}: harus 0 < cukup < baik <= {angka(maximum)}")
        return self


def angka(value: float) -> str:
    """A number as typed, as an Indonesian reader writes it: 8,5 / 11 / 90,99 / -0,5."""
    return bilangan(value, maks=6)


def baca_angka(text: str | float | int) -> float:
    """A number from a cell or a CLI argument; comma or dot as decimal mark, no thousands marks.

    Raises ValueError with a reason in Bahasa Indonesia. "1.234" and "2,500" are refused as
    ambiguous (thousands mark or decimal?) rather than guessed.
    """
    if isinstance(text, bool):
        raise ValueError(f"'{text}' bukan angka")
    if isinstance(text, int | float):
        value = float(text)
    else:
        raw = text.strip()
        if _GROUPED.match(raw):
            raise ValueError(f"'{raw}' ambigu: tulis tanpa pemisah ribuan (mis. 1234) "
                             "dan pakai koma hanya untuk desimal (mis. 2,5)")
        if not _NUMBER.match(raw):
            raise ValueError(f"'{raw}' bukan angka")
        value = float(raw.replace(",", "."))
    if not math.isfinite(value):
        raise ValueError(f"'{text}' bukan angka")
    return value


def parse_score(text: str, field: str, maximum: float) -> float:
    """A score typed on the command line ("8,5", "91", "91%") checked against 0..maximum."""
    raw = text.strip().removesuffix("%").strip()
    try:
        value = baca_angka(raw)
    except ValueError as exc:
        raise InputError(f"Nilai {field} {exc}.") from exc
    _check_range(value, field, maximum)
    return value


def _check_range(value: float, field: str, maximum: float) -> None:
    if not 0 <= value <= maximum:
        raise InputError(f"Nilai {field} {angka(value)} di luar rentang 0–{angka(maximum)}.")


def cakupan(pencapaian: float, sasaran: float, faktor: float = 100.0) -> float:
    """pencapaian / sasaran x faktor; negative values and sasaran 0 are refused."""
    if pencapaian < 0 or sasaran < 0:
        raise InputError("Sasaran dan pencapaian tidak boleh negatif.")
    if sasaran == 0:
        raise InputError("Sasaran 0: cakupan tidak dapat dihitung (indikator tidak berlaku).")
    return pencapaian / sasaran * faktor


def kinerja(cakupan: float, target: float, arah: str = "higher") -> float:
    """The indicator's performance in percent (0..100) of its target; see the module rules."""
    if cakupan < 0 or target < 0:
        raise InputError("Cakupan dan target tidak boleh negatif.")
    if arah == "lower":
        return 100.0 if cakupan <= target else target / cakupan * 100
    if arah != "higher":
        raise InputError(f"Arah indikator '{arah}' tidak dikenal (higher atau lower).")
    if target == 0:
        raise InputError("Target 0 tidak dapat dipakai untuk indikator 'makin tinggi makin baik'.")
    return min(cakupan / target * 100, 100.0)


def rata(values: Iterable[float]) -> float | None:
    """Arithmetic mean, or None for no values."""
    items = list(values)
    return sum(items) / len(items) if items else None


def kategori_satu(nilai: float, baik: float, cukup: float) -> Kategori:
    if nilai >= baik:
        return "Baik"
    return "Cukup" if nilai >= cukup else "Kurang"


def kategori(layanan: float, manajemen: float, mutu: float,
             thresholds: Thresholds | None = None) -> dict[str, str]:
    """Category of each part and of the Puskesmas (the lowest of the three)."""
    t = thresholds or Thresholds()
    values = {"layanan": layanan, "manajemen": manajemen, "mutu": mutu}
    for field, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            raise InputError(f"Nilai {field} '{value}' bukan angka.")
        _check_range(float(value), field, RENTANG[field])
    result: dict[str, str] = {
        field: kategori_satu(value, getattr(t, f"{field}_baik"), getattr(t, f"{field}_cukup"))
        for field, value in values.items()
    }
    result["puskesmas"] = max(result.values(), key=URUTAN_KATEGORI.index)
    return result


def kelompok(kategori_puskesmas: str) -> str:
    """Kelompok I/II/III (seed 004) of a Puskesmas category."""
    try:
        return KELOMPOK[kategori_puskesmas]
    except KeyError:
        raise InputError(f"Kategori '{kategori_puskesmas}' tidak dikenal (Baik, Cukup, Kurang).") from None


def nilai_rata(layanan: float, manajemen: float, mutu: float) -> float:
    """The ranking score: (layanan + mutu + manajemen x 10) / 3, on a 0-100 scale."""
    return (layanan + mutu + manajemen * 10) / 3


class _Skor(Protocol):
    puskesmas: str
    layanan: float
    manajemen: float
    mutu: float


class Peringkat(BaseModel):
    model_config = ConfigDict(frozen=True)
    urutan: int
    puskesmas: str
    kategori: str
    kelompok: str
    nilai_rata: float
    layanan: float
    manajemen: float
    mutu: float


def peringkat(hasil: Iterable[_Skor], thresholds: Thresholds | None = None) -> list[Peringkat]:
    """Rank Puskesmas results (anything with puskesmas, layanan, manajemen, mutu): see module doc."""
    rows = []
    for item in hasil:
        cat = kategori(item.layanan, item.manajemen, item.mutu, thresholds)["puskesmas"]
        rows.append((URUTAN_KATEGORI.index(cat), -nilai_rata(item.layanan, item.manajemen, item.mutu),
                     item.puskesmas, cat, item))
    rows.sort(key=lambda row: row[:3])
    return [Peringkat(urutan=n, puskesmas=item.puskesmas, kategori=cat, kelompok=KELOMPOK[cat],
                      nilai_rata=-score, layanan=item.layanan, manajemen=item.manajemen,
                      mutu=item.mutu)
            for n, (_, score, _, cat, item) in enumerate(rows, 1)]
