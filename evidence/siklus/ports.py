"""What a stage use case needs, bundled: the repository, the store, the catalogue, the renderer.

Built by the composition root (tpcb.wiring) per task; the use cases never build adapters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evidence.catalogue import Catalogue
from evidence.letters import Renderer
from evidence.ports import ObjectStore


@dataclass
class Ctx:
    repo: Any  # a Repository with the letter and cycle queries (storage.db.SqlRepository)
    store: ObjectStore
    catalogue: Catalogue
    render: Renderer
    max_bytes: int
    templates: dict[str, Any]  # template name -> catalogue entry (jenis, items, signer)
