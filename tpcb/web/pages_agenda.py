"""The buku agenda page (/agenda) and its XLSX export (/agenda.xlsx): every letter the user may
see, in agenda order, with search and filters; a bad filter is said on the page itself."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from evidence.errors import InputError, NotFound
from tpcb.services.agenda import agenda, agenda_xlsx, pilihan
from tpcb.web.deps import AppDep, RepoDep, SignerDep
from tpcb.web.pages import PageUser, page

router = APIRouter(include_in_schema=False)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SARINGAN = ("teks", "jenis", "status", "bulan", "tahun", "puskesmas")


def _filters(teks, jenis, status, bulan, tahun, puskesmas) -> dict:
    return {"teks": teks, "jenis": jenis, "status": status, "bulan": bulan, "tahun": tahun or None,
            "puskesmas": puskesmas}


def _query(values: dict, **extra) -> str:
    kept = {k: v for k, v in {**values, **extra}.items() if v not in (None, "")}
    return urlencode(kept)


@router.get("/agenda")
def agenda_page(request: Request, app: AppDep, repo: RepoDep, signer: SignerDep, who: PageUser,
                teks: str | None = None, jenis: str | None = None, status: str | None = None,
                bulan: str | None = None, tahun: str | None = None, puskesmas: str | None = None,
                halaman: str | None = None) -> Response:
    typed = _filters(teks, jenis, status, bulan, tahun, puskesmas)
    try:
        h = agenda(app, repo, who.actor, halaman=halaman, **typed)
    except (InputError, NotFound) as exc:
        return _refused(request, repo, signer, who, typed, exc)
    nav = {"sebelum": _query(h.saringan, halaman=h.halaman - 1) if h.halaman > 1 else None,
           "sesudah": _query(h.saringan, halaman=h.halaman + 1) if h.halaman < h.jumlah_halaman else None}
    return page(request, "agenda.html", who, signer, h=h, galat="", xlsx=_query(h.saringan),
                halaman_nav=nav, pilihan=pilihan(repo, who.actor), typed=h.saringan)


def _refused(request: Request, repo, signer, who, typed: dict, exc: Exception) -> Response:
    """The page again with the filter as typed and what is wrong with it (400)."""
    return page(request, "agenda.html", who, signer, status=400, galat=str(exc), h=None,
                pilihan=pilihan(repo, who.actor), typed={k: (v or "") for k, v in typed.items()})


@router.get("/agenda.xlsx")
def agenda_ekspor(request: Request, app: AppDep, repo: RepoDep, signer: SignerDep, who: PageUser,
                  teks: str | None = None, jenis: str | None = None, status: str | None = None,
                  bulan: str | None = None, tahun: str | None = None,
                  puskesmas: str | None = None) -> Response:
    typed = _filters(teks, jenis, status, bulan, tahun, puskesmas)
    try:
        data, _count = agenda_xlsx(app, repo, who.actor, **typed)
    except (InputError, NotFound) as exc:
        return _refused(request, repo, signer, who, typed, exc)
    name = f"buku_agenda_{tahun.strip() if tahun and tahun.strip().isdigit() else 'semua'}.xlsx"
    return Response(data, media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
