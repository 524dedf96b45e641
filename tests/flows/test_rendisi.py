"""The `rendisi` flow through a real Prefect run: renditions made once, a rerun makes none."""

from __future__ import annotations

from datetime import date

import pytest

from evidence import rendisi as aturan
from evidence.registry import FileRequest, file_artefact, reconcile
from flows.rendisi import rendisi
from tests.samples import docx_bytes

pytestmark = pytest.mark.slow  # LibreOffice converts the documents


def test_rendisi_flow_is_idempotent(kabupaten):
    app, kode = kabupaten.app, kabupaten.kodes[0]
    with app.uow() as uow:
        for item in ("c-d1", "h-d1"):
            file_artefact(uow, app.store, app.catalogue, FileRequest(
                data=docx_bytes(f"Bukti {item}"), filename=f"{item}.docx", item_id=item,
                pemilik=kode, tahun=2026, tanggal=date(2026, 3, 2), status="final"),
                max_bytes=app.settings.max_upload_bytes)
    first = rendisi(puskesmas=kode, ukuran_batch=1)
    assert first["dibuat"] >= 2 and first["gagal"] == 0
    with app.repo() as repo:
        rows = [a for a in repo.artefacts(pemilik=kode) if a.item_id in ("c-d1", "h-d1")]
        assert rows and all(aturan.sah(a) for a in rows)
        assert reconcile(repo, app.store).clean
    again = rendisi(puskesmas=kode)
    assert again["dibuat"] == 0 and again["sudah_ada"] == first["dibuat"] + first["sudah_ada"]
