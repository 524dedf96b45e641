"""The surveyor's matrix of one Puskesmas, artefact viewing, and the bundle download."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from evidence import akses, penilaian
from evidence.completeness import evaluate, muat
from evidence.errors import InputError
from evidence.records import DINKES, FINAL
from tpcb.services import bundel_kerja
from tpcb.services.artefak import fetch
from tpcb.services.bundle import make_bundle
from tpcb.services.common import parse_year, scoped_puskesmas, today
from tpcb.web.api_artefact import file_response
from tpcb.web.deps import AppDep, RepoDep, SignerDep, WebDep
from tpcb.web.pages import PageUser, check_csrf, page

router = APIRouter(include_in_schema=False)
TYPE_LABEL = {"R": "Regulasi", "D": "Dokumen", "W": "Wawancara", "O": "Observasi", "S": "Simulasi"}


def matrix(app, repo, kode: str, year: int, who: akses.Actor | None = None) -> dict:
    """What the matrix page shows: per EP its verdicts (status, reason, next step), the files,
    the interviewees, and the surveyor's own assessment beside the provisional grade; and on
    which rows `who` may upload (their role files evidence and the row's owner is in scope)."""
    uploader = who if who is not None and akses.may(who, akses.ARTEFAK_UNGGAH) else None
    bahan = muat(repo, year, kode)  # read once: the verdicts and the files listed beside them
    result = evaluate(repo, app.catalogue, year, rule=app.scoring, today=today(), bahan=bahan)[0]
    sheet = penilaian.lembar(repo, app.catalogue, result)
    arts: dict[str, list] = {}
    for a in bahan.artefacts:
        if a.tahun <= year:
            arts.setdefault(a.item_id, []).append(a)
    roles = app.catalogue.roles
    eps = []
    for e, surveyed in zip(result.elements, sheet.baris, strict=True):
        element = app.catalogue.element(e.code)
        items = []
        for s in e.items:
            owner = DINKES if s.item.scope == "dinkes" else kode
            files = [a for a in arts.get(s.item.id, []) if a.pemilik == owner]
            items.append({"item": s.item, "status": str(s.status), "label": s.label,
                          "alasan": s.alasan, "langkah": s.langkah, "artefact": s.artefact,
                          "berkas": susun_berkas(files, year, s.artefact),
                          "type_label": TYPE_LABEL[s.item.type],
                          "pemilik": owner,
                          "unggah": uploader is not None and akses.in_scope(uploader, owner),
                          "people": [(roles.get(r, r), names) for r, names in s.narasumber.items()]})
        eps.append({"code": e.code, "title": element.title, "grade": e.grade, "score": e.score,
                    "alasan": e.alasan, "rows": items, "surveior": surveyed})
    return {"result": result, "eps": eps, "lembar": sheet}


def _terbaru(a) -> tuple:
    return (a.tanggal, a.id or 0, a.kunci)


def susun_berkas(files: list, year: int, counted) -> dict:
    """The files of one butir as the matrix shows them: the finals that count in front (this
    year's finals and the one the verdict rests on, else the latest final), everything else
    (drafts, earlier years' finals) folded behind them, newest first. `hanya_draf`: no final at
    all, so nothing may be shown as final."""
    finals = [a for a in files if a.status == FINAL]
    depan = [a for a in finals if a.tahun == year or (counted is not None and a.kunci == counted.kunci)]
    if not depan and finals:
        depan = [max(finals, key=_terbaru)]
    keys = {a.kunci for a in depan}
    lipat = [a for a in files if a.kunci not in keys]
    return {"final": sorted(depan, key=_terbaru, reverse=True),
            "lipat": sorted(lipat, key=_terbaru, reverse=True),
            "hanya_draf": bool(files) and not finals}


@router.get("/matriks")
def matriks(request: Request, app: AppDep, repo: RepoDep, signer: SignerDep, who: PageUser,
            puskesmas: str | None = None, tahun: int | None = None) -> Response:
    akses.require(who.actor, akses.KELENGKAPAN)
    names = {p.kode: p.nama for p in repo.all_puskesmas()}  # read once: scope and the picker
    kodes = akses.visible_puskesmas(who.actor, list(names))
    if not kodes:
        raise InputError("Belum ada Puskesmas dalam cakupan Anda.")
    kode = scoped_puskesmas(repo, who.actor, puskesmas) or kodes[0]
    year = parse_year(tahun)
    return page(request, "matriks.html", who, signer, kode=kode, tahun=year,
                pilihan=[(k, names[k]) for k in kodes], hari_ini=today().isoformat(),
                **matrix(app, repo, kode, year, who.actor))


@router.get("/berkas/{key:path}")
def berkas(app: AppDep, repo: RepoDep, who: PageUser, key: str, unduh: bool = False) -> Response:
    row, data = fetch(app, repo, who.actor, key)
    return file_response(row, data, inline=not unduh)


@router.post("/bundel")
def bundel(app: AppDep, repo: RepoDep, signer: SignerDep, web: WebDep, who: PageUser,
           puskesmas: Annotated[str, Form()], ep: Annotated[str, Form()] = "",
           format: Annotated[str, Form()] = "pdf", tahun: Annotated[int | None, Form()] = None,
           csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(signer, who, csrf)
    made = make_bundle(app, repo, signer, web, who.actor, puskesmas=puskesmas, ep=ep or None,
                       fmt=format, tahun=tahun)
    return RedirectResponse(made["url"], 303)


@router.post("/bundel/mulai")
def bundel_mulai(app: AppDep, repo: RepoDep, signer: SignerDep, web: WebDep, who: PageUser,
                 puskesmas: Annotated[str, Form()], ep: Annotated[str, Form()] = "",
                 format: Annotated[str, Form()] = "pdf", tahun: Annotated[int | None, Form()] = None,
                 csrf: Annotated[str, Form()] = "") -> Response:
    """The same bundle as POST /bundel, built in the background: 202 and the job to poll."""
    check_csrf(signer, who, csrf)
    state = bundel_kerja.mulai(app, repo, signer, web, who.actor, puskesmas=puskesmas,
                               ep=ep or None, fmt=format, tahun=tahun)
    return JSONResponse(state, 202, headers={"Location": f"/bundel/status/{state['id']}"})


@router.get("/bundel/status/{kerja_id}")
def bundel_status(app: AppDep, who: PageUser, kerja_id: str) -> dict:
    """How far the job is ({tahap, selesai, total, beres, url, galat}); any worker can answer."""
    return bundel_kerja.status(app, who.actor, kerja_id)
