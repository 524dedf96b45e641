"""PJ Mutu's task list and the secretariat's dashboard, with their forms."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from evidence import akses
from evidence.completeness import evaluate
from evidence.letters import MENUNGGU, label
from evidence.records import DINKES, DRAFT
from evidence.siklus.konteks import penandatangan_dokumen
from evidence.tindak_lanjut import days_overdue, list_tasks
from tpcb.services.antrian import antrian, jumlah, saringan
from tpcb.services.artefak import sahkan_as as sahkan_page
from tpcb.services.common import kodes_in_scope, parse_year, today
from tpcb.services.daftar_tugas import daftar
from tpcb.services.presenters import task_json
from tpcb.services.surat import decide, number, revise, sign, sign_tte
from tpcb.services.tugas import move
from tpcb.web import kilas
from tpcb.web.common import read_upload
from tpcb.web.deps import AppDep, RepoDep, SignerDep, UowDep
from tpcb.web.pages import HOME, PageUser, check_csrf, page
from tpcb.web.pages_antrian import STATUS_LABEL as LABEL_ANTRIAN
from tpcb.web.pages_antrian import meja_page, pilihan

router = APIRouter(include_in_schema=False)
STATUS_LABEL = {**LABEL_ANTRIAN, "ditolak": "Tolak"}


@router.get("/tugas")
def tugas(request: Request, app: AppDep, repo: RepoDep, signer: SignerDep, who: PageUser,
          puskesmas: str | None = None, ep: str | None = None, status: str | None = None) -> Response:
    values = {"puskesmas": puskesmas, "ep": ep, "status": status}
    s = saringan(repo, app.catalogue, who.actor, **values)
    day = today()
    tasks = daftar(repo, who.actor, s, day)
    return page(request, "tugas.html", who, signer, tasks=tasks, today=day, labels=STATUS_LABEL,
                late=sum(x["late"] for x in tasks), menunggu=sum(x["menunggu"] for x in tasks),
                nilai=values, saringan=s,
                verifier=who.actor.office_wide and akses.may(who.actor, akses.TUGAS_UBAH),
                **pilihan(app, repo, who))


@router.post("/tugas/{task_id}")
def tugas_ubah(request: Request, app: AppDep, uow: UowDep, signer: SignerDep, who: PageUser,
               task_id: int, status: Annotated[str, Form()], catatan: Annotated[str, Form()] = "",
               bukti: Annotated[UploadFile | None, File()] = None,
               csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(signer, who, csrf)
    proof = None
    if bukti is not None and bukti.filename:
        proof = read_upload(bukti, app.settings.max_upload_bytes)
    task = move(app, uow, who.actor, task_id, status, catatan or None, proof)
    msg = f"Tindak lanjut #{task.id} sekarang berstatus {STATUS_LABEL.get(task.status, task.status)}."
    if "application/json" in request.headers.get("accept", ""):
        return kilas.titip(request, JSONResponse(task_json(task, today())), msg)
    return kilas.alihkan(request, "/tugas", msg)


def back(who) -> str:
    """Where a letter's form returns: the signer's own page (the Kepala Dinas's desk), else the
    dashboard."""
    return HOME.get(who.actor.peran, "/dasbor")


def progress(app, results) -> list[dict]:
    """Per Puskesmas: score, items present, and stages of the cycle whose evidence is complete."""
    stages = app.catalogue.stages
    rows = []
    for r in results:
        done = {st: True for st in stages}
        present = total = 0
        for e in r.elements:
            for s in e.items:
                total += 1
                present += s.present
                done[s.item.stage] = done[s.item.stage] and s.present
        rows.append({"r": r, "present": present, "jumlah": total, "stages": sum(done.values()),
                     "stage_total": len(stages), "pct": round(100 * present / total) if total else 0})
    return rows


@router.get("/dasbor")
def dasbor(request: Request, app: AppDep, repo: RepoDep, signer: SignerDep, who: PageUser,
           tahun: int | None = None) -> Response:
    if not who.actor.office_wide:
        raise akses.TidakBerwenang()
    year = parse_year(tahun)
    results = evaluate(repo, app.catalogue, year, rule=app.scoring, today=today())
    day = today()
    overdue = list_tasks(repo, terlambat=True, today=day)
    names = {p.kode: p.nama for p in repo.all_puskesmas()}
    queues = antrian(app, repo, who.actor, saringan(repo, app.catalogue, who.actor), year)
    docs = queues["dokumen"]  # unfiltered and office-wide: every document still unsigned
    return page(request, "dasbor.html", who, signer, tahun=year, rows=progress(app, results),
                jumlah=jumlah(queues), kembali="", sekretariat=akses.may(who.actor, akses.AUDIT),
                menunggu=repo.surat_list(status=MENUNGGU), draf=repo.surat_list(status=DRAFT, tahun=year),
                dokumen=[{"a": a, "nama": app.catalogue.item(a.item_id).nama,
                          "oleh": signer_name(repo, a)} for a in docs],
                can_upload=akses.may(who.actor, akses.ARTEFAK_UNGGAH), hari_ini=day,
                tte_kantor=app.settings.tte_p12 is not None,
                overdue=[{"t": t, "days": days_overdue(t, day)} for t in overdue], names=names,
                dinkes=DINKES, kodes=kodes_in_scope(repo, who.actor),
                can_sign=akses.may(who.actor, akses.SURAT_TTD),
                can_approve=akses.may(who.actor, akses.SURAT_SETUJUI))


def signer_name(repo, a) -> str:
    """Who usually signs this document (prefilled in the form; the clerk may change it)."""
    from doc_templates import catalogue as templates

    return penandatangan_dokumen(repo, templates(), a.sumber)


@router.post("/dokumen/sahkan")
def dokumen_sahkan(request: Request, app: AppDep, uow: UowDep, signer: SignerDep, who: PageUser,
                   kunci: Annotated[str, Form()], oleh: Annotated[str, Form()],
                   file: Annotated[UploadFile, File()], csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(signer, who, csrf)
    data, name = read_upload(file, app.settings.max_upload_bytes)
    filed = sahkan_page(app, uow, who.actor, kunci, oleh, (data, name))
    return kilas.alihkan(request, "/dasbor", f"Dokumen {filed.artefact.nama_berkas} disahkan "
                         f"(ditandatangani {filed.artefact.penandatangan}).")


@router.post("/surat/keputusan")
def surat_keputusan(request: Request, app: AppDep, uow: UowDep, signer: SignerDep, who: PageUser,
                    nomor: Annotated[str, Form()],
                    keputusan: Annotated[str, Form()], alasan: Annotated[str, Form()] = "",
                    csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(signer, who, csrf)
    if keputusan != "setujui" and not alasan.strip() and back(who) == "/persetujuan":
        # refused before anything is staged: said next to the letter on the Kepala Dinas's page
        return meja_page(request, app, uow.repo, signer, who, status=400, galat={
            nomor: f"Tuliskan alasan penolakan surat {nomor}: sekretariat perlu tahu apa yang harus "
                   "diperbaiki."})
    surat = decide(app, uow, who.actor, nomor, keputusan == "setujui", alasan)
    msg = (f"Surat {nomor} disetujui: bernomor {surat.nomor}, menunggu tanda tangan."
           if keputusan == "setujui" else f"Surat {label(surat)} ditolak.")
    return kilas.alihkan(request, back(who), msg)


@router.post("/surat/nomor")
def surat_nomor(request: Request, app: AppDep, uow: UowDep, signer: SignerDep, who: PageUser,
                nomor: Annotated[str, Form()], tanggal: Annotated[str, Form()] = "",
                csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(signer, who, csrf)
    surat = number(app, uow, who.actor, nomor, tanggal or None)
    return kilas.alihkan(request, "/dasbor", f"Surat {nomor} bernomor {surat.nomor}, tanggal "
                         f"{surat.tanggal.isoformat()}; siap ditandatangani.")


@router.post("/surat/revisi")
def surat_revisi(request: Request, app: AppDep, uow: UowDep, signer: SignerDep, who: PageUser,
                 nomor: Annotated[str, Form()], file: Annotated[UploadFile, File()],
                 csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(signer, who, csrf)
    data, name = read_upload(file, app.settings.max_upload_bytes)
    surat, filed = revise(app, uow, who.actor, nomor, data, name)
    msg = (f"Draf surat {surat.nomor} diganti dengan revisi {filed.artefact.revisi}."
           if filed.changed else f"Isi berkas sama dengan draf surat {surat.nomor}; tidak ada "
           "yang berubah.")
    return kilas.alihkan(request, "/dasbor", msg)


@router.post("/surat/tte")
def surat_tte(request: Request, app: AppDep, uow: UowDep, signer: SignerDep, who: PageUser,
              nomor: Annotated[str, Form()], csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(signer, who, csrf)
    surat = sign_tte(app, uow, who.actor, nomor)
    return kilas.alihkan(request, back(who), f"Surat {surat.nomor} ditandatangani secara elektronik.")


@router.post("/surat/ttd")
def surat_ttd(request: Request, app: AppDep, uow: UowDep, signer: SignerDep, who: PageUser,
              nomor: Annotated[str, Form()], file: Annotated[UploadFile, File()],
              csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(signer, who, csrf)
    data, name = read_upload(file, app.settings.max_upload_bytes)
    surat = sign(app, uow, who.actor, nomor, data, name, None)
    return kilas.alihkan(request, back(who), f"Surat {surat.nomor} final.")
