"""The surveyor's own assessment of Kriteria 1.7.1: per EP a nilai (TL/TS/TT/TDD), fakta dan
analisis and rekomendasi, revisable until final, shown beside the provisional score.

Only a user with role surveyor, for a Puskesmas assigned to them, records it; every change goes
to the audit log in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from evidence.akses import SURVEYOR, Actor, TidakBerwenang, audit_entry, in_scope, snapshot
from evidence.catalogue import Catalogue
from evidence.completeness import PuskesmasCompleteness
from evidence.errors import Conflict, InputError, NotFound
from evidence.ports import Repository
from evidence.records.survei import PenilaianSurveior

NILAI = ("TL", "TS", "TT", "TDD")
SKOR = {"TL": 10, "TS": 5, "TT": 0}
FIELDS = ("tahun", "puskesmas", "ep", "nilai", "fakta", "rekomendasi", "oleh", "final")


class PenilaianRepository(Repository, Protocol):
    """The registry's repository with the surveyor's assessment rows."""

    def penilaian_list(self, tahun: int, puskesmas: str | None = None) -> list[PenilaianSurveior]: ...


def _require_surveyor(repo: PenilaianRepository, actor: Actor, kode: str) -> None:
    if actor.peran != SURVEYOR:
        raise TidakBerwenang("Hanya surveior yang mencatat penilaian surveior.")
    if repo.puskesmas(kode) is None:
        raise NotFound(f"Puskesmas dengan kode '{kode}' tidak terdaftar.")
    if not in_scope(actor, kode):
        raise TidakBerwenang(f"Puskesmas {kode} tidak ditugaskan kepada Anda.")


def nilai_sah(text: str) -> str:
    value = text.strip().upper()
    if value not in NILAI:
        raise InputError(f"Nilai '{text}' tidak sah; pilih TL, TS, TT atau TDD.")
    return value


def set_nilai(repo: PenilaianRepository, catalogue: Catalogue, actor: Actor, *, kode: str, tahun: int,
              ep: str, nilai: str, fakta: str = "", rekomendasi: str = "",
              now: datetime | None = None) -> PenilaianSurveior:
    """Record or revise one EP; refused once the assessment is final."""
    _require_surveyor(repo, actor, kode)
    code = ep.strip().lower().rstrip(")")
    catalogue.element(code)  # NotFound names the allowed EPs
    value = nilai_sah(nilai)
    fakta, rekomendasi = fakta.strip(), rekomendasi.strip()
    if value != "TL" and not fakta:
        raise InputError(f"Fakta dan analisis wajib diisi untuk nilai {value} (mengapa EP {code}) "
                         "tidak terpenuhi lengkap atau tidak berlaku).")
    rows = {r.ep: r for r in repo.penilaian_list(tahun, kode)}
    if any(r.final for r in rows.values()):
        raise Conflict(f"Penilaian surveior {kode} tahun {tahun} sudah final; tidak dapat diubah.")
    row = rows.get(code) or PenilaianSurveior(tahun=tahun, puskesmas=kode, ep=code, nilai=value,
                                              oleh=actor.username)
    if row.id is not None and (row.nilai, row.fakta, row.rekomendasi, row.oleh) == (
            value, fakta, rekomendasi, actor.username):
        return row  # nothing changed: nothing to store or audit
    before = snapshot(row, FIELDS) if row.id is not None else None
    row.nilai, row.fakta, row.rekomendasi, row.oleh = value, fakta, rekomendasi, actor.username
    row.diubah = now or datetime.now(UTC)
    repo.add(row)
    repo.add(audit_entry(actor.username, "penilaian.ubah" if before else "penilaian.catat",
                         f"{kode}/{tahun}/EP {code}", sebelum=before, sesudah=snapshot(row, FIELDS),
                         now=row.diubah))
    return row


def finalkan(repo: PenilaianRepository, catalogue: Catalogue, actor: Actor, *, kode: str, tahun: int,
             now: datetime | None = None) -> list[PenilaianSurveior]:
    """Close the assessment: every EP must be assessed; afterwards nothing changes."""
    _require_surveyor(repo, actor, kode)
    rows = {r.ep: r for r in repo.penilaian_list(tahun, kode)}
    missing = [e.code for e in catalogue.elements if e.code not in rows]
    if missing:
        raise InputError(f"EP {', '.join(missing)} belum dinilai; penilaian belum dapat difinalkan.")
    if all(r.final for r in rows.values()):
        return list(rows.values())
    when = now or datetime.now(UTC)
    for r in rows.values():
        r.final, r.diubah = True, when
        repo.add(r)
    repo.add(audit_entry(actor.username, "penilaian.final", f"{kode}/{tahun}",
                         sesudah={ep: r.nilai for ep, r in sorted(rows.items())}, now=when))
    return sorted(rows.values(), key=lambda r: r.ep)


@dataclass(frozen=True)
class BarisBanding:
    ep: str
    judul: str
    sementara: str  # provisional grade from the evidence
    surveior: str | None  # the surveyor's nilai, None when not yet assessed
    fakta: str
    rekomendasi: str

    @property
    def beda(self) -> bool:
        return self.surveior is not None and self.surveior != self.sementara


@dataclass(frozen=True)
class Lembar:
    """The surveyor's sheet beside the provisional score of one Puskesmas and year."""

    kode: str
    nama: str
    tahun: int
    criterion: str
    chapter: str
    baris: list[BarisBanding]
    final: bool
    oleh: str

    @property
    def dinilai(self) -> list[BarisBanding]:
        return [b for b in self.baris if b.surveior is not None]

    @property
    def skor(self) -> int:
        return sum(SKOR.get(b.surveior or "", 0) for b in self.dinilai)

    @property
    def maksimum(self) -> int:
        """10 x the applicable EPs: TDD leaves the numerator and the denominator."""
        return 10 * sum(1 for b in self.dinilai if b.surveior != "TDD")

    @property
    def capaian(self) -> float | None:
        return round(100 * self.skor / self.maksimum, 1) if self.maksimum else None


def lembar(repo: PenilaianRepository, catalogue: Catalogue, result: PuskesmasCompleteness) -> Lembar:
    kode, tahun = result.puskesmas.kode, result.tahun
    rows = {r.ep: r for r in repo.penilaian_list(tahun, kode)}
    baris = []
    for e in result.elements:
        r = rows.get(e.code)
        baris.append(BarisBanding(e.code, catalogue.element(e.code).title, e.grade,
                                  r.nilai if r else None, r.fakta if r else "",
                                  r.rekomendasi if r else ""))
    who = sorted({r.oleh for r in rows.values()})
    return Lembar(kode, result.puskesmas.nama, tahun, catalogue.criterion, catalogue.chapter, baris,
                  bool(rows) and all(r.final for r in rows.values()), ", ".join(who))


def lembar_json(sheet: Lembar) -> dict:
    return {
        "kode": sheet.kode, "nama": sheet.nama, "tahun": sheet.tahun, "kriteria": sheet.criterion,
        "final": sheet.final, "surveior": sheet.oleh, "skor": sheet.skor, "maksimum": sheet.maksimum,
        "capaian_persen": sheet.capaian,
        "ep": [{"kode": b.ep, "nilai_sementara": b.sementara, "nilai_surveior": b.surveior,
                "beda": b.beda, "fakta": b.fakta, "rekomendasi": b.rekomendasi} for b in sheet.baris],
    }
