"""Server-rendered pages: sign in and out, the landing redirect, and what every page shares."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from evidence import akses
from tpcb.web import api_auth, kilas
from tpcb.web.deps import (
    SESSION_COOKIE,
    VISITOR_COOKIE,
    RepoDep,
    SignerDep,
    UowDep,
    WebDep,
    Who,
    get_repo,
    get_signer,
    identify,
)
from tpcb.web.tokens import new_sid

router = APIRouter(include_in_schema=False)
log = logging.getLogger(__name__)
HOME: dict[str, str] = {akses.SURVEYOR: "/matriks", akses.PJ_MUTU: "/tugas",
                        akses.KEPALA_DINAS: "/persetujuan"}
DEVICE_COOKIE = "tpcb_perangkat"  # "this browser signed in as this user before": lockout bypass
DEVICE_DAYS = 180
NAV = [("/persetujuan", "Persetujuan", akses.SURAT_SETUJUI), ("/antrian", "Antrian kerja", akses.AUDIT),
       ("/dasbor", "Dasbor", akses.AUDIT), ("/dasbor", "Dasbor", akses.SURAT_SETUJUI),
       ("/matriks", "Matriks bukti", akses.KELENGKAPAN), ("/tugas", "Tindak lanjut", akses.TUGAS_LIHAT),
       ("/agenda", "Buku agenda", akses.SURAT_LIHAT),
       ("/cari", "Cari", akses.ARTEFAK_LIHAT)]


class LoginRedirect(Exception):
    """A page asked for by someone not signed in: send them to the sign-in page."""


def page_user(request: Request, repo: Annotated[Any, Depends(get_repo)],
              signer: Annotated[Any, Depends(get_signer)]) -> Who:
    who = identify(request, repo, signer)
    if who is None or who.via != "sesi":
        raise LoginRedirect()
    return who


PageUser = Annotated[Who, Depends(page_user)]


def check_csrf(signer, who: Who, token: str | None) -> None:
    if not signer.check_csrf(who.sid, token):
        raise HTTPException(403, "Token CSRF tidak ada atau tidak cocok. Muat ulang halaman lalu coba lagi.")


def nav(who: Who) -> list[tuple[str, str]]:
    seen, out = set(), []
    for href, label, action in NAV:
        if href not in seen and akses.may(who.actor, action):
            if href == "/dasbor" and not who.actor.office_wide:
                continue
            seen.add(href)
            out.append((href, label))
    return out


def page(request: Request, name: str, who: Who | None, signer, status: int = 200, **ctx) -> Response:
    base = {"who": who, "csrf": signer.csrf(who.sid) if who else "",
            "nav": nav(who) if who else [], "peran": akses.ROLE_LABEL.get(who.actor.peran) if who else "",
            "pesan": kilas.ambil(request)}
    response = request.app.state.templates.TemplateResponse(request, name, {**base, **ctx},
                                                            status_code=status)
    return kilas.habiskan(request, response)


def cookie_secure(request: Request) -> bool:
    return _secure(request, request.app.state.web)


def _secure(request: Request, web) -> bool:
    return web.cookie_secure if web.cookie_secure is not None else request.url.scheme == "https"


@router.get("/")
def home(request: Request, repo: RepoDep, signer: SignerDep) -> Response:
    who = identify(request, repo, signer)
    if who is None or who.via != "sesi":
        return RedirectResponse("/masuk", 303)
    return RedirectResponse(HOME.get(who.actor.peran, "/dasbor"), 303)


def _login_page(request: Request, signer, web, error: str = "", status: int = 200, *,
                username: str = "", headers: dict | None = None) -> Response:
    visitor = request.cookies.get(VISITOR_COOKIE) or new_sid()
    if not visitor.isascii():
        visitor = new_sid()
    resp = request.app.state.templates.TemplateResponse(
        request, "login.html", {"who": None, "nav": [], "csrf": signer.csrf(visitor), "error": error,
                                "username": username[:100]},
        status_code=status, headers=headers)
    resp.set_cookie(VISITOR_COOKIE, visitor, httponly=True, samesite="lax", secure=_secure(request, web))
    return resp


@router.get("/masuk")
def login_form(request: Request, signer: SignerDep, web: WebDep) -> Response:
    return _login_page(request, signer, web)


@router.post("/masuk")
def login(request: Request, uow: UowDep, signer: SignerDep, web: WebDep,
          username: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
          csrf: Annotated[str, Form()] = "") -> Response:
    if not signer.check_csrf(request.cookies.get(VISITOR_COOKIE), csrf):
        raise HTTPException(403, "Token CSRF tidak ada atau tidak cocok. Muat ulang halaman lalu coba lagi.")
    dikenal = _known_device(request, signer, username)
    try:
        user = api_auth.login(request, uow, web, username, password, dikenal=dikenal)
    except HTTPException as exc:
        return _login_page(request, signer, web, str(exc.detail), exc.status_code, username=username,
                           headers={k: v for k, v in (exc.headers or {}).items() if k == "Retry-After"})
    ttl = web.token_minutes * 60
    token = signer.dumps("sesi", {"sub": user.username, "sid": new_sid()}, ttl)
    resp = RedirectResponse(HOME.get(user.peran, "/dasbor"), 303)
    resp.set_cookie(SESSION_COOKIE, token, max_age=ttl, httponly=True, samesite="lax",
                    secure=_secure(request, web))
    device = signer.dumps("perangkat", {"sub": user.username}, DEVICE_DAYS * 86400)
    resp.set_cookie(DEVICE_COOKIE, device, max_age=DEVICE_DAYS * 86400, httponly=True, samesite="lax",
                    secure=_secure(request, web))
    return resp


def _known_device(request: Request, signer, username: str) -> bool:
    """Has this browser signed in as this user before (a signed device cookie)?"""
    data = signer.loads("perangkat", request.cookies.get(DEVICE_COOKIE))
    return bool(data) and data.get("sub") == (username or "").strip().lower()


@router.post("/keluar")
def logout(who: PageUser, signer: SignerDep, repo: RepoDep, web: WebDep,
           csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(signer, who, csrf)
    log.info("Keluar: %s; sesinya dicabut", who.username)
    if who.sid:  # the cookie stops working here, even if someone kept a copy of it
        now = datetime.now(UTC)
        repo.cabut_sesi(who.sid, who.username, now + timedelta(minutes=web.token_minutes), now)
    resp = RedirectResponse("/masuk", 303)
    resp.delete_cookie(SESSION_COOKIE)
    return resp
