"""Pelaksanaan pembinaan: the analysis of the Puskesmas's SA (EP c D) and the laporan hasil
pembinaan from the recorded findings (EP c D)."""

from __future__ import annotations

from prefect import flow, task

from evidence.siklus import pelaksanaan as uc
from evidence.siklus import sa
from flows._common import RETRY, ctx, publish, run_batches, status_row, tahun_ini, task_runner


@task(**RETRY)
def batch(tahun: int, codes: list[str]) -> list[dict]:
    rows = []
    with ctx() as c:
        for kode in codes:
            analisis = sa.analisis(c, tahun, kode)
            laporan = uc.laporan(c, tahun, kode)
            missing = []
            if analisis is None:
                missing.append(f"SA {tahun} belum diimpor (tpcb sa import)")
            if laporan is None:
                missing += uc.kurang(c, tahun, kode)
            rows.append(status_row(kode, {"analisis_sa": analisis and analisis[0].status,
                                          "laporan": laporan and laporan[0].status}, missing))
    return rows


@flow(name="pelaksanaan", task_runner=task_runner())
def pelaksanaan(
    tahun: int | None = None, puskesmas: str | None = None, ukuran_batch: int = 10
) -> list[dict]:
    """Tahap 3: analisis hasil SA dan laporan hasil pembinaan tiap Puskesmas."""
    tahun = tahun_ini(tahun)
    rows = run_batches(batch, tahun, puskesmas, ukuran_batch)
    publish(f"pelaksanaan-{tahun}", f"Pelaksanaan pembinaan tahun {tahun}", rows)
    return rows
