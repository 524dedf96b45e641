"""Work queues of the office (what waits for whom), as plain data: follow-ups waiting for the
Dinkes's verification, letters and documents waiting for a signature, signed letters whose
receipt is not recorded, and overdue follow-ups. Filtered by Puskesmas, EP, task status and a
date range, always inside the actor's scope. A fixed number of queries whatever the size: all
tasks, all letters and the year's artefacts are read once, then filtered here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from evidence import akses
from evidence.akses import Actor
from evidence.dokumen import dokumen_belum_ttd
from evidence.errors import InputError
from evidence.records import DINKES
from evidence.status import StatusSurat, StatusTugas
from evidence.tindak_lanjut import STATUSES, is_overdue
from tpcb.services.common import kodes_in_scope, parse_year, scoped_puskesmas, today
from tpcb.services.tugas import move

QUEUES = ("verifikasi", "tanda_tangan", "tanda_terima", "terlambat")
JUDUL = {"verifikasi": "Menunggu verifikasi", "tanda_tangan": "Menunggu tanda tangan",
         "tanda_terima": "Menunggu tanda terima", "terlambat": "Terlambat"}


class AlasanKosong(InputError):
    """A refusal without its reason: refused before anything is staged."""


@dataclass(frozen=True)
class Saringan:
    """The filters of a queue page (GET parameters), already checked."""

    puskesmas: str | None = None
    ep: str | None = None
    status: str | None = None  # a task status; letters and documents ignore it
    dari: date | None = None
    sampai: date | None = None

    def aktif(self) -> bool:
        return any((self.puskesmas, self.ep, self.status, self.dari, self.sampai))


def saringan(repo, catalogue, who: Actor, *, puskesmas: str | None = None, ep: str | None = None,
             status: str | None = None, dari: str | None = None, sampai: str | None = None) -> Saringan:
    """Check the filters typed into the form: unknown values get a clear message, a Puskesmas
    outside the actor's scope gets the same 403 as everywhere."""
    kode = scoped_puskesmas(repo, who, (puskesmas or "").strip() or None)
    ep = (ep or "").strip().lower() or None
    codes = [e.code for e in catalogue.elements]
    if ep is not None and ep not in codes:
        raise InputError(f"EP '{ep}' tidak dikenal; pilih salah satu: {', '.join(codes)}.")
    status = (status or "").strip().lower() or None
    if status is not None and status not in STATUSES:
        raise InputError(f"Status '{status}' tidak dikenal; pilih salah satu: {', '.join(STATUSES)}.")
    awal, akhir = _tanggal(dari, "Tanggal awal"), _tanggal(sampai, "Tanggal akhir")
    if awal and akhir and awal > akhir:
        raise InputError(f"Tanggal awal {awal.isoformat()} sesudah tanggal akhir {akhir.isoformat()}.")
    return Saringan(kode, ep, status, awal, akhir)


def _tanggal(value: str | None, field: str) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{field} '{value}' bukan tanggal yang sah; tulis TTTT-BB-HH, misalnya "
                         "2026-03-12.") from None


def _in_range(day: date, s: Saringan) -> bool:
    return (s.dari is None or day >= s.dari) and (s.sampai is None or day <= s.sampai)


def menunggu_verifikasi(task) -> bool:
    """Done by the Puskesmas with its proof: the Dinkes verifies or refuses it next."""
    return task.status == StatusTugas.SELESAI and bool(task.bukti)


