"""Completeness of the evidence per Puskesmas, EP and item, and the provisional score.

Which item counts is decided by the acceptance rules (evidence/aturan.py, from the catalogue's
`accept`); every verdict carries its reason and the next step. The rule turning the verdicts of
an EP into TL/TS/TT is a judgement, so it is configuration (`ScoringRule`) and the result is
labelled provisional ("sementara").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from evidence.aturan import LABEL, Bukti, Status, Verdict, in_window, judge
from evidence.catalogue import Catalogue
from evidence.errors import NotFound
from evidence.letters import LetterRepository
from evidence.records import DINKES, AnggotaTim, Artefact, Puskesmas, Surat
from evidence.records.siklus import TindakLanjut

__all__ = ["LABEL", "SCORES", "Bahan", "ElementStatus", "PuskesmasCompleteness", "ScoringRule", "Status",
           "Verdict", "completeness", "evaluate", "in_window", "interviewees_for", "muat", "to_json"]
SCORES = {"TL": 10, "TS": 5, "TT": 0}
GRADE_LABEL = {"TL": "terpenuhi lengkap", "TS": "terpenuhi sebagian", "TT": "tidak terpenuhi"}


@dataclass(frozen=True)
class ScoringRule:
    """Provisional EP score from its verdicts.

    Default: every item present = TL (10), at least `ts_min_share` of them = TS (5), else TT (0).
    An EP whose only present items are interviews (W) is TT: an interview with no documents behind
    it proves nothing.
    """

    ts_min_share: float = 0.0  # 0.0: any one item present gives TS
    terima_pindaian: bool = True  # a signed scan without TTE counts as signed (marked "pindaian")

    def grade(self, verdicts: list[Verdict]) -> tuple[str, str]:
        """(TL/TS/TT, why)."""
        present = [v for v in verdicts if v.present]
        total = len(verdicts)
        if present and all(v.item.type == "W" for v in present):
            return "TT", "hanya butir wawancara yang siap; tanpa bukti R/D EP ini tidak terpenuhi"
        if total and len(present) == total:
            return "TL", f"semua {total} butir ada"
        missing = ", ".join(v.item.id for v in verdicts if not v.present)
        if present and len(present) / total >= self.ts_min_share:
            return "TS", f"{len(present)} dari {total} butir ada; kurang: {missing}"
        return "TT", f"{len(present)} dari {total} butir ada; kurang: {missing}"


@dataclass
class ElementStatus:
    code: str
    items: list[Verdict]
    grade: str
    alasan: str = ""

    @property
    def score(self) -> int:
        return SCORES[self.grade]


@dataclass
class PuskesmasCompleteness:
    puskesmas: Puskesmas
    tahun: int
    elements: list[ElementStatus]

    @property
    def total(self) -> int:
        return sum(e.score for e in self.elements)

    @property
    def maximum(self) -> int:
        return 10 * len(self.elements)


def interviewees_for(pkm: Puskesmas, tim: list[AnggotaTim], *,
                     binaan: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """Who can be interviewed, per role of the catalogue, named from the master data. `binaan`
    (from `members_by_puskesmas`) saves scanning every member's list for each Puskesmas."""
    members = (binaan if binaan is not None else members_by_puskesmas(tim)).get(pkm.kode, [])
    staff = {
        "tpcb": members,
        "kepala_puskesmas": [pkm.kepala_nama] if pkm.kepala_nama else [],
        "ktu": [pkm.ktu_nama] if pkm.ktu_nama else [],
        "pj_mutu": [pkm.pj_mutu_nama] if pkm.pj_mutu_nama else [],
        "pj_pelayanan": [pkm.pj_pelayanan_nama] if pkm.pj_pelayanan_nama else [],
    }
    # The management team is led by the Kepala Puskesmas and the KTU; "petugas" are the PJs.
    staff["tim_manajemen"] = staff["kepala_puskesmas"] + staff["ktu"]
    staff["petugas"] = staff["pj_mutu"] + staff["pj_pelayanan"]
    return staff


def members_by_puskesmas(tim: list[AnggotaTim]) -> dict[str, list[str]]:
    """Kode Puskesmas -> names of the TPCB members assigned to it, in the team's order."""
    out: dict[str, list[str]] = {}
    for m in tim:
        for kode in dict.fromkeys(m.puskesmas_binaan):
            out.setdefault(kode, []).append(m.nama)
    return out


def completeness(catalogue: Catalogue, pkm: Puskesmas, tahun: int, artefacts: list[Artefact],
                 tim: list[AnggotaTim], rule: ScoringRule | None = None, *,
                 letters: Sequence[Surat] = (), tasks: Sequence[TindakLanjut] = (),
                 today: date | None = None,
                 binaan: dict[str, list[str]] | None = None) -> PuskesmasCompleteness:
    """Evaluate one Puskesmas. `artefacts` holds its own and the office's (DINKES) artefacts;
    `letters` the letters of both (for numbers and approval states); `tasks` its follow-ups."""
    rule = rule or ScoringRule()
    owners = _owners(catalogue)
    by_item: dict[str, list[Artefact]] = {item.id: [] for item in catalogue.items()}
    for a in artefacts:  # one pass (not one per item): the whole kabupaten runs this per Puskesmas
        owner = owners.get(a.item_id)
        if owner is not None and a.tahun <= tahun and a.pemilik == (DINKES if owner else pkm.kode):
            by_item[a.item_id].append(a)
    by_key = {}
    for s in letters:
        for key in (s.artefak_draf, s.artefak_final):
            if key:
                by_key[key] = s
    bukti = Bukti(catalogue, pkm, tahun, today or date(tahun, 12, 31), by_item, by_key,
                  [s for s in letters if s.pemilik == pkm.kode],
                  [t for t in tasks if t.puskesmas == pkm.kode and t.tahun == tahun],
                  interviewees_for(pkm, tim, binaan=binaan), rule.terima_pindaian)
    elements = []
    for element in catalogue.elements:
        verdicts: list[Verdict] = []
        for item in sorted(element.items, key=lambda i: i.type == "W"):  # R/D first: W reads them
            verdicts.append(judge(item, bukti, verdicts))
        order = {i.id: n for n, i in enumerate(element.items)}
        verdicts.sort(key=lambda v: order[v.item.id])
        grade, why = rule.grade(verdicts)
        elements.append(ElementStatus(element.code, verdicts, grade, why))
    return PuskesmasCompleteness(pkm, tahun, elements)


