"""A Puskesmas's self-assessment and its computed result (`hitung`).

Aggregation (documented choice; seed 003 shows "cakupan variabel" then "cakupan upaya"):

- variabel mean = mean kinerja of its applicable indicators;
- section mean = mean of its variabel means (each variabel weighs the same, however many
  indicators it has);
- layanan = mean of the section means of SPM, UKM esensial, UKM pengembangan and UKP (the sections
  with at least one scored indicator);
- mutu = mean kinerja of the mutu (INM) indicators;
- manajemen = mean of all management item scores (0/4/7/10), flat over items; per-kelompok means
  are given too, for the analysis.

An indicator missing from the self-assessment is "tidak dinilai" (e.g. rawat inap items in a
Puskesmas without beds); one with sasaran 0 and pencapaian 0 is "tidak berlaku". Both are listed
and left out of the means. layanan, manajemen and mutu are rounded to 2 decimals, and the
categories are taken from these rounded values, so that what is shown is what is categorised.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from evidence.errors import InputError
from evidence.kinerja import scoring
from evidence.kinerja.model import (
    LAYANAN,
    NAMA_SECTION,
    ButirManajemen,
    Indikator,
    Perangkat,
    load_perangkat,
)

_FROZEN = ConfigDict(extra="forbid", frozen=True)
KOMPONEN = (("layanan", "Pelayanan (UKM dan UKP)"), ("manajemen", "Manajemen"), ("mutu", "Mutu"))


class NilaiIndikator(BaseModel):
    model_config = _FROZEN
    sasaran: float = Field(ge=0)
    pencapaian: float = Field(ge=0)


class SelfAssessment(BaseModel):
    """Raw figures of one Puskesmas for one year, keyed by the instrument's kode."""

    model_config = _FROZEN
    puskesmas: str = ""
    tahun: int | None = None
    indikator: dict[str, NilaiIndikator] = {}
    manajemen: dict[str, int] = {}


class HasilIndikator(BaseModel):
    model_config = _FROZEN
    kode: str
    nama: str
    section: str
    variabel_kode: str
    variabel: str
    satuan: str
    target: float
    target_teks: str
    arah: str
    sasaran: float
    pencapaian: float
    cakupan: float | None
    kinerja: float | None

    @property
    def berlaku(self) -> bool:
        return self.kinerja is not None


class HasilButir(BaseModel):
    model_config = _FROZEN
    kode: str
    nama: str
    kelompok_kode: str
    kelompok: str
    nilai: int
    uraian: str


class Rata(BaseModel):
    """The mean of a variabel, a section or a management kelompok."""

    model_config = _FROZEN
    kode: str
    nama: str
    section: str
    rata: float
    jumlah: int


class KinerjaResult(BaseModel):
    model_config = _FROZEN
    puskesmas: str
    tahun: int | None
    indikator: tuple[HasilIndikator, ...]
    butir_manajemen: tuple[HasilButir, ...]
    variabel: tuple[Rata, ...]
    sections: tuple[Rata, ...]
    kelompok_manajemen: tuple[Rata, ...]
    layanan: float
    manajemen: float
    mutu: float
    kategori: dict[str, str]
    kelompok: str
    tidak_dinilai: tuple[str, ...]
    tidak_berlaku: tuple[str, ...]

    @property
    def nilai_rata(self) -> float:
        return scoring.nilai_rata(self.layanan, self.manajemen, self.mutu)

    def section_rata(self, section: str) -> float | None:
        return next((s.rata for s in self.sections if s.kode == section), None)

    def komponen(self) -> list[dict]:
        """Rows {komponen, nilai, kategori} for the result tables of the letters."""
        return [{"komponen": label, "nilai": getattr(self, key), "kategori": self.kategori[key]}
                for key, label in KOMPONEN]


