"""The follow-up list of the task page, as plain data: filtered in the actor's scope, ordered for
the one who acts next, each task with its history (status changes: who, when, note) read from the
audit log in one query for the whole page."""

from __future__ import annotations

from datetime import UTC, date, datetime

from evidence import akses
from evidence.akses import Actor
from evidence.jam import JAKARTA
from evidence.tindak_lanjut import CLOSED, allowed_next, days_overdue, is_overdue
from tpcb.services.antrian import Saringan, menunggu_verifikasi
from tpcb.services.tugas import tasks_for


def urutan(task, day: date, verifier: bool) -> tuple:
    """Overdue first, then open by due date, then done; for the verifier (the Dinkes) the tasks
    waiting for its verification come before everything."""
    if verifier and menunggu_verifikasi(task):
        group = 0
    elif is_overdue(task, day):
        group = 1
    elif task.status not in CLOSED:
        group = 2
    else:
        group = 3
    return (group, task.batas_waktu, task.id or 0)


def daftar(repo, who: Actor, s: Saringan, day: date) -> list[dict]:
    """The tasks this actor may see, filtered, ordered, each with its history."""
    rows = [t for t in tasks_for(repo, who, puskesmas=s.puskesmas, status=s.status)
            if (s.ep is None or t.ep == s.ep)
            and (s.dari is None or t.batas_waktu >= s.dari)
            and (s.sampai is None or t.batas_waktu <= s.sampai)]
    verifier = akses.may(who, akses.TUGAS_UBAH) and who.office_wide
    rows.sort(key=lambda t: urutan(t, day, verifier))
    history = riwayat(repo, rows)
    return [{"t": t, "late": is_overdue(t, day), "days": days_overdue(t, day),
             "menunggu": menunggu_verifikasi(t), "riwayat": history.get(t.id, []),
             "next": [x for x in allowed_next(t.status) if x in akses.task_statuses(who, t.tingkat)]}
            for t in rows]


def riwayat(repo, tasks) -> dict[int, list[dict]]:
    """Per task id: its creation, then every status change in the audit log, oldest first:
    {waktu ("12-03-2026 09:15", Jakarta), oleh, dari, ke, catatan}. Changes without an audit
    entry (a cycle run, the demo) are not invented: only a verification recorded on the task
    itself is added, with its verifier."""
    keyed = {f"tindak_lanjut:{t.id}": t for t in tasks}
    entries = repo.audit_sasaran(list(keyed), aksi="tugas.ubah")
    out: dict[int, list[dict]] = {t.id: [{"waktu": _waktu(t.dibuat), "oleh": "", "dari": "",
                                          "ke": "dibuat", "catatan": ""}] for t in tasks}
    for e in entries:
        task = keyed[e.sasaran]
        before, after = e.sebelum or {}, e.sesudah or {}
        if not after:
            continue
        note_before, note_after = before.get("catatan") or "", after.get("catatan") or ""
        added = note_after[len(note_before):].strip() if note_after.startswith(note_before) else note_after
        out[task.id].append({"waktu": _waktu(e.waktu), "oleh": e.oleh,
                             "dari": before.get("status", ""), "ke": after.get("status", ""),
                             "catatan": added})
    for t in tasks:
        seen = any(x["ke"] == "diverifikasi" for x in out[t.id])
        if t.diverifikasi_oleh and t.diverifikasi_pada and not seen:
            out[t.id].append({"waktu": _waktu(t.diverifikasi_pada), "oleh": t.diverifikasi_oleh,
                              "dari": "selesai", "ke": "diverifikasi", "catatan": ""})
    return out


def _waktu(value: datetime) -> str:
    """An instant as the office reads it (Asia/Jakarta); a naive value from SQLite is UTC."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(JAKARTA).strftime("%d-%m-%Y %H:%M")
