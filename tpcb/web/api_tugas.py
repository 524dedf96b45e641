"""Follow-up tasks over HTTP: list (overdue first) and status changes with an optional proof upload
(the commands are tpcb.services.tugas)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Query, UploadFile

from evidence import akses
from evidence.status import StatusTugas
from tpcb.services.common import today
from tpcb.services.presenters import task_json
from tpcb.services.tugas import move, tasks_for
from tpcb.web.common import read_upload
from tpcb.web.deps import AppDep, RepoDep, UowDep, UserDep
from tpcb.web.kontrak import ID_MAX, TAHUN_MAX, TAHUN_MIN, galat
from tpcb.web.skema import Tugas

router = APIRouter(prefix="/api/tindak-lanjut", tags=["tindak lanjut"])


@router.get("", summary="Daftar tindak lanjut, yang terlambat lebih dulu (sama dengan CLI)",
            response_model=list[Tugas], responses=galat(404))
def list_(repo: RepoDep, who: UserDep, puskesmas: str | None = None,
          status: Annotated[str | None, Query(json_schema_extra={"enum": list(StatusTugas)})] = None,
          terlambat: bool = False,
          tahun: Annotated[int | None, Query(ge=TAHUN_MIN, le=TAHUN_MAX)] = None) -> list[dict]:
    day = today()
    rows = tasks_for(repo, who.actor, puskesmas=puskesmas, status=status, terlambat=terlambat, tahun=tahun)
    return [task_json(t, day) for t in rows]


@router.post("/{task_id}/status", summary="Ubah status tindak lanjut (bukti wajib saat selesai)",
             response_model=Tugas, responses=galat(404, 409))
def update(app: AppDep, uow: UowDep, who: UserDep, task_id: Annotated[int, Path(ge=1, le=ID_MAX)],
           status: Annotated[str, Form(description="dikerjakan, selesai, dieskalasi, ...")],
           catatan: Annotated[str | None, Form(description="alasan atau catatan")] = None,
           bukti: Annotated[UploadFile | None, File(description="berkas bukti")] = None) -> dict:
    akses.require(who.actor, akses.TUGAS_UBAH)
    proof = None
    if bukti is not None and bukti.filename:
        proof = read_upload(bukti, app.settings.max_upload_bytes)
    task = move(app, uow, who.actor, task_id, status, catatan, proof)
    return task_json(task, today())
