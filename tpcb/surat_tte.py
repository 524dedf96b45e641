"""Signing a letter with the office's own certificate: number it if needed, turn its numbered
.docx into a PDF (LibreOffice), sign that PDF (PAdES), attach it as the final artefact."""

from __future__ import annotations

from datetime import date

from evidence.letters import beri_nomor, get_letter, label, sign_letter
from evidence.tte import HasilTte
from tpcb.wiring import App


def tandatangani_surat(app: App, ref: str, *, tanggal: date, today: date, uow=None):
    """(the final letter, what its TTE check says). Nothing is filed if signing fails."""
    if uow is None:
        with app.uow() as own:
            return tandatangani_surat(app, ref, tanggal=tanggal, today=today, uow=own)
    from doc_templates.pdf import convert_batch

    limit = app.settings.max_upload_bytes
    signer = app.penanda_tte()  # a wrong password or an expired certificate changes nothing
    repo = uow.repo
    surat = get_letter(repo, ref)
    if surat.nomor is None:
        surat = beri_nomor(uow, app.store, app.catalogue, app.render, label(surat),
                           tanggal=tanggal, today=today, max_bytes=limit)
    assert surat.nomor is not None and surat.artefak_draf is not None  # beri_nomor gave it both
    pdf = convert_batch({"surat": app.store.get(surat.artefak_draf)})["surat"]
    signed = app.tandatangani(pdf, signer, alasan=f"Penandatanganan surat {surat.nomor}")
    surat = sign_letter(uow, app.store, app.catalogue, surat.nomor, signed,
                        tanggal=max(today, surat.tanggal), max_bytes=limit, periksa=app.periksa_tte)
    return surat, HasilTte.from_json(repo.artefact_by_key(surat.artefak_final).tte)
