"""Pelaporan dan umpan balik: nota dinas to the Kepala Dinas (EP d D) and the official feedback
letter to the Puskesmas (EP d D), which opens the follow-up tasks."""

from __future__ import annotations

from prefect import flow, task

from evidence.letters import label
from evidence.siklus import pelaksanaan as uc
from flows._common import RETRY, ctx, publish, run_batches, status_row, tahun_ini, task_runner
from flows._persetujuan import tunggu_persetujuan


@task(**RETRY)
def batch(tahun: int, codes: list[str]) -> list[dict]:
    rows = []
    with ctx() as c:
        for kode in codes:
            nota = uc.nota_dinas(c, tahun, kode)
            umpan = uc.umpan_balik(c, tahun, kode)
            missing = [] if nota else uc.kurang(c, tahun, kode)
            if nota and nota.diterima_pada is None:
                missing.append("tanda terima nota dinas belum dicatat")
            rows.append(status_row(kode, {"nota_dinas": nota and label(nota),
                                          "umpan_balik": umpan and label(umpan),
                                          "status_umpan_balik": umpan and umpan.status}, missing))
    return rows


@flow(name="pelaporan", task_runner=task_runner())
def pelaporan(
    tahun: int | None = None, puskesmas: str | None = None, ukuran_batch: int = 10
) -> list[dict]:
    """Tahap 4: nota dinas laporan ke Kepala Dinas dan surat umpan balik ke Puskesmas."""
    tahun = tahun_ini(tahun)
    rows = run_batches(batch, tahun, puskesmas, ukuran_batch)
    publish(f"pelaporan-{tahun}", f"Pelaporan dan umpan balik tahun {tahun}", rows)
    rows += tunggu_persetujuan()
    return rows
