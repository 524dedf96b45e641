"""Full-text search over letters and evidence: the page /cari and GET /api/cari, both over
tpcb.services.cari (scoped like the matrix)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from evidence import akses
from evidence.cari import MAX_TEKS_KUERI
from tpcb.services import cari as svc
from tpcb.services.presenters import cari_json
from tpcb.web.deps import RepoDep, SignerDep, UserDep
from tpcb.web.kontrak import galat
from tpcb.web.pages import PageUser, page
from tpcb.web.skema import HasilCari

router = APIRouter()
Teks = Annotated[str, Query(max_length=MAX_TEKS_KUERI, description="kata yang dicari; frasa dalam "
                                                                     "tanda kutip")]


@router.get("/api/cari", tags=["cari"], response_model=HasilCari, responses=galat(),
            summary="Cari teks di dalam surat dan berkas bukti (revisi terbaru; sesuai cakupan)")
def api_cari(repo: RepoDep, who: UserDep, q: Teks = "", tahun: int | None = None,
             batas: Annotated[int, Query(ge=1, le=200)] = svc.BATAS_HASIL) -> dict:
    return cari_json(svc.cari(repo, who.actor, q, tahun=tahun, batas=batas))


@router.get("/cari", include_in_schema=False)
def halaman(request: Request, repo: RepoDep, signer: SignerDep, who: PageUser,
            q: Annotated[str, Query(max_length=MAX_TEKS_KUERI)] = "") -> Response:
    akses.require(who.actor, akses.ARTEFAK_LIHAT)
    hasil = svc.cari(repo, who.actor, q) if q.strip() else None
    return page(request, "cari.html", who, signer, q=q, hasil=hasil, kosong=svc.KOSONG)
