"""Completeness of the evidence per Puskesmas, EP and item, and the provisional score.

The rule turning evidence into TL/TS/TT is a judgement, so it is configuration (`ScoringRule`)
and the result is labelled provisional ("sementara").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from evidence.catalogue import Catalogue, Item
from evidence.records import DINKES, FINAL, AnggotaTim, Artefact, Puskesmas

ADA, DRAF, KEDALUWARSA, TIDAK_ADA = "ada", "draf", "kedaluwarsa", "tidak_ada"
STATUS_LABEL = {ADA: "ada", DRAF: "hanya draf", KEDALUWARSA: "kedaluwarsa", TIDAK_ADA: "tidak ada"}
SCORES = {"TL": 10, "TS": 5, "TT": 0}


@dataclass(frozen=True)
class ScoringRule:
    """Provisional EP score from the share of its items present.

    Default: all items present = TL (10), at least `ts_min_share` of them = TS (5), else TT (0).
    """

    ts_min_share: float = 0.0  # 0.0: any one item present gives TS

    def score(self, present: int, total: int) -> str:
        if total and present == total:
            return "TL"
        if present and present / total >= self.ts_min_share:
            return "TS"
        return "TT"


@dataclass
class ItemStatus:
    item: Item
    status: str
    artefact: Artefact | None = None
    interviewees: dict[str, list[str]] = field(default_factory=dict)

    @property
    def present(self) -> bool:
        return self.status == ADA


@dataclass
class ElementStatus:
    code: str
    items: list[ItemStatus]
    grade: str

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


def in_window(item: Item, artefact: Artefact, tahun: int) -> bool:
    """Whether the artefact is recent enough to count for the assessed year."""
    rec = item.recency
    if artefact.tahun > tahun:
        return False
    if rec is None:
        return True
    if rec.current_year and artefact.tahun != tahun:
        return False
    if rec.months is not None:
        end = date(tahun, 12, 31)
        months = (end.year - artefact.tanggal.year) * 12 + end.month - artefact.tanggal.month
        return 0 <= months < rec.months
    return True


def interviewees_for(pkm: Puskesmas, tim: list[AnggotaTim]) -> dict[str, list[str]]:
    """Who can be interviewed, per role of the catalogue, named from the master data."""
    members = [m.nama for m in tim if pkm.kode in m.puskesmas_binaan]
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


def item_status(item: Item, candidates: list[Artefact], tahun: int) -> tuple[str, Artefact | None]:
    finals = [a for a in candidates if a.status == FINAL]
    fresh = [a for a in finals if in_window(item, a, tahun)]
    if fresh:
        return ADA, max(fresh, key=lambda a: (a.tanggal, a.id or 0))
    if finals:
        return KEDALUWARSA, max(finals, key=lambda a: a.tanggal)
    drafts = [a for a in candidates if in_window(item, a, tahun)]
    if drafts:
        return DRAF, drafts[0]
    return TIDAK_ADA, None


def completeness(catalogue: Catalogue, pkm: Puskesmas, tahun: int, artefacts: list[Artefact],
                 tim: list[AnggotaTim], rule: ScoringRule | None = None,
                 derived: dict[str, str] | None = None) -> PuskesmasCompleteness:
    """Evaluate one Puskesmas. `artefacts` holds its own and the office's (DINKES) artefacts.

    `derived` gives the status of items judged by a rule other than "a final artefact exists"
    (EP h: feedback received and followed up, see `followed_up_status`).
    """
    derived = derived or {}
    rule = rule or ScoringRule()
    by_item: dict[str, list[Artefact]] = {}
    for a in artefacts:
        owner_ok = a.pemilik == pkm.kode or a.pemilik == DINKES
        if owner_ok:
            by_item.setdefault(a.item_id, []).append(a)
    people = interviewees_for(pkm, tim)
    elements = []
    for element in catalogue.elements:
        statuses = []
        for item in element.items:
            if item.type == "W":
                named = {r: people.get(r, []) for r in item.interviewees}
                status = ADA if all(named.values()) else TIDAK_ADA
                statuses.append(ItemStatus(item, status, None, named))
            else:
                own = [a for a in by_item.get(item.id, [])
                       if a.pemilik == (DINKES if item.scope == "dinkes" else pkm.kode)]
                status, art = item_status(item, own, tahun)
                if item.id in derived:
                    status = derived[item.id]
                statuses.append(ItemStatus(item, status, art))
        present = sum(s.present for s in statuses)
        elements.append(ElementStatus(element.code, statuses, rule.score(present, len(statuses))))
    return PuskesmasCompleteness(pkm, tahun, elements)


def to_json(result: PuskesmasCompleteness) -> dict:
    """The JSON shape shared by `tpcb completeness --format json` and `/api/completeness`."""
    return {
        "kode": result.puskesmas.kode,
        "nama": result.puskesmas.nama,
        "tahun": result.tahun,
        "total": result.total,
        "maksimum": result.maximum,
        "sementara": True,
        "elements": [
            {
                "code": e.code,
                "grade": e.grade,
                "score": e.score,
                "items": [_item_json(s) for s in e.items],
            }
            for e in result.elements
        ],
    }


def _item_json(s: ItemStatus) -> dict:
    out: dict = {"id": s.item.id, "type": s.item.type, "status": s.status}
    if s.artefact is not None:
        out.update(key=s.artefact.kunci, tanggal=s.artefact.tanggal.isoformat(),
                   artefact_status=s.artefact.status)
    if s.item.type == "W":
        out["interviewees"] = s.interviewees
    return out


# EP h: the Puskesmas received the feedback and acted on it. Per item, the letters that count.
FEEDBACK_LETTERS = {"h-d1": "surat_umpan_balik_pembinaan", "h-d2": "surat_umpan_balik_pkp"}


def followed_up_status(letters, tasks_by_letter, today: date) -> str:
    """ADA when there is a final feedback letter, its receipt is recorded, and each follow-up it
    opened is done, verified or not yet due (for every such letter of the year)."""
    from evidence.tindak_lanjut import feedback_followed_up

    finals = [s for s in letters if s.status == FINAL]
    if not finals:
        return TIDAK_ADA
    ok = all(feedback_followed_up(s.diterima_pada is not None, tasks_by_letter.get(s.nomor, []),
                                  today) for s in finals)
    return ADA if ok else TIDAK_ADA


def _derived(repo, kode: str, tahun: int, today: date) -> dict[str, str]:
    letters = repo.surat_list(pemilik=kode, tahun=tahun)
    tasks: dict[str, list] = {}
    for t in repo.tindak_lanjut_list(puskesmas=kode, tahun=tahun):
        tasks.setdefault(t.nomor_surat, []).append(t)
    return {item: followed_up_status([s for s in letters if s.templat == templat], tasks, today)
            for item, templat in FEEDBACK_LETTERS.items()}


def evaluate(repo, catalogue: Catalogue, tahun: int, *, kode: str | None = None,
             rule: ScoringRule | None = None, today: date | None = None) -> list[PuskesmasCompleteness]:
    """Use case: the matrix for one Puskesmas (`kode`) or all of them, from the repository."""
    from evidence.errors import NotFound

    today = today or date(tahun, 12, 31)
    if kode is not None:
        pkm = repo.puskesmas(kode)
        if pkm is None:
            raise NotFound(f"Puskesmas dengan kode '{kode}' tidak terdaftar.")
        targets = [pkm]
        artefacts = repo.artefacts(pemilik_in=[kode, DINKES])
    else:
        targets = repo.all_puskesmas()
        artefacts = repo.artefacts()
    tim = repo.tim()
    grouped: dict[str, list[Artefact]] = {}
    for a in artefacts:
        if a.tahun <= tahun:
            grouped.setdefault(a.pemilik, []).append(a)
    office_wide = grouped.get(DINKES, [])
    return [completeness(catalogue, p, tahun, grouped.get(p.kode, []) + office_wide, tim, rule,
                         _derived(repo, p.kode, tahun, today)) for p in targets]
