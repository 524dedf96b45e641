"""What a stage use case needs, bundled: the repository, the store, the catalogue, the renderer.

Built by the composition root (tpcb.wiring) per task; the use cases never build adapters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from evidence.catalogue import Catalogue
from evidence.kinerja.scoring import Thresholds
from evidence.letters import LetterRequest, Renderer, issue_letter
from evidence.ports import ObjectStore


@dataclass
class Ctx:
    repo: Any  # a Repository with the letter and cycle queries (storage.db.SqlRepository)
    store: ObjectStore
    catalogue: Catalogue
    render: Renderer
    max_bytes: int
    templates: dict[str, Any]  # template name -> catalogue entry (jenis, items, signer)
    approval: bool = False  # hold the Kepala Dinas's letters until approved
    ambang: Thresholds = field(default_factory=Thresholds)  # PKP category bounds of the office


def terbitkan(c: Ctx, req: LetterRequest):
    """Issue a letter; the Kepala Dinas's letters are held for approval when it is on."""
    hold = c.approval and c.templates[req.templat].signer == "kepala_dinas"
    return issue_letter(c.repo, c.store, c.catalogue, c.render, req, max_bytes=c.max_bytes, hold=hold)
