"""Acceptance rules: when an item of Kriteria 1.7.1 counts as present, and why (not).

The catalogue says which rule each item follows (`accept` in catalogue.yaml); this module only
interprets it. Every rule reads what the records prove about one Puskesmas and year (`Bukti`) and
answers a `Verdict`: the status, the reason (which file, signed by whom, which rule failed) and
the next step in plain Indonesian. A rule never claims more than the records show: a generated
draft is not a signed final, a named person is not a held interview.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from evidence.catalogue import Catalogue, Item
from evidence.letters import label
from evidence.records import FINAL, Artefact, Puskesmas, Surat
from evidence.records.siklus import TindakLanjut
from evidence.status import StatusSurat, StatusTugas
from evidence.tindak_lanjut import tanggal_id
from evidence.tte import SAH, TANPA_TTE, TIDAK_SAH, HasilTte


class Status(StrEnum):
    ADA = "ada"
    DRAF = "hanya_draf"
    BELUM_TTD = "belum_ditandatangani"
    KEDALUWARSA = "kedaluwarsa"
    TIDAK_ADA = "tidak_ada"
    SIAP = "siap_wawancara"
    BELUM_SIAP = "belum_siap_wawancara"


LABEL = {Status.ADA: "ada", Status.DRAF: "hanya draf", Status.BELUM_TTD: "belum ditandatangani",
         Status.KEDALUWARSA: "kedaluwarsa", Status.TIDAK_ADA: "tidak ada",
         Status.SIAP: "siap wawancara", Status.BELUM_SIAP: "belum siap wawancara"}
PRESENT = (Status.ADA, Status.SIAP)
CLOSED_TASKS = (StatusTugas.SELESAI, StatusTugas.DIVERIFIKASI)
FOTO = "foto:"  # sumber prefix of an activity photo filed beside its minutes


@dataclass
class Verdict:
    item: Item
    status: Status
    alasan: str
    langkah: str = ""
    artefact: Artefact | None = None
    narasumber: dict[str, list[str]] = field(default_factory=dict)

    @property
    def present(self) -> bool:
        return self.status in PRESENT

    @property
    def label(self) -> str:
        return LABEL[self.status]


@dataclass
class Bukti:
    """What is on record about one Puskesmas for the assessed year, as the rules read it."""

    catalogue: Catalogue
    pkm: Puskesmas
    tahun: int
    today: date
    artefacts: dict[str, list[Artefact]]  # item id -> artefacts of the item's owner, tahun <= tahun
    surat_by_key: dict[str, Surat]  # object key (draft or signed) -> its letter
    letters: list[Surat]  # the Puskesmas's letters
    tugas: list[TindakLanjut]  # the Puskesmas's follow-up tasks of the year
    narasumber: dict[str, list[str]]  # catalogue role -> names
    terima_pindaian: bool = True  # a scan without TTE counts as signed (office configuration)


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


def judge(item: Item, b: Bukti, siblings: list[Verdict]) -> Verdict:
    """The verdict on one item; `siblings` are the verdicts on the R/D items of the same EP."""
    rule = item.accept.rule
    if rule == "wawancara":
        return wawancara(item, b, siblings)
    if rule == "tindak_lanjut":
        return tindak_lanjut(item, b)
    return berkas(item, b)


# -- files: signed letters, signed documents, uploads ---------------------------------------------
def _latest(arts: list[Artefact]) -> Artefact:
    return max(arts, key=lambda a: (a.tanggal, a.id or 0, a.kunci))


def _nama(a: Artefact, b: Bukti) -> str:
    surat = b.surat_by_key.get(a.kunci)
    what = f"surat {label(surat)}" if surat else a.nama_berkas
    return f"{what} ({tanggal_id(a.tanggal)})"


def _excluded(item: Item, a: Artefact) -> str | None:
    return next((why for prefix, why in item.accept.bukan_bukti.items()
                 if a.sumber.startswith(prefix)), None)


def berkas(item: Item, b: Bukti) -> Verdict:
    """surat_ttd, dokumen_ttd and unggahan: the best file of the item decides."""
    rule = item.accept
    cara = item.cara_untuk(b.pkm.kode, b.tahun)
    own = b.artefacts.get(item.id, [])
    ignored = [(a, why) for a in own if (why := _excluded(item, a))]
    photos = [a for a in own if rule.foto and a.sumber.startswith(FOTO) and in_window(item, a, b.tahun)]
    cands = [a for a in own if not _excluded(item, a) and not (rule.foto and a.sumber.startswith(FOTO))]
    finals = [a for a in cands if a.status == FINAL]
    good = [a for a in finals if _signed_ok(a, b)] if rule.signed else finals
    fresh = [a for a in good if in_window(item, a, b.tahun)]
    if fresh:
        a = _latest(fresh)
        if rule.foto and not photos:
            return Verdict(item, Status.TIDAK_ADA, f"{_nama(a, b)} ditandatangani {a.penandatangan}, "
                           "tetapi foto kegiatan belum dilampirkan", "lampirkan foto kegiatan "
                           f"pendampingan; {cara}", a)
        return Verdict(item, Status.ADA, _ada(a, b, rule.rule), "", a)
    if good:
        a = _latest(good)
        return Verdict(item, Status.KEDALUWARSA, f"{_nama(a, b)} dari tahun {a.tahun}; butir ini "
                       f"harus untuk tahun {b.tahun}", f"siapkan {item.nama} tahun {b.tahun}: {cara}", a)
    unsigned = [a for a in finals if in_window(item, a, b.tahun)]
    if unsigned:
        return _not_signed(item, _latest(unsigned), b)
    drafts = [a for a in cands if in_window(item, a, b.tahun)]
    if drafts:
        return _draft(item, _latest(drafts), b, cara)
    why = f"belum ada {item.nama} tahun {b.tahun}" if item.recency else f"belum ada {item.nama}"
    if ignored:
        why += "; tidak dihitung: " + "; ".join(f"{a.nama_berkas} ({w})" for a, w in ignored)
    return Verdict(item, Status.TIDAK_ADA, why, cara)


def _tte(a: Artefact) -> HasilTte | None:
    return HasilTte.from_json(a.tte)


def _signed_ok(a: Artefact, b: Bukti) -> bool:
    """A signed final counts with its signer recorded and, where checked, a TTE that is valid
    (or no TTE at all, when the office accepts scans)."""
    if not a.penandatangan:
        return False
    tte = _tte(a)
    if tte is None or tte.status == SAH:
        return True
    return tte.status == TANPA_TTE and b.terima_pindaian


def _not_signed(item: Item, a: Artefact, b: Bukti) -> Verdict:
    tte = _tte(a)
    surat = b.surat_by_key.get(a.kunci)
    if tte is not None and tte.status == TIDAK_SAH:
        return Verdict(item, Status.BELUM_TTD, f"{_nama(a, b)}: {tte.label}",
                       "unggah ulang PDF bertanda tangan elektronik yang asli dan sah"
                       + (f": tpcb surat sign {surat.nomor} --file TTD.pdf" if surat else ""), a)
    if tte is not None and tte.status == TANPA_TTE and a.penandatangan:
        return Verdict(item, Status.BELUM_TTD, f"{_nama(a, b)} adalah pindaian tanpa TTE; kantor ini "
                       "hanya menerima tanda tangan elektronik (TPCB_TERIMA_PINDAIAN=false)",
                       (f"tandatangani secara elektronik: tpcb surat tte {surat.nomor}" if surat else
                        "unggah PDF yang ditandatangani secara elektronik"), a)
    return Verdict(item, Status.BELUM_TTD, f"{_nama(a, b)} berstatus final, tetapi penandatangannya "
                   "tidak tercatat", f"catat penandatangannya: tpcb artefact sahkan {a.kunci} "
                   "--oleh NAMA", a)


def _ada(a: Artefact, b: Bukti, rule: str) -> str:
    if rule == "unggahan":
        return f"{_nama(a, b)} diunggah final"
    tte = _tte(a)
    how = f"; {tte.label}" if tte is not None else ""
    return f"{_nama(a, b)} ditandatangani {a.penandatangan}{how}"


def _draft(item: Item, a: Artefact, b: Bukti, cara: str) -> Verdict:
    rule = item.accept.rule
    if rule == "dokumen_ttd":
        return Verdict(item, Status.BELUM_TTD, f"{a.nama_berkas} ({tanggal_id(a.tanggal)}) belum "
                       "ditandatangani", f"tandatangani lalu unggah pindaian atau PDF TTE-nya: tpcb "
                       f"artefact sahkan {a.kunci} --file TTD.pdf --oleh NAMA", a)
    surat = b.surat_by_key.get(a.kunci)
    if surat is None:
        step = ("unggah versi bertanda tangan (--final --ditandatangani-oleh NAMA)"
                if rule == "surat_ttd" else f"unggah {item.nama} versi final: {cara}")
        return Verdict(item, Status.DRAF, f"hanya draf {a.nama_berkas}", step, a)
    if surat.status == StatusSurat.MENUNGGU_PERSETUJUAN:
        return Verdict(item, Status.DRAF, f"draf surat {label(surat)} menunggu persetujuan Kepala Dinas",
                       f"setujui dulu (surat diberi tanggal dan nomor): tpcb surat setujui "
                       f"{label(surat)}", a)
    if surat.status == StatusSurat.DITOLAK:
        return Verdict(item, Status.DRAF, f"draf surat {label(surat)} ditolak: {surat.catatan}",
                       "perbaiki masukannya lalu terbitkan ulang", a)
    if surat.nomor is None:
        return Verdict(item, Status.DRAF, f"hanya draf surat {label(surat)}, belum bernomor dan belum "
                       "ditandatangani", f"beri tanggal dan nomor saat ditandatangani: tpcb surat nomor "
                       f"{label(surat)} --tanggal TTTT-BB-HH, lalu unggah PDF bertanda tangannya", a)
    return Verdict(item, Status.DRAF, f"surat {surat.nomor} sudah bernomor, tetapi belum ada PDF yang "
                   "ditandatangani", f"tandatangani lalu unggah PDF-nya: tpcb surat sign {surat.nomor} "
                   "--file TTD.pdf", a)


# -- W: ready for the interview --------------------------------------------------------------------
def wawancara(item: Item, b: Bukti, siblings: list[Verdict]) -> Verdict:
    """Ready only with named interviewees, this year's guide, and the EP's R/D evidence present."""
    roles = b.catalogue.roles
    named = {r: b.narasumber.get(r, []) for r in item.interviewees}
    problems, steps = [], []
    missing = [r for r, names in named.items() if not names]
    if missing:
        problems.append("narasumber belum ditetapkan: " + ", ".join(roles[r] for r in missing))
        steps.append(_step_narasumber(missing, roles))
    guides = [a for a in b.artefacts.get(item.id, []) if a.tahun == b.tahun]
    if not guides:
        problems.append(f"panduan wawancara {b.tahun} belum dibuat")
        steps.append(f"buat panduan: tpcb cycle run --tahun {b.tahun} --tahap audit_kelengkapan")
    gaps = [v for v in siblings if v.item.type != "W" and not v.present]
    if gaps:
        problems.append("bukti R/D yang digali belum ada: " + ", ".join(
            f"{v.item.id} ({v.label})" for v in gaps))
        steps.append("lengkapi dulu " + ", ".join(v.item.id for v in gaps))
    guide = _latest(guides) if guides else None
    if problems or guide is None:  # no guide is one of the problems
        return Verdict(item, Status.BELUM_SIAP, "; ".join(problems), "; ".join(steps), guide, named)
    people = "; ".join(f"{roles[r]}: {', '.join(n)}" for r, n in named.items())
    return Verdict(item, Status.SIAP, f"narasumber {people}; panduan {guide.nama_berkas}; bukti R/D "
                   "EP ini ada (wawancara sendiri dinilai surveior)", "", guide, named)


def _step_narasumber(missing: list[str], roles: dict[str, str]) -> str:
    out = []
    if "tpcb" in missing:
        out.append("tetapkan anggota TPCB pembina Puskesmas ini (kolom puskesmas_binaan di tim.csv, "
                   "tpcb import tim)")
    staff = [roles[r] for r in missing if r != "tpcb"]
    if staff:
        out.append(f"tetapkan narasumber {', '.join(staff)} (isi namanya di puskesmas.csv, "
                   "tpcb import puskesmas)")
    return "; ".join(out)


# -- EP h: the Puskesmas received the feedback and followed it up ---------------------------------
def tindak_lanjut(item: Item, b: Bukti) -> Verdict:
    source = b.catalogue.item(item.accept.umpan_balik or "")
    letters = [s for s in b.letters if s.templat == source.template and s.tahun == b.tahun]
    if not letters:
        return Verdict(item, Status.TIDAK_ADA, f"belum ada {source.nama} tahun {b.tahun}",
                       source.cara_untuk(b.pkm.kode, b.tahun))
    signed = [s for s in letters if s.status == StatusSurat.FINAL]
    if not signed:
        nomor = ", ".join(label(s) for s in letters)
        return Verdict(item, Status.TIDAK_ADA, f"{source.nama} {nomor} belum ditandatangani; "
                       "Puskesmas belum menerima umpan balik resmi",
                       (f"tandatangani: tpcb surat sign {letters[0].nomor} --file TTD.pdf"
                        if letters[0].nomor else f"beri nomor saat ditandatangani: tpcb surat nomor "
                        f"{label(letters[0])} --tanggal TTTT-BB-HH"))
    unreceived = [s for s in signed if s.diterima_pada is None]
    if unreceived:
        s = unreceived[0]
        return Verdict(item, Status.TIDAK_ADA, f"tanda terima {source.nama} {s.nomor} belum dicatat",
                       f"catat tanda terima: tpcb surat terima {s.nomor} --tanggal TTTT-BB-HH")
    got = "; ".join(f"{source.nama} {s.nomor} diterima {tanggal_id(s.diterima_pada)}" for s in signed
                    if s.diterima_pada is not None)  # all of them by now
    reports = [a for a in b.artefacts.get(item.id, [])
               if a.status == FINAL and not _excluded(item, a) and in_window(item, a, b.tahun)]
    if reports:
        a = _latest(reports)
        return Verdict(item, Status.ADA, f"{got}; laporan tindak lanjut tertulis {_nama(a, b)}", "", a)
    nomor_signed = {s.nomor for s in signed}
    tasks = [t for t in b.tugas if t.nomor_surat in nomor_signed]
    open_ = [t for t in tasks if not (t.status in CLOSED_TASKS and t.bukti)]
    if tasks and not open_:
        return Verdict(item, Status.ADA, f"{got}; {len(tasks)} tugas tindak lanjut selesai atau "
                       "diverifikasi dengan bukti")
    cara = item.cara_untuk(b.pkm.kode, b.tahun)
    if not tasks:
        return Verdict(item, Status.TIDAK_ADA, f"{got}; belum ada laporan tindak lanjut tertulis", cara)
    detail = ", ".join(_task_state(t, b.today) for t in open_)
    ids = ", ".join(f"#{t.id}" for t in open_)
    return Verdict(item, Status.TIDAK_ADA, f"{got}; {len(open_)} dari {len(tasks)} tugas belum "
                   f"ditindaklanjuti: {detail}", f"selesaikan tugas {ids} dengan bukti (tpcb "
                   f"tindak-lanjut update ID --status selesai --bukti BERKAS), atau {cara}")


def _task_state(t: TindakLanjut, today: date) -> str:
    if t.batas_waktu >= today:
        return f"#{t.id} {t.status}, batas {tanggal_id(t.batas_waktu)} (belum jatuh tempo)"
    return f"#{t.id} {t.status}, terlambat {(today - t.batas_waktu).days} hari"
