"""PDF renditions of a kabupaten's (or one Puskesmas') artefacts, made once (evidence.rendisi):
what is missing, then the conversion in batches of one LibreOffice run each. Called by
`tpcb storage rendisi`; the Prefect flow `rendisi` runs the same use case per batch.

`kunci_artefak` is the per-artefact lock of a process: a preview (tpcb.services.pratinjau) and the
background converter (tpcb.services.rendisi_latar) hold it while they convert, so the one that
comes second waits for that conversion instead of running another."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable

from evidence import rendisi
from evidence.rendisi import Hasil, Konverter, Rencana
from tpcb.wiring import App

_locks: weakref.WeakValueDictionary[str, threading.Lock] = weakref.WeakValueDictionary()
_locks_guard = threading.Lock()


def kunci_artefak(key: str) -> threading.Lock:
    """The process's lock for converting one artefact (kept while someone holds it)."""
    with _locks_guard:
        lock = _locks.get(key)
        if lock is None:
            lock = _locks[key] = threading.Lock()
        return lock


def rencana(app: App, *, puskesmas: str | None = None, tahun: int | None = None,
            draf: bool = False) -> Rencana:
    """What needs a rendition: every artefact of the kabupaten, or of one Puskesmas together with
    the Dinkes-wide artefacts its bundle shows; of one year, or of every year."""
    with app.repo() as repo:
        return rendisi.rencana_untuk(repo, puskesmas=puskesmas, tahun=tahun, draf=draf)


def jalankan(app: App, plan: Rencana, *, ukuran_batch: int = 25,
             kemajuan: Callable[[int], None] | None = None,
             konversi: Konverter | None = None) -> Hasil:
    """Convert what the plan lists; each batch is stored when it is done."""
    with app.uow() as uow:
        hasil = rendisi.buat_rendisi(uow, app.store, konversi or app.konversi_pdf, plan.keys,
                                     ukuran_batch=ukuran_batch, draf=plan.draf, kemajuan=kemajuan)
    hasil.sudah_ada += plan.sudah_ada
    return hasil
