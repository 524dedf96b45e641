"""The Puskesmas's self-assessment (SA) against the accreditation standard (Keputusan Menteri
Kesehatan Nomor HK.01.07/MENKES/165/2023): reading the sheet, and the summary the analisis SA
(evidence c-d2) is built from. This is not the PKP (performance indicators, EP g).

The sheet (CSV or the first worksheet of an XLSX) has one row per elemen penilaian:

    bab                  optional, I to V; when given it must match the standard's number
    standar              e.g. 1.7 (the first number is the Bab: 1 = I ... 5 = V)     (wajib)
    kriteria             e.g. 1.7.1, under its standar                                (wajib)
    ep                   the EP letter: a, "a)" or "EP a"                             (wajib)
    skor                 TL, TS, TT, TDD, or 10, 5, 0                                  (wajib)
    fakta dan analisis   wajib for TS and TT (why the EP is not fully met)
    rekomendasi          the Puskesmas's own recommendation

The import is all-or-nothing: every problem is reported at once (line, column, reason).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from evidence import validators as v
from evidence.catalogue import Catalogue
from evidence.errors import ImportRejected, RowError
from evidence.format_id import persen

SUMBER = "SA Puskesmas"
KOLOM = ("bab", "standar", "kriteria", "ep", "skor", "fakta dan analisis", "rekomendasi")
KOLOM_WAJIB = ("standar", "kriteria", "ep", "skor")
BAB = {1: ("I", "Kepemimpinan dan Manajemen Puskesmas"),
       2: ("II", "Penyelenggaraan Upaya Kesehatan Masyarakat"),
       3: ("III", "Penyelenggaraan Upaya Kesehatan Perseorangan, Kefarmasian, dan Laboratorium"),
       4: ("IV", "Program Prioritas Nasional"),
       5: ("V", "Peningkatan Mutu Puskesmas")}
ROMAWI = {roman: n for n, (roman, _) in BAB.items()}
NILAI = {"TL": 10, "TS": 5, "TT": 0, "TDD": None}
ANGKA = {"10": "TL", "5": "TS", "0": "TT"}
_STANDAR = re.compile(r"^(\d{1,2})\.(\d{1,2})$")
_KRITERIA = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{1,2})$")
_EP = re.compile(r"^(?:ep\s*)?([a-z])\)?$")


class BarisSa(BaseModel):
    model_config = ConfigDict(frozen=True)
    bab: str  # I..V
    standar: str
    kriteria: str
    ep: str  # letter
    skor: str  # TL, TS, TT, TDD
    fakta: str = ""
    rekomendasi: str = ""

    @property
    def nilai(self) -> int | None:
        return NILAI[self.skor]

    @property
    def kode(self) -> str:
        return f"{self.kriteria} {self.ep}"


def parse_sa(text: str, catalogue: Catalogue) -> list[BarisSa]:
    """Validate the whole sheet; ImportRejected lists every bad row."""
    rows, problems = v.read_table(text, SUMBER, KOLOM_WAJIB, KOLOM)
    out: list[BarisSa] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        before = len(problems)
        v.require(row, KOLOM_WAJIB, line, problems)
        if len(problems) > before:
            continue
        parsed = _row(line, row, catalogue, problems)
        if parsed is not None and len(problems) == before:
            v.note_duplicate(parsed.kode, line, seen, "ep", problems)
            out.append(parsed)
    if problems:
        raise ImportRejected(SUMBER, sorted(problems, key=lambda r: r.line))
    return out


def _row(line: int, row: dict[str, str], catalogue: Catalogue, problems: list) -> BarisSa | None:
    standar, kriteria = row["standar"].strip(), row["kriteria"].strip()
    m_std, m_krit = _STANDAR.match(standar), _KRITERIA.match(kriteria)
    if not m_std:
        problems.append(RowError(line, "standar", f"'{standar}' bukan nomor standar (contoh: 1.7)"))
        return None
    bab_no = int(m_std.group(1))
    if bab_no not in BAB:
        problems.append(RowError(line, "standar", f"standar {standar} di luar Bab I-V"))
        return None
    if not m_krit or not kriteria.startswith(standar + "."):
        problems.append(RowError(line, "kriteria", f"'{kriteria}' bukan kriteria dari standar "
                                 f"{standar} (contoh: {standar}.1)"))
        return None
    bab = row.get("bab", "").strip().upper()
    if bab and bab != BAB[bab_no][0]:
        reason = (f"Bab '{bab}' di luar I-V" if bab not in ROMAWI else
                  f"Bab {bab} tidak cocok dengan standar {standar} (Bab {BAB[bab_no][0]})")
        problems.append(RowError(line, "bab", reason))
    ep = _ep(line, row["ep"], kriteria, catalogue, problems)
    skor = _skor(line, row["skor"], problems)
    fakta = row.get("fakta dan analisis", "").strip()
    if skor in ("TS", "TT") and not fakta:
        problems.append(RowError(line, "fakta dan analisis", f"wajib diisi untuk skor {skor} "
                                 "(mengapa EP belum terpenuhi lengkap)"))
    if ep is None or skor is None:
        return None
    return BarisSa(bab=BAB[bab_no][0], standar=standar, kriteria=kriteria, ep=ep, skor=skor,
                   fakta=fakta, rekomendasi=row.get("rekomendasi", "").strip())


def _ep(line: int, text: str, kriteria: str, catalogue: Catalogue, problems: list) -> str | None:
    m = _EP.match(text.strip().lower())
    if not m:
        problems.append(RowError(line, "ep", f"'{text}' bukan kode EP (huruf a, b, c, ...)"))
        return None
    ep = m.group(1)
    if kriteria == catalogue.criterion and ep not in {e.code for e in catalogue.elements}:
        known = ", ".join(e.code for e in catalogue.elements)
        problems.append(RowError(line, "ep", f"EP '{ep}' tidak ada di Kriteria {kriteria} "
                                 f"(yang ada: {known})"))
        return None
    return ep


def _skor(line: int, text: str, problems: list) -> str | None:
    value = text.strip().upper().replace(",0", "").replace(".0", "")
    value = ANGKA.get(value, value)
    if value not in NILAI:
        problems.append(RowError(line, "skor", f"'{text}' bukan skor; isi TL, TS, TT, TDD atau "
                                 "10, 5, 0"))
        return None
    return value


# -- the summary the analisis SA is built from -----------------------------------------------------
@dataclass(frozen=True)
class RingkasanBab:
    bab: str
    judul: str
    dinilai: int  # applicable EPs (TDD left out)
    tl: int
    ts: int
    tt: int
    tdd: int

    @property
    def skor(self) -> int:
        return 10 * self.tl + 5 * self.ts

    @property
    def maksimum(self) -> int:
        return 10 * self.dinilai

    @property
    def capaian(self) -> float | None:
        """Sum of EP scores over 10 x applicable EPs, in percent; None when none applies."""
        return round(100 * self.skor / self.maksimum, 1) if self.dinilai else None


def ringkas(rows: list[BarisSa], *, bab: str | None = None, judul: str = "") -> RingkasanBab:
    count = {k: sum(1 for r in rows if r.skor == k) for k in NILAI}
    return RingkasanBab(bab or "", judul, count["TL"] + count["TS"] + count["TT"], count["TL"],
                        count["TS"], count["TT"], count["TDD"])


def per_bab(rows: list[BarisSa]) -> list[RingkasanBab]:
    """One summary per Bab present in the sheet, in Bab order."""
    out = []
    for _n, (roman, title) in sorted(BAB.items()):
        mine = [r for r in rows if r.bab == roman]
        if mine:
            out.append(ringkas(mine, bab=roman, judul=title))
    return out


def kriteria(rows: list[BarisSa], kode: str) -> list[BarisSa]:
    return sorted((r for r in rows if r.kriteria == kode), key=lambda r: r.ep)


def di_bawah_tl(rows: list[BarisSa]) -> list[BarisSa]:
    """The EPs the Puskesmas itself scored TS or TT: TT first, then in the standard's order."""
    def order(r: BarisSa):
        return (r.skor != "TT", [int(x) for x in r.kriteria.split(".")], r.ep)
    return sorted((r for r in rows if r.skor in ("TS", "TT")), key=order)


