"""Traffic of every answer: how many requests run at once, the security and cache headers, gzip.

One plain ASGI middleware (cheaper per request than Starlette's `BaseHTTPMiddleware`):

- **Admission.** At most `limit` requests of a process run at once; the others wait here, in the
  event loop, holding nothing. Without it, a burst of requests larger than the connection pool
  deadlocks: the requests that hold a database connection wait for a thread of the pool, while
  every thread waits for a connection (seen as 30 s stalls and 500s at 100 clients). The limit is
  below the pool's capacity (storage.db.engine) and below AnyIO's 40 threads.
- **Headers.** Pages and data are per user: `no-store`. Static assets are named by the hash of
  their content (`?v=`), so a browser keeps them for a year; without the hash, it asks again.
- **Gzip** for text (HTML, JSON, CSS, JS, CSV) of at least 1 KB; files (PDF, Office, images)
  are already compressed, or are evidence sent byte for byte.
"""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SERENTAK = 24  # requests running at once per process; the rest wait for a place
GZIP_MIN = 1024
STATIC_LONG = b"public, max-age=31536000, immutable"
STATIC_SHORT = b"no-cache"  # may be kept, but asked again (304 by ETag) before use
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
_FIXED = [(b"x-frame-options", b"DENY"), (b"referrer-policy", b"same-origin"),
          (b"x-content-type-options", b"nosniff")]
NOT_GZIPPED = (*DEFAULT_EXCLUDED_CONTENT_TYPES, "application/pdf", "application/octet-stream",
               "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def static_version(folder: Path) -> str:
    """A short hash of every static file's name and content: the `?v=` of their URLs changes
    exactly when one of them does, so a long cache never serves an old stylesheet."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:12]


class LaluLintas:
    def __init__(self, app: ASGIApp, limit: int = SERENTAK):
        self.app = app
        self.limit = limit
        self._gate: asyncio.Semaphore | None = None  # made in the server's event loop

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        static = path.startswith("/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = _headers(message.get("headers", []), path, static,
                                              b"v=" in scope.get("query_string", b""))
            await send(message)

        if static:  # files from disk, no database: no place needed
            await self.app(scope, receive, with_headers)
            return
        if self._gate is None:
            self._gate = asyncio.Semaphore(self.limit)
        async with self._gate:
            await self.app(scope, receive, with_headers)


def _headers(raw, path: str, static: bool, versioned: bool) -> list[tuple[bytes, bytes]]:
    names = {k.lower() for k, _ in raw}
    # an answer for this user alone that may stay in their own browser (a thumbnail named by its
    # sha256, tpcb.services.pratinjau) keeps its `private` Cache-Control
    own = next((v for k, v in raw if k.lower() == b"cache-control" and v.startswith(b"private")), None)
    out = [(k, v) for k, v in raw if static or k.lower() != b"cache-control"]
    out += [(k, v) for k, v in _FIXED if k not in names]
    if b"content-security-policy" not in names:  # /redoc sets its own (inline styles)
        out.append((b"content-security-policy", CSP.encode()))
    if static:
        out = [(k, v) for k, v in out if k.lower() != b"cache-control"]
        out.append((b"cache-control", STATIC_LONG if versioned else STATIC_SHORT))
    else:  # pages and data are per user: never kept in a cache
        out.append((b"cache-control", own or b"no-store"))
    return out
