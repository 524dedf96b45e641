"""The FastAPI application factory: JSON API under /api, pages, OpenAPI at /docs."""

from __future__ import annotations

from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.gzip import GZipMiddleware

from evidence import format_id
from tpcb.services import indeks_latar, rendisi_latar
from tpcb.settings_web import WebSettings, load_secret, load_web_settings
from tpcb.web import (
    api_artefact,
    api_auth,
    api_data,
    api_penilaian,
    api_pratinjau,
    api_surat,
    api_tugas,
    dokumentasi,
    errors,
    pages,
    pages_agenda,
    pages_antrian,
    pages_cari,
    pages_kerja,
    pages_matriks,
    pages_pratinjau,
    pages_unggah,
)
from tpcb.web.batas import Batas, periksa_isian
from tpcb.web.batas_masuk import Batas as BatasMasuk
from tpcb.web.batas_masuk import PembatasMasuk
from tpcb.web.lalu_lintas import GZIP_MIN, NOT_GZIPPED, LaluLintas, static_version
from tpcb.web.tokens import Signer
from tpcb.wiring import App, build_app

HERE = Path(__file__).parent
DESCRIPTION = """API layanan bukti akreditasi Kriteria 1.7.1 (TPCB).

Masuk dengan `POST /api/token` (formulir OAuth2: `username`, `password`), lalu kirim
`Authorization: Bearer <access_token>`. Galat selalu berbentuk `{"detail": "..."}` dalam Bahasa Indonesia.
"""


def create_app(app: App | None = None, web: WebSettings | None = None) -> FastAPI:
    tpcb = app or build_app()
    web = web or load_web_settings()
    api = FastAPI(title="tpcb: bukti akreditasi Kriteria 1.7.1", description=DESCRIPTION,
                  version="0.1.0", docs_url=None, redoc_url=None)
    api.state.tpcb = tpcb
    if tpcb.settings.indeks_latar:  # the search index of what is filed, off the request
        indeks_latar.pasang(tpcb)
    if tpcb.settings.rendisi_sesudah_unggah:  # PDF of an uploaded Word/Excel/CSV made right away
        rendisi_latar.pasang(tpcb)
    tpcb.catalogue  # noqa: B018 - parsed now, not by the first request of each worker
    api.state.web = web
    api.state.signer = Signer(load_secret(web.secret_key, tpcb.settings.home))
    api.state.pembatas_masuk = PembatasMasuk(BatasMasuk(web.login_per_alamat, web.login_per_akun))
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.auto_reload = False  # packaged templates: no file check on every page
    templates.env.globals["static_version"] = static_version(HERE / "static")
    templates.env.filters.update(persen=format_id.persen, angka=format_id.angka)  # one formatter
    api.state.templates = templates
    dokumentasi.pasang(api)  # /docs, /redoc offline and the error contract; before /static
    api.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    for module in (api_auth, api_data, api_artefact, api_surat, api_tugas, api_penilaian, pages,
                   pages_matriks, pages_kerja, pages_antrian, pages_agenda,
                   pages_pratinjau, api_pratinjau, pages_unggah, pages_cari):
        api.include_router(module.router, dependencies=[Depends(periksa_isian)])
    errors.install(api)

    @api.exception_handler(pages.LoginRedirect)
    async def to_login(request: Request, exc: pages.LoginRedirect):
        return RedirectResponse("/masuk", 303)

    # inside out: gzip, then admission and headers, then (outermost) the request limits
    api.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN, compresslevel=6,
                       exclude_content_types=NOT_GZIPPED)
    api.add_middleware(LaluLintas)
    # outermost: hostile paths, queries, credentials and oversized bodies stop here
    api.add_middleware(Batas, max_body=tpcb.settings.max_upload_bytes + 1024 * 1024)
    return api
