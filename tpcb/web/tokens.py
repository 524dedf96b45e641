"""Signed, expiring tokens (itsdangerous): bearer tokens, page sessions, CSRF, download links.

Each kind signs with its own salt, so a session cookie can never be used as a download link or the
other way round; the payload carries its issue time and expiry (`iat`, `exp`).
"""

from __future__ import annotations

import hmac
import logging
import secrets
import time
from typing import Any

from itsdangerous import BadData, URLSafeSerializer
from itsdangerous import Signer as _CsrfSigner

log = logging.getLogger(__name__)


class Signer:
    def __init__(self, secret: bytes):
        self._secret = secret
        self._kinds: dict[str, URLSafeSerializer] = {}
        self._csrf = _CsrfSigner(secret, salt="csrf")

    def _kind(self, kind: str) -> URLSafeSerializer:
        if kind not in self._kinds:
            self._kinds[kind] = URLSafeSerializer(self._secret, salt=f"tpcb:{kind}")
        return self._kinds[kind]

    def dumps(self, kind: str, data: dict[str, Any], ttl_seconds: int, *, now: float | None = None) -> str:
        now = now if now is not None else time.time()
        return self._kind(kind).dumps({**data, "iat": now, "exp": int(now + ttl_seconds)})

    def loads(self, kind: str, token: str | None, *, now: float | None = None) -> dict[str, Any] | None:
        """The payload, or None when the token is malformed, forged, of another kind or expired."""
        if not token:
            return None
        if not token.isascii():
            return _refused(kind, "bukan ASCII")
        try:
            data = self._kind(kind).loads(token)
        except (BadData, ValueError, UnicodeDecodeError):
            return _refused(kind, "tanda tangan tidak sah (dipalsukan, rusak, atau jenis lain)")
        if not isinstance(data, dict) or not isinstance(data.get("exp"), int | float):
            return _refused(kind, "isi tidak dikenal")
        if data["exp"] < (now if now is not None else time.time()):
            log.info("Token %s ditolak: kedaluwarsa; pengguna %r", kind, str(data.get("sub", ""))[:100])
            return None
        return data

    def csrf(self, sid: str) -> str:
        """The CSRF token of a session (or of a pre-login visitor id)."""
        return self._csrf.get_signature(sid).decode()

    def check_csrf(self, sid: str | None, token: str | None) -> bool:
        if not (sid and token) or not (sid.isascii() and token.isascii()):
            return False
        return hmac.compare_digest(self.csrf(sid), token)


def _refused(kind: str, why: str) -> dict[str, Any] | None:
    """None for a token that was sent but is not ours, logged (the token itself never is)."""
    log.warning("Token %s ditolak: %s", kind, why)
    return None


def new_sid() -> str:
    return secrets.token_urlsafe(18)