def hitung(sa: SelfAssessment, perangkat: Perangkat | None = None,
           thresholds: scoring.Thresholds | None = None) -> KinerjaResult:
    """Compute cakupan, kinerja, the means and the categories of a self-assessment."""
    p = perangkat or load_perangkat()
    values = _by_code(sa.indikator, sa.manajemen, p)
    indikator = tuple(_hasil_indikator(ind, values[ind.kode]) for ind in p.indikator
                      if ind.kode in values)
    butir = tuple(_hasil_butir(b, values[b.kode]) for b in p.manajemen if b.kode in values)
    variabel = _means((i.variabel_kode, i.variabel, i.section, i.kinerja) for i in indikator)
    sections = _means((v.section, NAMA_SECTION[v.section], v.section, v.rata) for v in variabel)
    parts = {
        "pelayanan": scoring.rata(s.rata for s in sections if s.kode in LAYANAN),
        "manajemen": scoring.rata(b.nilai for b in butir),
        "mutu": scoring.rata(i.kinerja for i in indikator  # berlaku: has a kinerja
                             if i.section == "mutu" and i.kinerja is not None),
    }
    missing = [name for name, value in parts.items() if value is None]
    if missing:
        siapa = f" {sa.puskesmas}" if sa.puskesmas else ""
        raise InputError(f"Penilaian kinerja{siapa} belum memuat nilai {' dan '.join(missing)} yang "
                         "dapat dihitung; hasil dan kategori belum bisa ditetapkan.")
    layanan, manajemen, mutu = (round(value or 0.0, 2) for value in parts.values())
    cat = scoring.kategori(layanan, manajemen, mutu, thresholds)
    return KinerjaResult(
        puskesmas=sa.puskesmas, tahun=sa.tahun, indikator=indikator, butir_manajemen=butir,
        variabel=variabel, sections=sections,
        kelompok_manajemen=_means((b.kelompok_kode, b.kelompok, "manajemen", b.nilai) for b in butir),
        layanan=layanan, manajemen=manajemen, mutu=mutu, kategori=cat,
        kelompok=scoring.KELOMPOK[cat["puskesmas"]],
        tidak_dinilai=tuple(x.kode for x in p.semua() if x.kode not in values),
        tidak_berlaku=tuple(i.kode for i in indikator if not i.berlaku),
    )


def _by_code(indikator: dict[str, NilaiIndikator], manajemen: dict[str, int], p: Perangkat) -> dict:
    """The self-assessment's values keyed by the instrument's own spelling of each kode."""
    values: dict = {}
    unknown, doubled = [], []
    rows: list[tuple[str, NilaiIndikator | int, Indikator | ButirManajemen | None]] = [
        (kode, value, p.cari_indikator(kode)) for kode, value in indikator.items()]
    rows += [(kode, value, p.cari_butir(kode)) for kode, value in manajemen.items()]
    for kode, value, item in rows:
        if item is None:
            unknown.append(kode)
        elif item.kode in values:
            doubled.append(kode)
        else:
            values[item.kode] = value
            allowed = getattr(item, "nilai_boleh", None)
            if allowed is not None and value not in allowed:
                raise InputError(f"Nilai butir manajemen {item.kode} = {value}; yang boleh: "
                                 f"{', '.join(map(str, allowed))}.")
    if unknown:
        raise InputError(f"Kode tidak dikenal dalam perangkat PKP: {', '.join(unknown)}.")
    if doubled:
        raise InputError(f"Kode ganda dalam penilaian kinerja: {', '.join(doubled)}.")
    return values


def _hasil_indikator(ind: Indikator, nilai: NilaiIndikator) -> HasilIndikator:
    cakupan = kinerja = None
    if nilai.sasaran == 0:
        if nilai.pencapaian > 0:
            raise InputError(f"Indikator {ind.kode}: pencapaian {scoring.angka(nilai.pencapaian)} "
                             "tanpa sasaran (sasaran 0).")
    else:
        cakupan = scoring.cakupan(nilai.pencapaian, nilai.sasaran, ind.faktor)
        kinerja = scoring.kinerja(cakupan, ind.target, ind.arah)
    return HasilIndikator(
        kode=ind.kode, nama=ind.nama, section=ind.section, variabel_kode=ind.variabel_kode,
        variabel=ind.variabel, satuan=ind.satuan, target=ind.target, target_teks=ind.target_teks,
        arah=ind.arah, sasaran=nilai.sasaran, pencapaian=nilai.pencapaian, cakupan=cakupan,
        kinerja=kinerja)


def _hasil_butir(butir: ButirManajemen, nilai: int) -> HasilButir:
    return HasilButir(kode=butir.kode, nama=butir.nama, kelompok_kode=butir.kelompok_kode,
                      kelompok=butir.kelompok, nilai=nilai, uraian=butir.level.get(nilai, ""))


def _means(rows: Iterable[tuple[str, str, str, float | None]]) -> tuple[Rata, ...]:
    """Means of (kode, nama, section, score) rows grouped by kode, in first-seen order; None skipped."""
    groups: dict[str, tuple[str, str, list[float]]] = {}
    for kode, nama, section, score in rows:
        if score is not None:
            groups.setdefault(kode, (nama, section, []))[2].append(score)
    return tuple(Rata(kode=kode, nama=nama, section=section, rata=sum(scores) / len(scores),
                      jumlah=len(scores))
                 for kode, (nama, section, scores) in groups.items())
