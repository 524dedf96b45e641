"""Composition root: the only place that reads settings and builds adapters."""

from __future__ import annotations

import atexit
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy.engine import Engine

from evidence.catalogue import Catalogue, load_catalogue
from evidence.completeness import ScoringRule
from evidence.ports import ObjectStore
from evidence.siklus.ports import Ctx
from storage.db.engine import make_engine
from storage.db.repository import SqlRepository
from storage.db.uow import SqlUnitOfWork
from tpcb.settings import Settings, get_settings

# pypdf warns about every odd PDF it repairs; a refused upload already says why in Indonesian.
logging.getLogger("pypdf").setLevel(logging.ERROR)

# -- one engine per process ------------------------------------------------------------------------
# Every App of a process (a CLI command's, the web service's, each Prefect task's) uses the same
# engine and connection pool for a database URL, instead of opening a new pool per task. A few
# URLs are kept (tests switch TPCB_HOME between tests); the oldest is disposed when a new one comes.
KEEP_ENGINES = 4
_engines: OrderedDict[tuple[int, str], Engine] = OrderedDict()
_engines_lock = threading.Lock()


def shared_engine(url: str) -> Engine:
    """The process's engine for `url`. Keyed by process id too: a forked child opens its own
    connections instead of sharing the parent's sockets."""
    key = (os.getpid(), url)
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = _engines[key] = make_engine(url)
            while len(_engines) > KEEP_ENGINES:
                (pid, _), old = _engines.popitem(last=False)
                old.dispose(close=pid == os.getpid())
        _engines.move_to_end(key)
        return engine


@atexit.register
def dispose_engines() -> None:
    """Close every pooled connection of this process (at exit; tests may call it)."""
    with _engines_lock:
        while _engines:
            (pid, _), engine = _engines.popitem()
            engine.dispose(close=pid == os.getpid())


def indeks_teks(app: App, baru, hilang) -> None:
    """The search index hears of every filing (tpcb.services.cari); the web service puts its
    background indexer in this place (tpcb.services.indeks_latar)."""
    from tpcb.services.cari import indeks_sesudah_arsip

    indeks_sesudah_arsip(app, baru, hilang)


