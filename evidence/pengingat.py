"""Reminders of follow-up tasks: which are due today, the outbox (Notifikasi) and its delivery.

Schedule (Asia/Jakarta dates): 7 days before the due date (h-7), 1 day before (h-1), on the day
(h0), and every day once overdue (terlambat), for open tasks only (terbuka, dikerjakan,
dieskalasi). At most one reminder per task and day: the outbox row is unique by (task, date), so
running the schedule twice the same day queues nothing new and delivery never sends it twice.

Delivery is at-least-once per row and never drops a row: a failed send keeps the row `tertunda`
with the error and the attempt count; after `MAX_PERCOBAAN` attempts it becomes `gagal` and stays
listed. Without a sender (no SMTP configured) rows stay `tertunda` and are returned as `kept`.
Deliver from one process at a time (the scheduled job): two concurrent runs could both send a row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import NamedTuple, Protocol

from evidence.errors import Conflict
from evidence.ports import Repository, UnitOfWork
from evidence.records import DINKES
from evidence.records.siklus import Notifikasi, TindakLanjut
from evidence.status import StatusNotifikasi
from evidence.tindak_lanjut import DINKES_LEVEL, OPEN, TindakLanjutRepository, tanggal_id

H7, H1, H0, TERLAMBAT = "h-7", "h-1", "h0", "terlambat"
SCHEDULE = {7: H7, 1: H1, 0: H0}  # days left -> kind; negative days left -> TERLAMBAT
TERTUNDA, TERKIRIM, GAGAL = StatusNotifikasi.TERTUNDA, StatusNotifikasi.TERKIRIM, StatusNotifikasi.GAGAL
MAX_PERCOBAAN = 5


class Sender(Protocol):
    """Sends one message; raises on failure (the message of the error is kept in `galat`)."""

    def send(self, to: str, subject: str, body: str) -> None: ...


class PengingatRepository(TindakLanjutRepository, Protocol):
    def notifikasi_list(self, *, status: str | None = None, tindak_lanjut_id: int | None = None,
                        tanggal: date | None = None) -> list[Notifikasi]: ...

    def notifikasi_exists(self, tindak_lanjut_id: int, tanggal: date) -> bool: ...


@dataclass(frozen=True)
class Reminder:
    task_id: int
    puskesmas: str
    tanggal: date  # the Jakarta day the reminder is for
    jenis: str  # h-7 | h-1 | h0 | terlambat
    sisa_hari: int  # days left until the due date; negative = days overdue
    task: TindakLanjut = field(compare=False, repr=False)


def due_reminders(tasks: Iterable[TindakLanjut], today: date) -> list[Reminder]:
    """The reminders of `today` (a Jakarta date): H-7, H-1, H-0 and daily when overdue."""
    out = []
    for task in tasks:
        if task.status not in OPEN or task.id is None:
            continue
        left = (task.batas_waktu - today).days
        kind = TERLAMBAT if left < 0 else SCHEDULE.get(left)
        if kind is not None:
            out.append(Reminder(task.id, task.puskesmas, today, kind, left, task))
    return sorted(out, key=lambda r: (r.sisa_hari, r.task_id))


def when_text(sisa_hari: int) -> str:
    if sisa_hari < 0:
        return f"sudah terlambat {-sisa_hari} hari"
    if sisa_hari == 0:
        return "jatuh tempo hari ini"
    if sisa_hari == 1:
        return "jatuh tempo besok (1 hari lagi)"
    return f"jatuh tempo {sisa_hari} hari lagi"


def compose(reminder: Reminder, puskesmas_nama: str) -> tuple[str, str]:
    """(subject, body) of a reminder, in Bahasa Indonesia."""
    t = reminder.task
    due = tanggal_id(t.batas_waktu)
    when = when_text(reminder.sisa_hari)
    subject = f"Pengingat tindak lanjut #{t.id} {puskesmas_nama}: batas waktu {due}, {when}"
    rows = [("Puskesmas", puskesmas_nama), ("Masalah/temuan", t.masalah),
            ("Rekomendasi", t.rekomendasi), ("Rencana", t.rencana), ("Penanggung jawab", t.pj),
            ("Sumber", f"{t.sumber}" + (f" (surat {t.nomor_surat})" if t.nomor_surat else "")),
            ("Batas waktu", due), ("Status", t.status)]
    table = "\n".join(f"  {label:<17}: {value}" for label, value in rows if value)
    if t.tingkat == DINKES_LEVEL:
        ask = ("Masalah ini telah dieskalasi ke Dinas Kesehatan. Mohon TPCB menyampaikan tanggapan "
               "resmi dan mengunggah buktinya.")
    else:
        ask = ("Mohon segera diselesaikan dan bukti penyelesaiannya diunggah agar dapat "
               "diverifikasi oleh TPCB.")
    body = (f"Yth. Kepala Puskesmas dan PJ Mutu {puskesmas_nama},\n\n"
            f"Tindak lanjut #{t.id} {when} (batas waktu {due}):\n\n{table}\n\n{ask}\n\n"
            "Pesan ini dikirim otomatis oleh sistem TPCB; mohon tidak membalas email ini.\n")
    return subject, body


@dataclass
class EnqueueResult:
    dibuat: list[Notifikasi] = field(default_factory=list)  # queued now
    sudah_ada: int = 0  # already queued earlier the same day
    tanpa_penerima: list[Reminder] = field(default_factory=list)  # no email address on file


def recipients_for(repo: Repository, reminders: Iterable[Reminder]) -> dict[str, str]:
    """Email per Puskesmas code (from the master data), and the Dinkes's under DINKES."""
    out: dict[str, str] = {}
    for r in reminders:
        pkm = repo.puskesmas(r.puskesmas)
        out[r.puskesmas] = (pkm.email if pkm else "") or ""
    office = repo.office()
    out[DINKES] = (office.email if office else "") or ""
    return out


