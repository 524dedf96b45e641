"""Follow-up tasks: list (overdue first) and status changes with an optional proof upload."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile

from evidence import akses
from evidence.akses import Actor, TidakBerwenang, snapshot
from evidence.tindak_lanjut import get_task, list_tasks, update_status
from tpcb.cli.tindak_lanjut import _task_json as task_json
from tpcb.web.audit import audited
from tpcb.web.common import kodes_in_scope, now, read_upload, scoped_puskesmas, today
from tpcb.web.deps import AppDep, RepoDep, UowDep, UserDep

router = APIRouter(prefix="/api/tindak-lanjut", tags=["tindak lanjut"])
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


@router.get("", summary="Daftar tindak lanjut, yang terlambat lebih dulu (sama dengan CLI)")
def list_(repo: RepoDep, who: UserDep, puskesmas: str | None = None, status: str | None = None,
          terlambat: bool = False, tahun: int | None = None) -> list[dict]:
    day = today()
    rows = tasks_for(repo, who.actor, puskesmas=puskesmas, status=status, terlambat=terlambat, tahun=tahun)
    return [task_json(t, day) for t in rows]


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


@router.post("/{task_id}/status", summary="Ubah status tindak lanjut (bukti wajib saat selesai)")
async def update(app: AppDep, uow: UowDep, who: UserDep, task_id: int,
                 status: Annotated[str, Form(description="dikerjakan, selesai, dieskalasi, ...")],
                 catatan: Annotated[str | None, Form(description="alasan atau catatan")] = None,
                 bukti: Annotated[UploadFile | None, File(description="berkas bukti")] = None) -> dict:
    akses.require(who.actor, akses.TUGAS_UBAH)
    proof = None
    if bukti is not None and bukti.filename:
        proof = await read_upload(bukti, app.settings.max_upload_bytes)
    task = move(app, uow, who.actor, task_id, status, catatan, proof)
    return task_json(task, today())
