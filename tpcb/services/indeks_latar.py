"""The search index filled in the background in the web service, so an upload answers as soon
as its filing is stored instead of after the text extraction and the index write.

Switched by TPCB_INDEKS_LATAR (default on; the CLI and flows index right after each commit, as
before). `pasang` puts this module's listener in place of the App's own index listener
(tpcb.wiring). What a commit filed goes to one worker thread per process: it takes everything
queued at once (after a short KUMPUL pause, so the uploads of a busy minute share one write),
extracts each text from the bytes the filing had in hand (storage.objects.ingat; else read
from the store), and writes all of them, and the removals, in one unit of work.

Nothing here can break an upload: a full queue or a failure is logged and left to
`tpcb cari --indeks-ulang`, which indexes every artefact whose current revision is not indexed.
Until the worker has written it (usually well under a second) a search does not find the new
revision yet. The thread is a daemon: what it had not written when the process ends is left to
the same rebuild.
"""

from __future__ import annotations

import logging
import time

from evidence.cari import BelumTerindeks
from evidence.records import Artefact
from tpcb.services.cari import teks_revisi
from tpcb.services.latar import PekerjaLatar
from tpcb.wiring import App, indeks_teks

log = logging.getLogger(__name__)
MAKS_ANTRE = 1000  # artefacts waiting; more are left to `tpcb cari --indeks-ulang`
KUMPUL = 0.1  # seconds the worker waits after the first filing, to take those that follow


class Pengindeks(PekerjaLatar):
    """One worker thread, started on the first filing, and its bounded queue."""

    nama = "tpcb-indeks-latar"

    def __init__(self, maks: int = MAKS_ANTRE, kumpul: float = KUMPUL):
        super().__init__()
        self.maks, self.kumpul = maks, kumpul
        self._baru: dict[tuple[int, int], tuple[App, BelumTerindeks]] = {}  # (app, artefak id)
        self._hilang: dict[tuple[int, int], App] = {}

    def _ada(self) -> bool:
        return bool(self._baru or self._hilang)

    def antre(self, app: App, baru: list[BelumTerindeks], hilang: list[int]) -> None:
        full = []
        with self._cond:
            for row in baru:
                key = (id(app), row.artefak_id)
                if key not in self._baru and len(self._baru) >= self.maks:
                    full.append(row.kunci)
                    continue
                self._hilang.pop(key, None)
                self._baru[key] = (app, row)  # a newer revision replaces a waiting older one
            for artefak_id in hilang:
                self._baru.pop((id(app), artefak_id), None)
                self._hilang[(id(app), artefak_id)] = app
            self._bangunkan()
        if full:
            log.warning("antrean indeks teks penuh (%d berkas): %s; jalankan: tpcb cari --indeks-ulang",
                        self.maks, ", ".join(full))

    def _ambil(self) -> dict[int, tuple[App, list[BelumTerindeks], list[int]]]:
        with self._cond:
            while not self._ada():
                self._cond.wait()
        time.sleep(self.kumpul)
        per_app: dict[int, tuple[App, list[BelumTerindeks], list[int]]] = {}
        with self._cond:
            for (key, _), (app, row) in self._baru.items():
                per_app.setdefault(key, (app, [], []))[1].append(row)
            for (key, artefak_id), app in self._hilang.items():
                per_app.setdefault(key, (app, [], []))[2].append(artefak_id)
            self._baru, self._hilang, self._sibuk = {}, {}, True
        return per_app

    def _kerja(self) -> None:
        while True:
            per_app = self._ambil()
            try:
                for app, baru, hilang in per_app.values():
                    tulis(app, baru, hilang)
            finally:
                self._selesai()


def tulis(app: App, baru: list[BelumTerindeks], hilang: list[int]) -> None:
    """Extract, then write every text and removal in one unit of work; never raises."""
    try:
        texts = [(row, teks_revisi(app, row)) for row in baru]
        with app.uow() as uow:
            for row, teks in texts:
                if teks is not None:
                    uow.repo.simpan_teks(artefak_id=row.artefak_id, revisi=row.revisi,
                                         sha256=row.sha256, teks=teks)
            for artefak_id in hilang:
                uow.repo.hapus_teks(artefak_id)
    except Exception:  # noqa: BLE001 - the filings are stored; the rebuild repairs the index
        log.warning("indeks teks tidak diperbarui; jalankan: tpcb cari --indeks-ulang", exc_info=True)


PENGINDEKS = Pengindeks()


def sesudah_arsip(app: App, baru: list[Artefact], hilang: list[int]) -> None:
    """The App's after-commit listener in the web service: queue what was just filed."""
    try:
        rows = [BelumTerindeks(a.id, a.kunci, a.nama_berkas, a.sha256, a.revisi)
                for a in baru if a.id is not None]
        if rows or hilang:
            PENGINDEKS.antre(app, rows, hilang)
    except Exception:  # noqa: BLE001 - a filing is stored whatever happens here
        log.warning("indeks teks tidak diantre; jalankan: tpcb cari --indeks-ulang", exc_info=True)


def pasang(app: App) -> None:
    """Index `app`'s filings in the background instead of right after each commit (once)."""
    if indeks_teks in app.pendengar_arsip:
        app.pendengar_arsip[app.pendengar_arsip.index(indeks_teks)] = sesudah_arsip
    elif sesudah_arsip not in app.pendengar_arsip:
        app.pendengar_arsip.insert(0, sesudah_arsip)
