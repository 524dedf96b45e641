"""Work queues of the secretariat (/antrian, with verify/refuse from the queue) and the Kepala
Dinas's desk (/persetujuan). Thin: the queries are tpcb.services.antrian."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from evidence import akses
from evidence.records import DINKES
from evidence.tindak_lanjut import STATUSES
from tpcb.services.antrian import JUDUL, AlasanKosong, antrian, jumlah, meja_kepala_dinas, putuskan, saringan
from tpcb.services.common import kodes_in_scope
from tpcb.web import kilas
from tpcb.web.deps import AppDep, RepoDep, SignerDep, UowDep
from tpcb.web.pages import PageUser, check_csrf, page

router = APIRouter(include_in_schema=False)
FILTERS = ("puskesmas", "ep", "status", "dari", "sampai")
STATUS_LABEL = {"terbuka": "Terbuka", "dikerjakan": "Dikerjakan", "selesai": "Selesai",
                "diverifikasi": "Diverifikasi", "dieskalasi": "Dieskalasi ke Dinkes"}


def pilihan(app, repo, who) -> dict:
    """What the filter form offers: the Puskesmas in scope, the EPs, the task statuses."""
    names = {p.kode: p.nama for p in repo.all_puskesmas()}
    return {"names": names, "pilih_puskesmas": [(k, names[k]) for k in kodes_in_scope(repo, who.actor)],
            "pilih_ep": [e.code for e in app.catalogue.elements],
            "butir": {i.id: i.nama or i.title for e in app.catalogue.elements for i in e.items},
            "pilih_status": [(s, STATUS_LABEL.get(s, s)) for s in STATUSES]}


def query_of(values: Mapping[str, str | None]) -> str:
    """The filters as a query string (only the known keys, only the filled ones)."""
    return urlencode({k: values[k] for k in FILTERS if values.get(k)})


def _antrian_page(request: Request, app, repo, signer, who, values: dict, *, galat: dict | None = None,
                  status: int = 200) -> Response:
    s = saringan(repo, app.catalogue, who.actor, **{k: values.get(k) for k in FILTERS})
    q = antrian(app, repo, who.actor, s)
    return page(request, "antrian.html", who, signer, status=status, q=q, jumlah=jumlah(q), judul=JUDUL,
                nilai=values, saringan=s, kembali=query_of(values), galat=galat or {},
                can_verify=akses.may(who.actor, akses.TUGAS_UBAH) and who.actor.office_wide,
                labels=STATUS_LABEL, **pilihan(app, repo, who))


@router.get("/antrian")
def antrian_page(request: Request, app: AppDep, repo: RepoDep, signer: SignerDep, who: PageUser,
                 puskesmas: str | None = None, ep: str | None = None, status: str | None = None,
                 dari: str | None = None, sampai: str | None = None) -> Response:
    if not who.actor.office_wide:
        raise akses.TidakBerwenang()
    values = {"puskesmas": puskesmas, "ep": ep, "status": status, "dari": dari, "sampai": sampai}
    return _antrian_page(request, app, repo, signer, who, values)


@router.post("/antrian/tugas/{task_id}")
def antrian_putuskan(request: Request, app: AppDep, uow: UowDep, signer: SignerDep, who: PageUser,
                     task_id: int, keputusan: Annotated[str, Form()], alasan: Annotated[str, Form()] = "",
                     kembali: Annotated[str, Form()] = "", csrf: Annotated[str, Form()] = "") -> Response:
    """Verify (or refuse with a reason) from the queue; a refusal without its reason is shown
    next to the task on the same page (400), and nothing changes."""
    check_csrf(signer, who, csrf)
    values = {k: v[0] for k, v in parse_qs(kembali).items() if k in FILTERS and v}
    back = "/antrian" + (f"?{query_of(values)}" if query_of(values) else "") + "#verifikasi"
    setuju = keputusan == "verifikasi"
    try:
        task = putuskan(app, uow, who.actor, task_id, setuju, alasan)
    except AlasanKosong as exc:  # refused before anything was staged
        return _antrian_page(request, app, uow.repo, signer, who, values, galat={task_id: str(exc)},
                             status=400)
    msg = (f"Tindak lanjut #{task.id} diverifikasi." if setuju else
           f"Tindak lanjut #{task.id} ditolak dan dikembalikan ke "
           f"{'Dinkes' if task.tingkat == 'dinkes' else 'Puskesmas'} ({STATUS_LABEL.get(task.status)}).")
    return kilas.alihkan(request, back, msg)


@router.get("/persetujuan")
def persetujuan_page(request: Request, app: AppDep, repo: RepoDep, signer: SignerDep,
                     who: PageUser, tahun: int | None = None) -> Response:
    """The Kepala Dinas's desk: approvals first, then what waits for their signature and what
    they signed."""
    return meja_page(request, app, repo, signer, who, tahun)


def meja_page(request: Request, app, repo, signer, who, tahun: int | None = None, *,
              galat: dict | None = None, status: int = 200) -> Response:
    if not akses.may(who.actor, akses.SURAT_SETUJUI):
        raise akses.TidakBerwenang()
    meja = meja_kepala_dinas(repo, who.actor, tahun)
    names = {p.kode: p.nama for p in repo.all_puskesmas()}
    return page(request, "persetujuan.html", who, signer, status=status, meja=meja, names=names,
                dinkes=DINKES, galat=galat or {}, tte_kantor=app.settings.tte_p12 is not None,
                can_sign=akses.may(who.actor, akses.SURAT_TTD))
