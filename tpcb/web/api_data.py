"""Read-only API: who am I, catalogue, Puskesmas, completeness, kinerja (PKP), audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from evidence import akses
from evidence.completeness import evaluate, to_json
from evidence.siklus.verifikasi_kinerja import hasil_pkp
from tpcb.services.common import kodes_in_scope, parse_year, scoped_puskesmas, today
from tpcb.services.kinerja import pkp_tahun
from tpcb.services.presenters import komponen_json
from tpcb.web.deps import AppDep, RepoDep, UserDep
from tpcb.web.kontrak import ID_MAX, TAHUN_DOC, galat
from tpcb.web.skema import Audit, Katalog, Kelengkapan, Kinerja, Pengguna, Puskesmas

router = APIRouter(prefix="/api", tags=["data"])
KodeQ = Annotated[str | None, Query(description="kode Puskesmas, mis. PKM-SKJ")]
TahunQ = Annotated[int | None, Query(description="tahun, mis. 2026", json_schema_extra=TAHUN_DOC)]


@router.get("/me", summary="Pengguna yang sedang masuk", response_model=Pengguna)
def me(who: UserDep) -> dict:
    a = who.actor
    return {"nama_pengguna": a.username, "peran": a.peran, "puskesmas": list(a.puskesmas),
            "boleh": sorted(akses.PERMISSIONS[a.peran])}


@router.get("/catalogue", summary="Katalog Kriteria 1.7.1 (sama dengan `tpcb catalogue --format json`)",
            response_model=Katalog)
def catalogue(app: AppDep, who: UserDep) -> dict:
    akses.require(who.actor, akses.KATALOG)
    return app.catalogue.to_json()


@router.get("/puskesmas", summary="Puskesmas dalam cakupan pengguna", response_model=list[Puskesmas])
def puskesmas(repo: RepoDep, who: UserDep) -> list[dict]:
    akses.require(who.actor, akses.PUSKESMAS)
    rows = [p for p in repo.all_puskesmas() if akses.in_scope(who.actor, p.kode)]
    return [p.model_dump() for p in rows]


@router.get("/completeness", summary="Kelengkapan bukti dan skor sementara (sama dengan CLI)",
            response_model=Kelengkapan, response_model_exclude_unset=True, responses=galat(404))
def completeness(app: AppDep, repo: RepoDep, who: UserDep, puskesmas: KodeQ = None,
                 tahun: TahunQ = None) -> dict:
    akses.require(who.actor, akses.KELENGKAPAN)
    year = parse_year(tahun)
    kode = scoped_puskesmas(repo, who.actor, puskesmas)
    if kode is not None or who.actor.office_wide:
        results = evaluate(repo, app.catalogue, year, kode=kode, rule=app.scoring, today=today())
    else:
        results = [r for k in kodes_in_scope(repo, who.actor)
                   for r in evaluate(repo, app.catalogue, year, kode=k, rule=app.scoring, today=today())]
    return {"tahun": year, "sementara": True, "puskesmas": [to_json(r) for r in results]}


@router.get("/kinerja", summary="Hasil Penilaian Kinerja Puskesmas tersimpan (verifikasi bila ada)",
            response_model=Kinerja, responses=galat(404))
def kinerja(app: AppDep, repo: RepoDep, who: UserDep, puskesmas: KodeQ = None,
            tahun: Annotated[int | None, Query(description="tahun PKP; bawaan: tahun lalu",
                                                json_schema_extra=TAHUN_DOC)] = None) -> dict:
    akses.require(who.actor, akses.KINERJA)
    year = parse_year(tahun) if tahun else today().year - 1
    kode = scoped_puskesmas(repo, who.actor, puskesmas)
    kodes = [kode] if kode else kodes_in_scope(repo, who.actor)
    names = {p.kode: p.nama for p in repo.all_puskesmas()}
    chosen = pkp_tahun(repo, year)
    items, missing = [], []
    for k in kodes:
        row = chosen.get(k)
        if row is None:
            missing.append(k)
            continue
        items.append({"puskesmas": k, "nama": names.get(k, k), "tahun": year, "versi": row.versi,
                      **komponen_json(hasil_pkp(row, app.settings.kinerja_ambang))})
    return {"tahun": year, "hasil": items, "tanpa_data": missing}


@router.get("/audit", summary="Log audit (admin dan sekretariat), terbaru dahulu", response_model=Audit)
def audit(repo: RepoDep, who: UserDep, limit: Annotated[int, Query(ge=1, le=1000)] = 100,
          offset: Annotated[int, Query(ge=0, le=ID_MAX)] = 0, oleh: str | None = None,
          aksi: str | None = None) -> dict:
    akses.require(who.actor, akses.AUDIT)
    rows = repo.audit_list(limit=limit, offset=offset, oleh=oleh, aksi=aksi)
    return {"jumlah": repo.audit_count(), "entri": [akses.audit_json(r) for r in rows]}