def rekomendasi_tpcb(babs: list[RingkasanBab], rows: list[BarisSa], criterion: str) -> list[str]:
    """The TPCB's proposed focus, derived from the SA (the Ketua TPCB signs the analysis)."""
    out = []
    scored = [(b.capaian, b) for b in babs if b.capaian is not None]
    for capaian, b in sorted(scored, key=lambda s: s[0])[:2]:
        if capaian < 100:
            out.append(f"Prioritaskan pembinaan Bab {b.bab} ({b.judul}): capaian SA "
                       f"{_persen(capaian)}, {b.tt} EP tidak terpenuhi dan {b.ts} EP terpenuhi "
                       "sebagian.")
    tt = [r for r in rows if r.skor == "TT"]
    if tt:
        out.append("Dampingi penyusunan bukti untuk EP yang tidak terpenuhi: "
                   + ", ".join(r.kode for r in tt[:8]) + ("" if len(tt) <= 8 else ", dan lainnya")
                   + ".")
    own = [r for r in kriteria(rows, criterion) if r.skor in ("TS", "TT")]
    if own:
        out.append(f"Kriteria {criterion} (pembinaan oleh TPCB): lengkapi bersama Dinas Kesehatan "
                   "bukti EP " + ", ".join(r.ep for r in own) + ".")
    return out or ["Semua EP yang dinilai terpenuhi lengkap; pertahankan dan pantau buktinya."]


def _persen(value: float) -> str:
    return persen(value)
