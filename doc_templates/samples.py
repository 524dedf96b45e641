"""Filled sample contexts for every template, from the fictional Kabupaten Sukamaju.

Used by the tests and the demo: `render(name, sample_context(name), images=sample_images())`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from doc_templates import samples_documents as docs
from doc_templates import samples_letters as letters
from doc_templates.catalogue import entry
from doc_templates.samples_data import sample_images

BUILDERS: dict[str, Callable[[], dict[str, Any]]] = {
    "sk_tpcb": letters.sk_tpcb,
    "jadwal_pembinaan": docs.jadwal_pembinaan,
    "surat_tugas_pembinaan": letters.surat_tugas_pembinaan,
    "surat_tugas_pendampingan": letters.surat_tugas_pendampingan,
    "analisis_sa": docs.analisis_sa,
    "laporan_hasil_pembinaan": docs.laporan_hasil_pembinaan,
    "nota_dinas_laporan": letters.nota_dinas_laporan,
    "surat_umpan_balik_pembinaan": letters.surat_umpan_balik_pembinaan,
    "notulen_pendampingan": docs.notulen_pendampingan,
    "daftar_hadir": docs.daftar_hadir,
    "surat_tindak_lanjut_lokmin": letters.surat_tindak_lanjut_lokmin,
    "berita_acara_verifikasi": letters.berita_acara_verifikasi,
    "surat_umpan_balik_pkp": letters.surat_umpan_balik_pkp,
    "panduan_wawancara": docs.panduan_wawancara,
}


def sample_context(name: str) -> dict[str, Any]:
    """A realistic, valid context for template `name` (a fresh dict on every call)."""
    entry(name)  # TemplateNotFound for an unknown name
    return copy.deepcopy(BUILDERS[name]())


__all__ = ["sample_context", "sample_images"]