def antrian(app, repo, who: Actor, s: Saringan, tahun: int | None = None) -> dict:
    """The four queues for this actor: {queue: rows}, counts are their lengths.

    What waits, waits whatever its year: tasks and letters of every year; the documents are the
    year's (`tahun`, default this year), like the dashboard's. Tasks are filtered by Puskesmas,
    EP, status and due date; letters and documents by their owner, their item's EP and their
    date (a task status filter leaves them out: it names tasks).
    """
    akses.require(who, akses.TUGAS_LIHAT)
    akses.require(who, akses.SURAT_LIHAT)
    year = parse_year(tahun)
    day = today()
    mine = set(kodes_in_scope(repo, who))
    tasks = [t for t in repo.tindak_lanjut_list(puskesmas=s.puskesmas)
             if t.puskesmas in mine and (s.ep is None or t.ep == s.ep)
             and (s.status is None or t.status == s.status) and _in_range(t.batas_waktu, s)]

    def own(pemilik: str) -> bool:  # letters and documents: the Dinkes's own are office-wide
        return (pemilik in mine or (who.office_wide and pemilik == DINKES)) and (
            s.puskesmas is None or pemilik == s.puskesmas)

    def ep_of(item_id: str) -> str:
        return app.catalogue.item(item_id).ep

    def keep(pemilik: str, item_id: str, tanggal: date) -> bool:
        return (s.status is None and own(pemilik) and (s.ep is None or ep_of(item_id) == s.ep)
                and _in_range(tanggal, s))

    letters = [x for x in repo.surat_list() if keep(x.pemilik, x.item_id, x.tanggal)]
    dokumen = [a for a in dokumen_belum_ttd(repo, app.catalogue, year)
               if keep(a.pemilik, a.item_id, a.tanggal)]
    return {
        "verifikasi": sorted((t for t in tasks if menunggu_verifikasi(t)),
                             key=lambda t: (t.diubah, t.id or 0)),
        "tanda_tangan": [x for x in letters if x.status == StatusSurat.DRAFT and x.nomor],
        "dokumen": dokumen,
        "tanda_terima": [x for x in letters if x.status == StatusSurat.FINAL and x.pemilik != DINKES
                         and x.diterima_pada is None],
        "terlambat": [t for t in sorted(tasks, key=lambda t: (t.batas_waktu, t.id or 0))
                      if is_overdue(t, day)],
        "hari_ini": day, "tahun": year,
    }


def jumlah(q: dict) -> dict[str, int]:
    """Count per queue (letters and documents both wait for a signature)."""
    return {"verifikasi": len(q["verifikasi"]), "tanda_tangan": len(q["tanda_tangan"]) + len(q["dokumen"]),
            "tanda_terima": len(q["tanda_terima"]), "terlambat": len(q["terlambat"])}


def putuskan(app, uow, who: Actor, task_id: int, setuju: bool, alasan: str):
    """Verify a task from the queue, or refuse it with its reason (asked for in plain words
    before anything runs, so nothing changes); the checks and audit of `tugas.move`."""
    alasan = (alasan or "").strip()
    if not setuju and not alasan:
        raise AlasanKosong(f"Tuliskan alasan penolakan tindak lanjut #{task_id}: Puskesmas perlu tahu "
                         "apa yang harus diperbaiki.")
    return move(app, uow, who, task_id, "diverifikasi" if setuju else "ditolak", alasan or None, None)


def meja_kepala_dinas(repo, who: Actor, tahun: int | None = None, terakhir: int = 10) -> dict:
    """The Kepala Dinas's desk: letters held for their approval and numbered letters waiting
    for a signature (any year: what waits, waits), and the last letters of the year signed
    (newest first). One query."""
    akses.require(who, akses.SURAT_LIHAT)
    year = parse_year(tahun)
    mine = set(kodes_in_scope(repo, who))

    def own(x) -> bool:
        return x.pemilik in mine or (who.office_wide and x.pemilik == DINKES)

    rows = [x for x in repo.surat_list() if own(x)]
    held = [x for x in rows if x.status == StatusSurat.MENUNGGU_PERSETUJUAN]
    signed = sorted((x for x in rows if x.status == StatusSurat.FINAL and x.tahun == year),
                    key=lambda x: (x.diubah, x.id or 0), reverse=True)
    return {"menunggu": held, "tahun": year,
            "tanda_tangan": [x for x in rows if x.status == StatusSurat.DRAFT and x.nomor],
            "ditandatangani": signed[:terakhir], "jumlah_ditandatangani": len(signed)}
