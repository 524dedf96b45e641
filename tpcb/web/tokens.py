"""Signed, expiring tokens (HMAC-SHA256): bearer tokens, page sessions, CSRF, download links.

A token is `base64url(json payload).base64url(signature)`; the payload carries its kind and its
expiry, so a session cookie can never be used as a download link or the other way round.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from typing import Any


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Signer:
    def __init__(self, secret: bytes):
        self._secret = secret

    def _sign(self, kind: str, body: str) -> str:
        return _b64(hmac.new(self._secret, f"{kind}:{body}".encode(), hashlib.sha256).digest())

    def dumps(self, kind: str, data: dict[str, Any], ttl_seconds: int, *, now: float | None = None) -> str:
        now = now if now is not None else time.time()
        payload = {**data, "iat": now, "exp": int(now + ttl_seconds)}
        body = _b64(json.dumps(payload, separators=(",", ":")).encode())
        return f"{body}.{self._sign(kind, body)}"

    def loads(self, kind: str, token: str | None, *, now: float | None = None) -> dict[str, Any] | None:
        """The payload, or None when the token is malformed, forged, of another kind or expired."""
        if not token or token.count(".") != 1:
            return None
        body, sig = token.split(".")
        if not token.isascii() or not hmac.compare_digest(sig, self._sign(kind, body)):
            return None
        try:
            data = json.loads(_unb64(body))
        except (ValueError, UnicodeDecodeError):
            return None
        if not isinstance(data, dict) or data.get("exp", 0) < (now if now is not None else time.time()):
            return None
        return data

    def csrf(self, sid: str) -> str:
        """The CSRF token of a session (or of a pre-login visitor id)."""
        return _b64(hmac.new(self._secret, f"csrf:{sid}".encode(), hashlib.sha256).digest())[:32]

    def check_csrf(self, sid: str | None, token: str | None) -> bool:
        if not (sid and token) or not (sid.isascii() and token.isascii()):
            return False
        return hmac.compare_digest(self.csrf(sid), token)


def new_sid() -> str:
    return secrets.token_urlsafe(18)
