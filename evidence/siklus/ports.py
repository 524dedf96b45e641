"""What a stage use case needs, bundled: the unit of work (and its repository), the store, the
catalogue, the renderer.

Built by the composition root (tpcb.wiring) per task; the use cases never build adapters and never
commit: the unit of work stores what they staged when the task's block ends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from evidence.catalogue import Catalogue
from evidence.kinerja.scoring import Thresholds
from evidence.letters import LetterRequest, Renderer, issue_letter
from evidence.ports import ObjectStore, UnitOfWork


@dataclass
class Ctx:
    uow: UnitOfWork  # its repo has the letter and cycle queries (storage.db.SqlRepository)
    store: ObjectStore
    catalogue: Catalogue
    render: Renderer
    max_bytes: int
    templates: dict[str, Any]  # template name -> catalogue entry (jenis, items, signer)
    approval: bool = False  # hold the Kepala Dinas's letters until approved
    ambang: Thresholds = field(default_factory=Thresholds)  # PKP category bounds of the office

    @property
    def repo(self) -> Any:
        return self.uow.repo


def terbitkan(c: Ctx, req: LetterRequest):
    """Issue a letter; the Kepala Dinas's letters are held for approval when it is on."""
    hold = c.approval and c.templates[req.templat].signer == "kepala_dinas"
    return issue_letter(c.uow, c.store, c.catalogue, c.render, req, max_bytes=c.max_bytes, hold=hold)
