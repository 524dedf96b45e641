"""Verification by the Dinas Kesehatan and analysis for the coaching visit (EP c).

`bandingkan` puts the Puskesmas's own figures beside the verified ones, item by item. For an
indicator the compared value is the cakupan; the row is flagged when sasaran or pencapaian differ
(the same cakupan from different figures is still a data difference) or when the item is present
on one side only. For a management item the compared value is the score, flagged when it differs.
The categories that count are those of the verified result.

`analisis` returns plain data for a template: strongest and weakest indicators by kinerja, every
indicator short of its target with its gap (target - cakupan when higher is better, cakupan -
target when lower is better), and the suggested focus of pembinaan: the variabel and sections with
the lowest means and the management items scored 0 or 4.
"""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict

from evidence.kinerja.hasil import (
    KOMPONEN,
    HasilIndikator,
    KinerjaResult,
    Rata,
    SelfAssessment,
    hitung,
)
from evidence.kinerja.model import Perangkat, load_perangkat
from evidence.kinerja.scoring import Thresholds

_FROZEN = ConfigDict(frozen=True)


class Selisih(BaseModel):
    model_config = _FROZEN
    kode: str
    nama: str
    jenis: str
    sendiri: float | None
    verifikasi: float | None
    selisih: float | None
    ditandai: bool
    sasaran_sendiri: float | None = None
    sasaran_verifikasi: float | None = None
    pencapaian_sendiri: float | None = None
    pencapaian_verifikasi: float | None = None


class Perbandingan(BaseModel):
    model_config = _FROZEN
    selisih: tuple[Selisih, ...]
    hasil_sendiri: KinerjaResult
    hasil_verifikasi: KinerjaResult

    @property
    def kategori(self) -> dict[str, str]:
        """The categories that count: those of the verified figures."""
        return self.hasil_verifikasi.kategori

    @property
    def ditandai(self) -> tuple[Selisih, ...]:
        return tuple(row for row in self.selisih if row.ditandai)

    def komponen(self) -> list[dict]:
        """Rows {komponen, nilai_puskesmas, nilai_verifikasi, kategori (verified)} per part."""
        return [{"komponen": label, "nilai_puskesmas": getattr(self.hasil_sendiri, key),
                 "nilai_verifikasi": getattr(self.hasil_verifikasi, key),
                 "kategori": self.hasil_verifikasi.kategori[key]} for key, label in KOMPONEN]


def _beda(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is not b
    return not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _minus(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else b - a


def bandingkan(puskesmas: SelfAssessment, verified: SelfAssessment,
               perangkat: Perangkat | None = None,
               thresholds: Thresholds | None = None) -> Perbandingan:
    """The Puskesmas's figures against the verified ones, in instrument order (see module doc)."""
    p = perangkat or load_perangkat()
    own, ver = hitung(puskesmas, p, thresholds), hitung(verified, p, thresholds)
    own_i = {i.kode: i for i in own.indikator}
    ver_i = {i.kode: i for i in ver.indikator}
    own_b = {b.kode: b.nilai for b in own.butir_manajemen}
    ver_b = {b.kode: b.nilai for b in ver.butir_manajemen}
    rows: list[Selisih] = []
    for ind in p.indikator:
        a, b = own_i.get(ind.kode), ver_i.get(ind.kode)
        if a is None and b is None:
            continue
        sa, sb = (a.sasaran if a else None), (b.sasaran if b else None)
        pa, pb = (a.pencapaian if a else None), (b.pencapaian if b else None)
        ca, cb = (a.cakupan if a else None), (b.cakupan if b else None)
        rows.append(Selisih(kode=ind.kode, nama=ind.nama, jenis="indikator", sendiri=ca, verifikasi=cb,
                            selisih=_minus(ca, cb), ditandai=_beda(sa, sb) or _beda(pa, pb),
                            sasaran_sendiri=sa, sasaran_verifikasi=sb, pencapaian_sendiri=pa,
                            pencapaian_verifikasi=pb))
    for butir in p.manajemen:
        x, y = own_b.get(butir.kode), ver_b.get(butir.kode)
        if x is None and y is None:
            continue
        fx, fy = (None if x is None else float(x)), (None if y is None else float(y))
        rows.append(Selisih(kode=butir.kode, nama=butir.nama, jenis="manajemen", sendiri=fx,
                            verifikasi=fy, selisih=_minus(fx, fy), ditandai=_beda(fx, fy)))
    return Perbandingan(selisih=tuple(rows), hasil_sendiri=own, hasil_verifikasi=ver)


class Sorotan(BaseModel):
    """One indicator in the analysis."""

    model_config = _FROZEN
    kode: str
    nama: str
    variabel: str
    satuan: str
    arah: str
    target: float
    cakupan: float
    kinerja: float
    kesenjangan: float


class ButirLemah(BaseModel):
    model_config = _FROZEN
    kode: str
    nama: str
    kelompok: str
    nilai: int
    uraian: str


class Analisis(BaseModel):
    model_config = _FROZEN
    puskesmas: str
    tahun: int | None
    kategori: dict[str, str]
    terkuat: tuple[Sorotan, ...]
    terlemah: tuple[Sorotan, ...]
    kesenjangan: tuple[Sorotan, ...]
    fokus_variabel: tuple[Rata, ...]
    fokus_section: tuple[Rata, ...]
    fokus_manajemen: tuple[ButirLemah, ...]


def _sorotan(item: HasilIndikator) -> Sorotan:
    cakupan, kinerja = item.cakupan or 0.0, item.kinerja or 0.0  # only applicable items come here
    gap = item.target - cakupan if item.arah == "higher" else cakupan - item.target
    return Sorotan(kode=item.kode, nama=item.nama, variabel=item.variabel, satuan=item.satuan,
                   arah=item.arah, target=item.target, cakupan=cakupan, kinerja=kinerja,
                   kesenjangan=max(gap, 0.0))


def analisis(result: KinerjaResult, n: int = 5) -> Analisis:
    """Strengths, weaknesses, gaps and focus of pembinaan of one result (see module doc).

    terkuat/terlemah: n indicators each, by kinerja (ties by kode); kesenjangan: every indicator
    below 100 kinerja, weakest first; fokus_variabel: the n lowest variabel means below 100;
    fokus_section: the sections, lowest mean first; fokus_manajemen: items scored 0 or 4, lowest
    first.
    """
    scored = [_sorotan(i) for i in result.indikator if i.berlaku]
    weakest = sorted(scored, key=lambda s: (s.kinerja, s.kode))
    strongest = sorted(scored, key=lambda s: (-s.kinerja, s.kode))
    variabel = sorted((v for v in result.variabel if v.rata < 100), key=lambda v: (v.rata, v.kode))
    butir = sorted((b for b in result.butir_manajemen if b.nilai <= 4), key=lambda b: (b.nilai, b.kode))
    return Analisis(
        puskesmas=result.puskesmas, tahun=result.tahun, kategori=result.kategori,
        terkuat=tuple(strongest[:n]), terlemah=tuple(weakest[:n]),
        kesenjangan=tuple(s for s in weakest if s.kinerja < 100),
        fokus_variabel=tuple(variabel[:n]),
        fokus_section=tuple(sorted(result.sections, key=lambda s: (s.rata, s.kode))),
        fokus_manajemen=tuple(ButirLemah(kode=b.kode, nama=b.nama, kelompok=b.kelompok, nilai=b.nilai,
                                         uraian=b.uraian) for b in butir),
    )
