"""Writing the audit log: the entry joins the change's own transaction, so no change is stored
without its audit row; the state after the change is added once the use case is done. The
request's unit of work (tpcb.web.deps) stores them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from evidence.akses import audit_entry


@contextmanager
def audited(repo, oleh: str, aksi: str, sasaran: str, sebelum: Any = None) -> Iterator[dict]:
    """Usage: `with audited(repo, who, "surat.setujui", nomor, before) as rec: ...; rec["sesudah"] = x`.

    The entry is staged before the use case runs, so the use case's first step stores it too;
    a refused use case (rolled back, or never stored) leaves no entry.
    """
    entry = audit_entry(oleh, aksi, sasaran, sebelum=sebelum)
    repo.add(entry)
    rec: dict[str, Any] = {}
    yield rec
    entry.sesudah = rec.get("sesudah")
    entry.sasaran = rec.get("sasaran", sasaran)
    repo.add(entry)


def record(repo, oleh: str, aksi: str, sasaran: str, *, sebelum: Any = None, sesudah: Any = None) -> None:
    repo.add(audit_entry(oleh, aksi, sasaran, sebelum=sebelum, sesudah=sesudah))
