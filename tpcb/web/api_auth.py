"""Sign-in for API clients (OAuth2 password form) and the bundle's time-limited links."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import Response
from fastapi.security import OAuth2PasswordRequestForm

from tpcb.services import bundle as bundles
from tpcb.services.bundle import make_bundle
from tpcb.services.users import LoginGagal, Terkunci, authenticate
from tpcb.web.batas_masuk import pesan_tunggu
from tpcb.web.deps import AppDep, RepoDep, SignerDep, UowDep, UserDep, WebDep

router = APIRouter(tags=["masuk dan unduhan"])


def login(request: Request, uow, web, username: str, password: str, *, dikenal: bool = False):
    """Rate limits first (per address and per account), then the password and the lockout."""
    limiter = request.app.state.pembatas_masuk
    wait, ticket = limiter.mulai(request.client.host if request.client else "-",
                                 None if dikenal else username)
    if wait is not None:
        raise HTTPException(429, pesan_tunggu(wait), headers={"Retry-After": str(wait)})
    try:
        user = authenticate(uow, username, password, rule=web.lockout, perangkat_dikenal=dikenal)
    except LoginGagal as exc:
        raise HTTPException(401, str(exc), headers={"WWW-Authenticate": "Bearer"}) from None
    except Terkunci as exc:
        raise HTTPException(429, str(exc), headers={"Retry-After": str(web.lockout_minutes * 60)}) \
            from None
    limiter.berhasil(ticket)
    return user


@router.post("/api/token", summary="Token akses (OAuth2 password: username, password)")
def token(request: Request, uow: UowDep, web: WebDep, signer: SignerDep,
          form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> dict:
    user = login(request, uow, web, form.username, form.password)
    ttl = web.token_minutes * 60
    return {"access_token": signer.dumps("api", {"sub": user.username}, ttl), "token_type": "bearer",
            "expires_in": ttl}


@router.post("/api/bundel", summary="Buat bundel bukti (PDF atau ZIP) dan tautan unduhan berbatas waktu")
def bundle(app: AppDep, repo: RepoDep, signer: SignerDep, web: WebDep, who: UserDep,
           puskesmas: Annotated[str, Form()], ep: Annotated[str | None, Form()] = None,
           format: Annotated[str, Form(description="pdf atau zip")] = "pdf",
           tahun: Annotated[int | None, Form()] = None) -> dict:
    return make_bundle(app, repo, signer, web, who.actor, puskesmas=puskesmas, ep=ep, fmt=format,
                       tahun=tahun)


@router.get("/unduh/{token}", summary="Unduh bundel lewat tautan bertanda tangan (penyimpanan lokal)")
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
