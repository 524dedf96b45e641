"""Request dependencies: the App, a unit of work (and its repository) per request, and who is asking.

A request is one unit of work: what the handler staged is stored when it returns, and dropped
when it raises. The unit ends before the answer is sent (`scope="function"`), so a refused
commit becomes the answer (an error page or JSON), never a success sent for data not stored.
Use cases with steps of their own (a letter number, a filed object) store those as they go.

API clients send `Authorization: Bearer <token>` (from POST /api/token). Pages carry a session
cookie; a state-changing request on a cookie needs the session's CSRF token (form field `csrf`
or header `X-CSRF-Token`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import OAuth2PasswordBearer

from evidence.akses import Actor, actor, as_utc
from storage.db.repository import SqlRepository
from storage.db.uow import SqlUnitOfWork
from tpcb.settings_web import WebSettings
from tpcb.web.batas import logged_path
from tpcb.web.tokens import Signer
from tpcb.wiring import App

log = logging.getLogger(__name__)
SESSION_COOKIE = "tpcb_sesi"
VISITOR_COOKIE = "tpcb_pra"  # a pre-login visitor id: the login form's CSRF is bound to it
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
NEED_LOGIN = "Silakan masuk terlebih dahulu (token tidak ada, tidak sah, atau kedaluwarsa)."
BAD_CSRF = "Token CSRF tidak ada atau tidak cocok. Muat ulang halaman lalu coba lagi."


# Dependencies that only read what the app or the unit of work already holds are `async`: FastAPI
# would run a plain `def` in its thread pool, one thread hop per dependency per request. Anything
# that touches the database (get_uow, current_user) stays a plain `def`.
async def get_app(request: Request) -> App:
    return request.app.state.tpcb


async def get_web(request: Request) -> WebSettings:
    return request.app.state.web


async def get_signer(request: Request) -> Signer:
    return request.app.state.signer


def get_uow(app: Annotated[App, Depends(get_app)]) -> Iterator[SqlUnitOfWork]:
    with app.uow() as uow:
        yield uow


UowDep = Annotated[SqlUnitOfWork, Depends(get_uow, scope="function")]


async def get_repo(uow: UowDep) -> SqlRepository:
    return uow.repo


AppDep = Annotated[App, Depends(get_app)]
RepoDep = Annotated[SqlRepository, Depends(get_repo)]
WebDep = Annotated[WebSettings, Depends(get_web)]
SignerDep = Annotated[Signer, Depends(get_signer)]


@dataclass(frozen=True)
class Who:
    actor: Actor
    via: str  # token | sesi
    sid: str | None = None  # the page session's id (CSRF is bound to it)

    @property
    def username(self) -> str:
        return self.actor.username


def _unauthorized() -> HTTPException:
    return HTTPException(401, NEED_LOGIN, headers={"WWW-Authenticate": "Bearer"})


def identify(request: Request, repo: SqlRepository, signer: Signer) -> Who | None:
    """The user behind the bearer token or the session cookie, or None."""
    auth = request.headers.get("authorization", "")
    if auth:
        scheme, _, token = auth.partition(" ")
        data = signer.loads("api", token.strip()) if scheme.lower() == "bearer" else None
        via, sid = "token", None
    else:
        data = signer.loads("sesi", request.cookies.get(SESSION_COOKIE))
        via, sid = "sesi", (data or {}).get("sid")
    if data is None:
        return None  # tokens.Signer.loads logged why, when a token was sent at all
    username = str(data.get("sub", ""))
    if via == "sesi":
        user, dicabut = repo.pengguna_sesi(username, str(sid)) if sid else (None, True)
        if dicabut:
            _refused(request, "sesi sudah diakhiri (keluar) atau tanpa id", data)
            return None
    else:
        user = repo.pengguna(username)
    if user is None or not user.aktif or _void(user, data):
        why = ("pengguna tidak ada" if user is None else "pengguna nonaktif" if not user.aktif
               else "terbit sebelum kata sandi diganti atau sesi diakhiri")
        _refused(request, why, data)
        return None
    request.state.pengguna = user.username  # named in the log of a refusal that follows
    return Who(actor(user), via, sid)


def _refused(request: Request, why: str, data: dict) -> None:
    log.warning("Token/sesi ditolak: %s; pengguna %r, %s %s dari %s", why, str(data.get("sub", ""))[:100],
                request.method, logged_path(request.url.path),
                request.client.host if request.client else "-")


def _void(user, data: dict) -> bool:
    """Issued before the user's sessions were ended (new password, deactivation)?"""
    since = as_utc(user.sesi_sejak)
    return since is not None and float(data.get("iat", 0)) < since.timestamp()


# Declares the OAuth2 password scheme in OpenAPI (securitySchemes, Swagger's Authorize button).
# auto_error=False: it never refuses by itself; `identify` decides, and a page session (cookie)
# is still accepted, as before.
BEARER = OAuth2PasswordBearer(tokenUrl="/api/token", auto_error=False,
                              description="Token dari POST /api/token (username, password)")


def current_user(request: Request, repo: RepoDep, signer: SignerDep,
                 _bearer: Annotated[str | None, Depends(BEARER)] = None) -> Who:
    who = identify(request, repo, signer)
    if who is None:
        raise _unauthorized()
    if who.via == "sesi" and request.method not in SAFE_METHODS:
        if not signer.check_csrf(who.sid, request.headers.get("x-csrf-token")):
            raise HTTPException(403, BAD_CSRF)
    return who


UserDep = Annotated[Who, Depends(current_user)]