def enqueue(uow: UnitOfWork[PengingatRepository], reminders: Iterable[Reminder],
            recipients: Mapping[str, str] | None = None) -> EnqueueResult:
    """Queue one Notifikasi per reminder, once per task and day, each stored as its own step.

    `recipients` maps a Puskesmas code (and DINKES) to an email address; by default the master
    data's. Escalated tasks also go to the Dinkes. A reminder whose Puskesmas has no address is
    not queued but returned in `tanpa_penerima`, so the caller can say so.
    """
    repo = uow.repo
    reminders = list(reminders)
    emails = dict(recipients) if recipients is not None else recipients_for(repo, reminders)
    result = EnqueueResult()
    for r in reminders:
        if repo.notifikasi_exists(r.task_id, r.tanggal):
            result.sudah_ada += 1
            continue
        to = [emails.get(r.puskesmas, "").strip()]
        if r.task.tingkat == DINKES_LEVEL:
            to.append(emails.get(DINKES, "").strip())
        if not to[0]:
            result.tanpa_penerima.append(r)
            continue
        pkm = repo.puskesmas(r.puskesmas)
        subject, body = compose(r, pkm.nama if pkm else r.puskesmas)
        row = Notifikasi(tindak_lanjut_id=r.task_id, tanggal=r.tanggal, jenis=r.jenis,
                         penerima=", ".join(dict.fromkeys(a for a in to if a)), subjek=subject, isi=body)
        try:
            with uow.step():
                repo.add(row)
        except Conflict:  # another run queued it between the check and the insert
            result.sudah_ada += 1
            continue
        result.dibuat.append(row)
    return result


def antre_hari_ini(uow: UnitOfWork[PengingatRepository], today: date) -> EnqueueResult:
    """The daily job: queue today's reminders of every task, to the addresses on record."""
    reminders = due_reminders(uow.repo.tindak_lanjut_list(), today)
    return enqueue(uow, reminders, recipients_for(uow.repo, reminders))


class Delivery(NamedTuple):
    sent: list[Notifikasi]  # delivered in this run
    failed: list[Notifikasi]  # attempted and failed in this run (tertunda again, or gagal)
    kept: list[Notifikasi]  # not attempted: no sender configured


def deliver(uow: UnitOfWork[PengingatRepository], sender: Sender | None, *, now: datetime,
            max_percobaan: int = MAX_PERCOBAAN) -> Delivery:
    """Send every `tertunda` notification; each outcome is stored (a step) right after its send,
    so a later failure never sends it again."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("Waktu harus memakai zona waktu (aware), misalnya datetime.now(UTC).")
    repo = uow.repo
    pending = repo.notifikasi_list(status=TERTUNDA)
    if sender is None:
        return Delivery([], [], pending)
    sent: list[Notifikasi] = []
    failed: list[Notifikasi] = []
    for row in pending:
        with uow.step():  # the outcome is stored before the next message goes out
            try:
                sender.send(row.penerima, row.subjek, row.isi)
            except Exception as exc:  # any failure of the sender is recorded, never lost
                row.percobaan += 1
                row.galat = str(exc) or type(exc).__name__
                row.status = GAGAL if row.percobaan >= max_percobaan else TERTUNDA
                failed.append(row)
            else:
                row.status, row.terkirim_pada, row.galat = TERKIRIM, now.astimezone(UTC), ""
                row.percobaan += 1
                sent.append(row)
            repo.add(row)
    return Delivery(sent, failed, [])
