"""The bundle as a background job for the pages: started at once, built on a small thread pool,
its progress written to a file under TPCB_HOME that any worker of `tpcb serve --workers N` reads.

A job is one JSON file `bundel-kerja/<id>.json` (written whole, then renamed into place): who asked,
the stage, how far it is, and when done the bundle's time-limited link (a signed /unduh/ token or a
presigned S3 URL, which every worker can serve). Only the user who started a job sees it. Jobs
expire: files older than `SIMPAN` are removed when the next job starts; a job whose file has not
moved for `MACET` (its worker died) is reported as failed.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from evidence.akses import Actor
from evidence.errors import Conflict, EvidenceError, NotFound
from tpcb.services.bundle import make_bundle, periksa_permintaan
from tpcb.wiring import App

log = logging.getLogger(__name__)
PEKERJA = 2  # bundles built at once per process (each may start LibreOffice)
ANTREAN = 6  # jobs waiting or running per process before a new one is refused
SIMPAN = 60 * 60  # seconds a finished job's file is kept
MACET = 15 * 60  # seconds without progress after which a running job counts as failed
GAGAL = "Bundel gagal disusun; coba lagi. Bila berulang, hubungi admin."

_pool: ThreadPoolExecutor | None = None
_lock = threading.Lock()
_aktif = 0


def _folder(app: App) -> Path:
    return app.settings.home / "bundel-kerja"  # made by `mulai`; a poll only reads


def _path(app: App, kerja_id: str) -> Path:
    if not kerja_id.replace("-", "").replace("_", "").isalnum() or len(kerja_id) > 64:
        raise NotFound("Pekerjaan bundel tidak ditemukan atau sudah kedaluwarsa; buat bundel lagi.")
    return _folder(app) / f"{kerja_id}.json"


def _tulis(path: Path, state: dict) -> None:
    state["diperbarui"] = time.time()
    tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps(state), encoding="utf-8")
    os.replace(tmp, path)


def _sapu(app: App) -> None:
    """Remove the files of jobs older than SIMPAN."""
    batas = time.time() - SIMPAN
    for f in _folder(app).glob("*"):
        try:
            if f.stat().st_mtime < batas:
                f.unlink()
        except OSError:
            pass


def _kumpulan() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(PEKERJA, thread_name_prefix="bundel")
    return _pool


def _selesai() -> None:
    global _aktif
    with _lock:
        _aktif -= 1


def mulai(app: App, repo, signer, web, who: Actor, *, puskesmas: str, ep: str | None, fmt: str,
          tahun: int | None) -> dict:
    """Check the request now (role, scope, EP, format: errors come back at once), then build the
    bundle in the background. Returns the job's id and its first state."""
    global _aktif
    periksa_permintaan(repo, who, puskesmas=puskesmas, ep=ep, fmt=fmt)
    with _lock:
        if _aktif >= ANTREAN:
            raise Conflict("Terlalu banyak bundel sedang disusun; coba lagi sebentar lagi.")
        _aktif += 1
    try:
        _folder(app).mkdir(parents=True, exist_ok=True)
        _sapu(app)
        kerja_id = secrets.token_urlsafe(16)
        path = _path(app, kerja_id)
        state = {"id": kerja_id, "oleh": who.username, "tahap": "menunggu giliran", "selesai": 0,
                 "total": 0, "url": None, "galat": None, "beres": False}
        _tulis(path, state)
    except BaseException:
        _selesai()
        raise

    def kemajuan(tahap: str, selesai: int, total: int) -> None:
        state.update(tahap=tahap, selesai=selesai, total=total)
        _tulis(path, state)

    def jalan() -> None:
        try:
            with app.repo() as own:
                made = make_bundle(app, own, signer, web, who, puskesmas=puskesmas, ep=ep, fmt=fmt,
                                   tahun=tahun, kemajuan=kemajuan)
            state.update(tahap="siap diunduh", url=made["url"], nama=made["nama"], beres=True)
        except EvidenceError as exc:
            state.update(tahap="gagal", galat=str(exc), beres=True)
        except Exception:  # the page must hear it failed, not wait forever
            log.exception("Bundel %s gagal disusun", kerja_id)
            state.update(tahap="gagal", galat=GAGAL, beres=True)
        finally:
            _selesai()
        _tulis(path, state)

    try:
        _kumpulan().submit(jalan)
    except BaseException:
        _selesai()
        raise
    return status_json(state)


def status_json(state: dict) -> dict:
    """What the page polls: stage, done/total of the stage, and the link once ready."""
    return {"id": state["id"], "tahap": state["tahap"], "selesai": state["selesai"],
            "total": state["total"], "beres": state["beres"], "url": state["url"],
            "galat": state["galat"]}


def status(app: App, who: Actor, kerja_id: str) -> dict:
    """The job's state, for the user who started it (anyone else: not found), from any worker."""
    path = _path(app, kerja_id)
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise NotFound("Pekerjaan bundel tidak ditemukan atau sudah kedaluwarsa; "
                       "buat bundel lagi.") from exc
    if state.get("oleh") != who.username:
        raise NotFound("Pekerjaan bundel tidak ditemukan atau sudah kedaluwarsa; buat bundel lagi.")
    if not state["beres"] and time.time() - state.get("diperbarui", 0) > MACET:
        state.update(tahap="gagal", galat="Penyusunan bundel terhenti (server dimulai ulang?); "
                     "buat bundel lagi.", beres=True)
    return status_json(state)
