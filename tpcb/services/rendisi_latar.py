"""The PDF rendition of a Word, Excel or CSV file made in the background right after the web
service files it, so the first preview (tpcb.services.pratinjau) finds it ready instead of
waiting for LibreOffice.

Switched by TPCB_RENDISI_SESUDAH_UNGGAH (default on): `pasang` makes the App tell this module
what each commit filed (an upload on the page or the API, a task's proof, a letter's draft), and
the keys go to one worker thread per process. Only after the commit: a refused upload queues
nothing. The queue is bounded (MAKS_ANTRE keys) and holds each key once; the worker takes
everything queued at once (after a short KUMPUL pause, so files uploaded one request after the
other share a run) and converts it through the rendition use case (`buat_rendisi`, drafts too),
up to UKURAN_BATCH files per LibreOffice run, holding each file's lock
(`tpcb.services.rendisi.kunci_artefak`) so a preview at that moment waits for this conversion.

Nothing here can break an upload: a full queue or a failed conversion is logged, and the
preview's own conversion and `tpcb storage rendisi` remain. Photos are left to those (a preview
shows the picture itself; only a bundle needs their PDF). The thread is a daemon: the process
exits without waiting for it, and what it had not finished is made on the next preview or run.
"""

from __future__ import annotations

import logging
import time
from contextlib import ExitStack
from itertools import groupby

from evidence import rendisi
from evidence.content import CSV, DOCX, XLSX
from evidence.records import Artefact
from tpcb.services.latar import PekerjaLatar
from tpcb.services.rendisi import kunci_artefak
from tpcb.wiring import App

log = logging.getLogger(__name__)
MAKS_ANTRE = 200  # keys waiting; more are left to the first preview / `tpcb storage rendisi`
KUMPUL = 0.2  # seconds the worker waits after the first key, to take the files that follow
UKURAN_BATCH = 25  # files per LibreOffice run (as `tpcb storage rendisi`)
JENIS = frozenset({DOCX.content_type, XLSX.content_type, CSV.content_type})


def segera(a: Artefact) -> bool:
    """Whether a just-filed artefact goes to the worker: a Word, Excel or CSV file without a
    valid rendition (drafts too, as the preview), or one whose rendition can go (`usang`)."""
    return (a.content_type in JENIS and rendisi.perlu(a, draf=True)) or rendisi.usang(a)


class Pengonversi(PekerjaLatar):
    """One worker thread, started on the first key, and its bounded, de-duplicated queue."""

    nama = "tpcb-rendisi-latar"

    def __init__(self, maks: int = MAKS_ANTRE, kumpul: float = KUMPUL):
        super().__init__()
        self.maks, self.kumpul = maks, kumpul
        self._antre: dict[tuple[int, str], tuple[App, str]] = {}  # in order, each key once

    def _ada(self) -> bool:
        return bool(self._antre)

    def antre(self, app: App, keys: list[str]) -> int:
        """Queue keys of `app`; returns how many were added (not already waiting, room left)."""
        added, full = 0, []
        with self._cond:
            for key in keys:
                if (id(app), key) in self._antre:
                    continue
                if len(self._antre) >= self.maks:
                    full.append(key)
                    continue
                self._antre[(id(app), key)] = (app, key)
                added += 1
            if added:
                self._bangunkan()
        if full:
            log.warning("antrean rendisi penuh (%d berkas): %s dibuat saat pratinjau pertama atau "
                        "oleh `tpcb storage rendisi --draf`", self.maks, ", ".join(full))
        return added

    def _ambil(self) -> list[tuple[App, str]]:
        with self._cond:
            while not self._ada():
                self._cond.wait()
        time.sleep(self.kumpul)  # the next files of the same choice are usually on their way
        with self._cond:
            items = list(self._antre.values())
            self._antre.clear()
            self._sibuk = True
        return items

    def _kerja(self) -> None:
        while True:
            items = self._ambil()
            try:
                for _, group in groupby(sorted(items, key=lambda x: (id(x[0]), x[1])),
                                        key=lambda x: id(x[0])):
                    pairs = list(group)
                    keys = [k for _, k in pairs]
                    for i in range(0, len(keys), UKURAN_BATCH):
                        ubah(pairs[0][0], keys[i:i + UKURAN_BATCH])
            finally:
                self._selesai()


def ubah(app: App, keys: list[str]) -> None:
    """One batch (one LibreOffice run), each file's lock held; failures are logged, never raised."""
    try:
        with ExitStack() as held:
            for key in sorted(keys):  # one order for every holder of several locks
                held.enter_context(kunci_artefak(key))
            with app.uow() as uow:
                hasil = rendisi.buat_rendisi(uow, app.store, app.konversi_pdf, sorted(keys),
                                             ukuran_batch=len(keys), draf=True)
    except Exception:  # noqa: BLE001 - the upload is stored; the preview converts on demand
        log.warning("rendisi latar gagal untuk %s; dibuat saat pratinjau pertama atau oleh "
                    "`tpcb storage rendisi --draf`", ", ".join(keys), exc_info=True)
        return
    for key, why in sorted(hasil.gagal.items()):
        log.warning("rendisi latar %s gagal: %s", key, why)
    if hasil.dibuat:
        log.info("rendisi latar: %d PDF dibuat (%s)", len(hasil.dibuat), ", ".join(hasil.dibuat))


PENGONVERSI = Pengonversi()


def sesudah_arsip(app: App, baru: list[Artefact], hilang: list[int]) -> None:
    """The App's after-commit listener: queue what was just filed. Never raises."""
    try:
        keys = [a.kunci for a in baru if segera(a)]
        if keys:
            PENGONVERSI.antre(app, keys)
    except Exception:  # noqa: BLE001 - a filing is stored whatever happens here
        log.warning("rendisi latar tidak diantre", exc_info=True)


def pasang(app: App) -> None:
    """Make `app` queue the renditions of what it files (once, however often it is called)."""
    if sesudah_arsip not in app.pendengar_arsip:
        app.pendengar_arsip.append(sesudah_arsip)