@dataclass
class App:
    settings: Settings
    # Told after each commit what it filed, in order: the search index first, then e.g. the web
    # service's background renditions (tpcb.services.rendisi_latar); each must not raise.
    pendengar_arsip: list[Callable[[App, list, list[int]], None]] = field(
        default_factory=lambda: [indeks_teks], repr=False, compare=False)

    @cached_property
    def engine(self) -> Engine:
        self.settings.home.mkdir(parents=True, exist_ok=True)
        return shared_engine(self.settings.db_url)

    @cached_property
    def store(self) -> ObjectStore:
        """The object store; what this process just wrote is kept in hand for the after-filing
        listeners (storage.objects.ingat), reads go to the store."""
        from storage.objects.ingat import IngatTulis

        s = self.settings
        if s.storage == "s3":
            from storage.objects.s3 import S3ObjectStore

            return IngatTulis(S3ObjectStore(s.s3_endpoint, s.s3_bucket, s.s3_access_key,
                                            s.s3_secret_key, secure=s.s3_secure, region=s.s3_region))
        from storage.objects.local import LocalObjectStore

        return IngatTulis(LocalObjectStore(s.objects_dir))

    @property
    def sender(self):
        """The e-mail sender of reminders, or None (kept in the outbox and shown)."""
        s = self.settings
        if not s.smtp_host:
            return None
        from storage.notify import SmtpSender

        return SmtpSender(s.smtp_host, s.smtp_port, s.smtp_user, s.smtp_password, s.smtp_from,
                          s.smtp_starttls)

    @property
    def catalogue(self) -> Catalogue:
        return load_catalogue()

    @property
    def scoring(self) -> ScoringRule:
        return ScoringRule(ts_min_share=self.settings.ts_min_share,
                           terima_pindaian=self.settings.terima_pindaian)

    @cached_property
    def tte_roots(self) -> list:
        from doc_templates.tte import load_roots
        from evidence.errors import InputError

        blobs = []
        for path in self.settings.tte_akar_paths:
            try:
                blobs.append(path.read_bytes())
            except OSError as exc:
                raise InputError(f"Berkas akar TTE '{path}' (TPCB_TTE_AKAR) tidak dapat dibaca: "
                                 f"{exc.strerror}.") from exc
        try:
            return load_roots(blobs)
        except ValueError as exc:
            raise InputError(f"Berkas akar TTE (TPCB_TTE_AKAR) bukan sertifikat PEM/DER: {exc}") from exc

    def periksa_tte(self, pdf: bytes):
        """The TTE port: what the PDF's signatures prove against the office's trusted roots."""
        from doc_templates.tte import periksa

        return periksa(pdf, self.tte_roots)

    def baca_docx(self, data: bytes):
        """The document port for letter revisions: the .docx's text and whether it has macros."""
        from doc_templates.baca_docx import baca_docx

        return baca_docx(data)

    def penanda_tte(self):
        """The office's own signer (TPCB_TTE_P12 / TPCB_TTE_PASSWORD), checked: usable today."""
        from doc_templates.tte import penanda
        from evidence.errors import InputError

        s = self.settings
        if s.tte_p12 is None:
            raise InputError("Sertifikat TTE kantor belum diatur: isi TPCB_TTE_P12 (berkas PKCS#12) "
                             "dan TPCB_TTE_PASSWORD di lingkungan server.")
        try:
            p12 = s.tte_p12.read_bytes()
        except OSError as exc:
            raise InputError(f"Berkas sertifikat TTE '{s.tte_p12}' tidak dapat dibaca: "
                             f"{exc.strerror}.") from exc
        return penanda(p12, s.tte_password)

    def tandatangani(self, pdf: bytes, signer, *, alasan: str) -> bytes:
        from doc_templates.tte import tandatangani_dengan

        return tandatangani_dengan(pdf, signer, alasan=alasan, lokasi=self.location())

    def location(self) -> str:
        with self.repo() as repo:
            office = repo.office()
        return office.kota if office else ""

    def render(self, name: str, context: dict, *, images: dict | None = None):
        """The template renderer with the office's override folder, as the letters port."""
        from doc_templates import render

        return render(name, context, images=images, override_dir=self.settings.template_dir)

    def render_banyak(self, jobs) -> list[bytes]:
        """Many letters at once, on every core (the batch-numbering port)."""
        from doc_templates.paralel import render_banyak

        return render_banyak(jobs, override_dir=self.settings.template_dir)

    def konversi_pdf(self, sumber):
        """The rendition converter (evidence.rendisi.Konverter): one LibreOffice run per batch."""
        from doc_templates.rendisi import konversi

        return konversi(sumber)

    @contextmanager
    def ctx(self) -> Iterator[Ctx]:
        """Everything a cycle use case needs, on one unit of work (stored when the block ends)."""
        from doc_templates import catalogue as templates

        with self.uow() as uow:
            yield Ctx(uow=uow, store=self.store, catalogue=self.catalogue, render=self.render,
                      max_bytes=self.settings.max_upload_bytes, templates=templates(),
                      approval=self.settings.approval, ambang=self.settings.kinerja_ambang)

    def uow(self) -> SqlUnitOfWork:
        """A unit of work on the process's engine: `with app.uow() as uow:` stores what the block
        staged when it ends without error; use cases with steps of their own take `uow`. What it
        files is put in the search index after each commit (tpcb.services.cari)."""
        return SqlUnitOfWork(self.engine, diarsipkan=self._sesudah_arsip)

    def _sesudah_arsip(self, baru, hilang) -> None:
        for dengar in self.pendengar_arsip:
            dengar(self, baru, hilang)

    @contextmanager
    def repo(self) -> Iterator[SqlRepository]:
        """The repository of a fresh unit of work (stored when the block ends without error), for
        callers that need no step of their own."""
        with self.uow() as uow:
            yield uow.repo


def build_app(settings: Settings | None = None) -> App:
    return App(settings or get_settings())