def _owners(catalogue: Catalogue) -> dict[str, bool]:
    """Item id -> whether the office (DINKES) owns its evidence, rather than the Puskesmas."""
    return {item.id: item.scope == "dinkes" for item in catalogue.items()}


def capaian(result: PuskesmasCompleteness) -> float:
    """Share of the maximum, in percent (all EPs of 1.7.1 are applicable in the provisional score)."""
    return round(100 * result.total / result.maximum, 1) if result.maximum else 0.0


def to_json(result: PuskesmasCompleteness) -> dict:
    """The JSON shape shared by `tpcb completeness --format json` and `/api/completeness`.

    Keys are Indonesian throughout; status values are the `Status` codes.
    """
    return {
        "kode": result.puskesmas.kode,
        "nama": result.puskesmas.nama,
        "tahun": result.tahun,
        "total": result.total,
        "maksimum": result.maximum,
        "capaian_persen": capaian(result),
        "sementara": True,
        "ep": [
            {"kode": e.code, "nilai": e.grade, "skor": e.score, "alasan": e.alasan,
             "butir": [verdict_json(v) for v in e.items]}
            for e in result.elements
        ],
    }


def verdict_json(v: Verdict) -> dict:
    out: dict = {"id": v.item.id, "jenis": v.item.type, "status": str(v.status), "label": v.label,
                 "alasan": v.alasan, "langkah": v.langkah}
    a = v.artefact
    out["berkas"] = None if a is None else {
        "kunci": a.kunci, "nama": a.nama_berkas, "tanggal": a.tanggal.isoformat(),
        "status": a.status, "penandatangan": a.penandatangan}
    if v.item.type == "W":
        out["narasumber"] = v.narasumber
    return out


@dataclass(frozen=True)
class Bahan:
    """What verdicts are computed from, read once: the Puskesmas judged and every row that may
    count for them (their own and the Dinkes office's). A page that also lists the files (the
    matrix) takes them from here instead of reading them again."""

    targets: list[Puskesmas]
    artefacts: list[Artefact]
    letters: list[Surat]
    tasks: list[TindakLanjut]
    tim: list[AnggotaTim]


def muat(repo: LetterRepository, tahun: int, kode: str | None = None) -> Bahan:
    """The rows for one Puskesmas (`kode`) or all of them, in a fixed number of queries."""
    if kode is not None:
        pkm = repo.puskesmas(kode)
        if pkm is None:
            raise NotFound(f"Puskesmas dengan kode '{kode}' tidak terdaftar.")
        return Bahan([pkm], repo.artefacts(pemilik_in=[kode, DINKES]),
                     repo.surat_list(pemilik_in=[kode, DINKES]),
                     repo.tindak_lanjut_list(puskesmas=kode, tahun=tahun), repo.tim())
    return Bahan(repo.all_puskesmas(), repo.artefacts(), repo.surat_list(),
                 repo.tindak_lanjut_list(tahun=tahun), repo.tim())


def evaluate(repo: LetterRepository, catalogue: Catalogue, tahun: int, *, kode: str | None = None,
             rule: ScoringRule | None = None, today: date | None = None,
             bahan: Bahan | None = None) -> list[PuskesmasCompleteness]:
    """Use case: the matrix for one Puskesmas (`kode`) or all of them, from the repository (or
    from rows already read by `muat`).

    A fixed number of queries whatever the number of Puskesmas.
    """
    today = today or date(tahun, 12, 31)
    b = bahan if bahan is not None else muat(repo, tahun, kode)
    grouped: dict[str, list[Artefact]] = {}
    for a in b.artefacts:
        if a.tahun <= tahun:
            grouped.setdefault(a.pemilik, []).append(a)
    letters_by: dict[str, list[Surat]] = {}
    for s in b.letters:
        letters_by.setdefault(s.pemilik, []).append(s)
    tasks_by: dict[str, list[TindakLanjut]] = {}
    for t in b.tasks:
        tasks_by.setdefault(t.puskesmas, []).append(t)
    office_wide, office_letters = grouped.get(DINKES, []), letters_by.get(DINKES, [])
    binaan = members_by_puskesmas(b.tim)  # once: each member's list is not scanned per Puskesmas
    return [completeness(catalogue, p, tahun, grouped.get(p.kode, []) + office_wide, b.tim, rule,
                         letters=letters_by.get(p.kode, []) + office_letters,
                         tasks=tasks_by.get(p.kode, []), today=today, binaan=binaan)
            for p in b.targets]


def status_of(result: PuskesmasCompleteness, item_id: str) -> Verdict:
    return next(v for e in result.elements for v in e.items if v.item.id == item_id)
