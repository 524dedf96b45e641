"""Follow-up task commands for a signed-in actor: the tasks they may see (overdue first) and a
status change with an optional proof, checked by role, scope and level, and audited."""

from __future__ import annotations

from evidence import akses
from evidence.akses import Actor, TidakBerwenang, snapshot
from evidence.tindak_lanjut import get_task, list_tasks, update_status
from tpcb.services.audit import audited
from tpcb.services.common import kodes_in_scope, now, scoped_puskesmas, today

FIELDS = ("id", "puskesmas", "status", "tingkat", "ep", "bukti", "catatan", "diverifikasi_oleh")


def tasks_for(repo, who: Actor, *, puskesmas: str | None = None, status: str | None = None,
              terlambat: bool = False, tahun: int | None = None) -> list:
    akses.require(who, akses.TUGAS_LIHAT)
    kode = scoped_puskesmas(repo, who, puskesmas)
    rows = list_tasks(repo, puskesmas=kode, status=status, terlambat=terlambat, today=today(), tahun=tahun)
    if not who.office_wide:
        mine = set(kodes_in_scope(repo, who))
        rows = [t for t in rows if t.puskesmas in mine]
    return rows


def move(app, uow, who: Actor, task_id: int, status: str, catatan: str | None,
         bukti: tuple[bytes, str] | None):
    """Role, scope and status checks, then the use case; audited."""
    repo = uow.repo
    akses.require(who, akses.TUGAS_UBAH)
    task = repo.tindak_lanjut(task_id)
    if task is None and not who.office_wide:
        raise TidakBerwenang()
    task = task or get_task(repo, task_id)
    akses.require_scope(who, task.puskesmas)
    akses.require_task_status(who, status, task.tingkat)
    stamp = now()
    with audited(repo, who.username, "tugas.ubah", f"tindak_lanjut:{task_id}", snapshot(task, FIELDS)) as rec:
        task = update_status(uow, app.store, app.catalogue, task_id, status, oleh=who.username,
                             bukti=bukti, catatan=catatan, today=today(),
                             max_bytes=app.settings.max_upload_bytes, now=stamp)
        rec["sesudah"] = snapshot(task, FIELDS)
    return task
