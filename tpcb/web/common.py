"""What only the web needs of its own: an upload read with a size limit. The clock, form dates
and the actor's scope are the application layer's (tpcb.services.common)."""

from __future__ import annotations

from fastapi import UploadFile

from evidence.format_id import ukuran
from tpcb.web.errors import TooLarge


def read_upload(file: UploadFile, max_bytes: int) -> tuple[bytes, str]:
    """The bytes and the client's file name; refuses (413) anything over the limit.

    Blocking on purpose: every handler that takes a file is a plain `def`, which FastAPI runs in
    its thread pool, so a large upload (and the database, S3 and pypdf work after it) never
    stalls the event loop."""
    data = file.file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TooLarge(f"Berkas '{file.filename}' lebih besar dari batas {ukuran(max_bytes)}.")
    return data, file.filename or "berkas"
