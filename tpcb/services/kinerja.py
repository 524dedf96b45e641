"""Queries on the stored Penilaian Kinerja Puskesmas (PKP), shared by `tpcb kinerja` and the API."""

from __future__ import annotations

from evidence.records.siklus import PenilaianKinerja
from evidence.siklus.verifikasi_kinerja import PUSKESMAS, VERIFIKASI, pkp_berlaku


def pkp_tahun(repo, tahun: int) -> dict[str, PenilaianKinerja]:
    """Per Puskesmas the PKP of `tahun` that counts (the verification beats the self-assessment)."""
    return pkp_berlaku([*repo.pkp_list(tahun, PUSKESMAS), *repo.pkp_list(tahun, VERIFIKASI)])
