"""The banner after a form ("Surat ... disetujui"): the server's own words, carried to the next
page in a signed cookie that lives two minutes and is read once. Never text from the URL: a link
with `?pesan=...` could otherwise make a Dinkes page say anything."""

from __future__ import annotations

from typing import TypeVar

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

COOKIE = "tpcb_pesan"
KIND = "pesan"
TTL = 120


def alihkan(request: Request, url: str, pesan: str) -> RedirectResponse:
    """303 to `url`, with `pesan` for the banner of the page it lands on."""
    return titip(request, RedirectResponse(url, 303), pesan)


R = TypeVar("R", bound=Response)


def titip(request: Request, response: R, pesan: str) -> R:
    """`response` carrying `pesan` for the next page (also for a script that navigates after a
    JSON answer)."""
    from tpcb.web.pages import cookie_secure

    token = request.app.state.signer.dumps(KIND, {"t": pesan}, TTL)
    response.set_cookie(COOKIE, token, max_age=TTL, httponly=True, samesite="lax",
                        secure=cookie_secure(request))
    return response


def ambil(request: Request) -> str:
    """The banner waiting for this page, or "" (none, forged, or expired)."""
    data = request.app.state.signer.loads(KIND, request.cookies.get(COOKIE))
    return str(data.get("t", "")) if data else ""


def habiskan(request: Request, response: Response) -> Response:
    """Shown once: the cookie is removed with the page that showed it."""
    if COOKIE in request.cookies:
        response.delete_cookie(COOKIE)
    return response
