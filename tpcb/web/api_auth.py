"""Sign-in for API clients (OAuth2 password form) and the bundle's time-limited links."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import Response
from fastapi.security import OAuth2PasswordRequestForm

from evidence import akses
from evidence.akses import Actor
from evidence.catalogue import EP_CODES
from evidence.errors import InputError
from tpcb.web import bundle as bundles
from tpcb.web.audit import record
from tpcb.web.batas_masuk import pesan_tunggu
from tpcb.web.common import parse_year, scoped_puskesmas, today
from tpcb.web.deps import AppDep, RepoDep, SignerDep, UserDep, WebDep
from tpcb.web.users import LoginGagal, Terkunci, authenticate

router = APIRouter(tags=["masuk dan unduhan"])
log = logging.getLogger(__name__)


def login(request: Request, repo, web, username: str, password: str, *, dikenal: bool = False):
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
        user = authenticate(repo, username, password, rule=web.lockout, perangkat_dikenal=dikenal)
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


@router.post("/api/token", summary="Token akses (OAuth2 password: username, password)")
def token(request: Request, repo: RepoDep, web: WebDep, signer: SignerDep,
          form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> dict:
    user = login(request, repo, web, form.username, form.password)
    ttl = web.token_minutes * 60
    return {"access_token": signer.dumps("api", {"sub": user.username}, ttl), "token_type": "bearer",
            "expires_in": ttl}


def make_bundle(app, repo, signer, web, who: Actor, *, puskesmas: str, ep: str | None, fmt: str,
                tahun: int | None) -> dict:
    akses.require(who, akses.BUNDEL)
    kode = scoped_puskesmas(repo, who, puskesmas)
    ep = (ep or "").strip().lower() or None
    if ep is not None and ep not in EP_CODES:
        raise InputError(f"EP '{ep}' tidak dikenal; pilih a sampai h.")
    if fmt not in ("pdf", "zip"):
        raise InputError(f"Format bundel '{fmt}' tidak dikenal; pilih pdf atau zip.")
    made = bundles.build(app, kode, ep=ep, tahun=parse_year(tahun), fmt=fmt, today=today())
    url, expires = bundles.publish(app, signer, made, web.link_minutes)
    record(repo, who.username, "bundel.buat", f"bundel:{made.name}",
           sesudah={"puskesmas": kode, "ep": ep, "format": fmt, "ukuran": len(made.data)})
    return {"nama": made.name, "url": url, "berlaku_sampai": expires.isoformat(), "ukuran": len(made.data)}


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
