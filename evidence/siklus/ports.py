"""What a stage use case needs, bundled: the unit of work (and its repository), the store, the
catalogue, the renderer.

Built by the composition root (tpcb.wiring) per task; the use cases never build adapters and never
commit: the unit of work stores what they staged when the task's block ends.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from evidence.catalogue import Catalogue
from evidence.errors import InputError
from evidence.kinerja.scoring import Thresholds
from evidence.letters import LetterRepository, LetterRequest, Renderer, issue_letter
from evidence.pengingat import PengingatRepository
from evidence.ports import ObjectStore, UnitOfWork
from evidence.records import SaStandar, Surat
from evidence.records.siklus import HasilPembinaan, Kunjungan, PenilaianKinerja, VerifikasiKinerja


class CycleRepository(LetterRepository, PengingatRepository, Protocol):
    """Everything the cycle's use cases read and write: the registry, the letters, the follow-up
    tasks and their reminders, and the visits with their results and PKP records
    (storage.db.SqlRepository)."""

    def kunjungan(self, kunjungan_id: int) -> Kunjungan | None: ...

    def kunjungan_find(self, tahun: int, puskesmas: str, jenis: str, ke: int = 1) -> Kunjungan | None: ...

    def kunjungan_list(self, tahun: int, *, puskesmas: str | None = None,
                       jenis: str | None = None) -> list[Kunjungan]: ...

    def hasil(self, kunjungan_id: int) -> HasilPembinaan | None: ...

    def pkp(self, tahun: int, puskesmas: str, versi: str) -> PenilaianKinerja | None: ...

    def verifikasi_kinerja(self, tahun: int, puskesmas: str) -> VerifikasiKinerja | None: ...

    def sa_standar(self, tahun: int, puskesmas: str) -> SaStandar | None: ...


class TemplatInfo(Protocol):
    """What the cycle reads of a template's catalogue entry (doc_templates.catalogue.TemplateEntry)."""

    @property
    def jenis(self) -> str | None: ...  # kind of letter for numbering; None for a document

    @property
    def signer(self) -> str | None: ...  # kepala_dinas, ketua_tpcb, ketua_kunjungan


@dataclass
class Ctx:
    uow: UnitOfWork[CycleRepository]  # storage.db.SqlUnitOfWork in production
    store: ObjectStore
    catalogue: Catalogue
    render: Renderer
    max_bytes: int
    templates: Mapping[str, TemplatInfo]  # template name -> catalogue entry
    approval: bool = False  # hold the Kepala Dinas's letters until approved
    ambang: Thresholds = field(default_factory=Thresholds)  # PKP category bounds of the office

    @property
    def repo(self) -> CycleRepository:
        return self.uow.repo


def jenis_surat(c: Ctx, templat: str) -> str:
    """The numbering kind of a letter template; a document template has none (never numbered)."""
    jenis = c.templates[templat].jenis
    if jenis is None:
        raise InputError(f"Templat '{templat}' bukan surat bernomor (tanpa jenis di katalog templat).")
    return jenis


def terbitkan(c: Ctx, req: LetterRequest) -> tuple[Surat, bool]:
    """Issue a letter; the Kepala Dinas's letters are held for approval when it is on."""
    hold = c.approval and c.templates[req.templat].signer == "kepala_dinas"
    return issue_letter(c.uow, c.store, c.catalogue, c.render, req, max_bytes=c.max_bytes, hold=hold)
