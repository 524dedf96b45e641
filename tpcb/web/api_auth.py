"""Sign-in for API clients (OAuth2 password form) and the bundle's time-limited links."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import Response
from fastapi.security import OAuth2PasswordRequestForm

from tpcb.services import bundle as bundles
from tpcb.services.bundle import make_bundle
from tpcb.services.users import LoginGagal, Terkunci, authenticate
from tpcb.web.batas_masuk import pesan_tunggu
from tpcb.web.deps import AppDep, RepoDep, SignerDep, UowDep, UserDep, WebDep
from tpcb.web.kontrak import EP_BUNDEL, TAHUN_DOC, binary, galat
from tpcb.web.skema import Bundel, Token

router = APIRouter(tags=["masuk dan unduhan"])
log = logging.getLogger(__name__)


def login(request: Request, uow, web, username: str, password: str, *, dikenal: bool = False):
    """Rate limits first (per address and per account), then the password and the lockout."""
    limiter = request.app.state.pembatas_masuk
    host = request.client.host if request.client else "-"
    wait, ticket = limiter.mulai(host, None if dikenal else username)
    name = (username or "")[:100]  # as typed; never the password
    if wait is not None:
        log.warning("Masuk ditolak: batas percobaan terlampaui (tunggu %d detik), pengguna %r dari %s",
                    wait, name, host)
        raise HTTPException(429, pesan_tunggu(wait), headers={"Retry-After": str(wait)})
    try:
        user = authenticate(uow, username, password, rule=web.lockout, perangkat_dikenal=dikenal)
    except LoginGagal as exc:
        log.warning("Masuk gagal: nama pengguna atau kata sandi salah, pengguna %r dari %s", name, host)
        raise HTTPException(401, str(exc), headers={"WWW-Authenticate": "Bearer"}) from None
    except Terkunci as exc:
        log.warning("Masuk ditolak: akun %r terkunci, dari %s", name, host)
        raise HTTPException(429, str(exc), headers={"Retry-After": str(web.lockout_minutes * 60)}) \
            from None
    limiter.berhasil(ticket)
    log.info("Masuk: %s (%s) dari %s", user.username, user.peran, host)
    return user


@router.post("/api/token", summary="Token akses (OAuth2 password: username, password)",
             response_model=Token, responses=galat(401, 429))
def token(request: Request, uow: UowDep, web: WebDep, signer: SignerDep,
          form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> dict:
    user = login(request, uow, web, form.username, form.password)
    ttl = web.token_minutes * 60
    return {"access_token": signer.dumps("api", {"sub": user.username}, ttl), "token_type": "bearer",
            "expires_in": ttl}


@router.post("/api/bundel", summary="Buat bundel bukti (PDF atau ZIP) dan tautan unduhan berbatas waktu",
             response_model=Bundel, responses=galat(404))
def bundle(app: AppDep, repo: RepoDep, signer: SignerDep, web: WebDep, who: UserDep,
           puskesmas: Annotated[str, Form()],
           ep: Annotated[str | None, Form(description="EP a sampai h; kosong: semua EP",
                                         json_schema_extra={"pattern": EP_BUNDEL})] = None,
           format: Annotated[str, Form(description="pdf atau zip",
                                       json_schema_extra={"enum": ["pdf", "zip"]})] = "pdf",
           tahun: Annotated[int | None, Form(json_schema_extra=TAHUN_DOC)] = None) -> dict:
    return make_bundle(app, repo, signer, web, who.actor, puskesmas=puskesmas, ep=ep, fmt=format,
                       tahun=tahun)


@router.get("/unduh/{token}", summary="Unduh bundel lewat tautan bertanda tangan (penyimpanan lokal)",
            response_class=Response,
            responses={**binary(bundles.PDF_TYPE, bundles.ZIP_TYPE, description="Bundel"), **galat(404)})
def download(app: AppDep, signer: SignerDep, token: str) -> Response:
    data = signer.loads("unduh", token)
    key = str((data or {}).get("key", ""))
    if not key.startswith("bundel/"):
        raise HTTPException(404, "Tautan unduhan tidak sah atau sudah kedaluwarsa; buat bundel lagi.")
    body = app.store.get(key)
    name = key.rsplit("/", 1)[-1]
    media = bundles.ZIP_TYPE if name.endswith(".zip") else bundles.PDF_TYPE
    return Response(body, media_type=media, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "X-Content-Type-Options": "nosniff"})
