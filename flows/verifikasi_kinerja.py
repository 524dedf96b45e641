"""Verifikasi kinerja: the berita acara of the PKP verification and the feedback letter (EP g D)."""

from __future__ import annotations

from prefect import flow, task

from evidence.letters import label
from evidence.siklus import verifikasi_kinerja as uc
from flows._common import RETRY, ctx, publish, run_batches, status_row, tahun_ini, task_runner
from flows._persetujuan import tunggu_persetujuan


@task(**RETRY)
def batch(tahun: int, codes: list[str]) -> list[dict]:
    rows = []
    with ctx() as c:
        for kode in codes:
            missing = uc.kurang_verifikasi(c, tahun, kode)
            done = None if missing else uc.verifikasi(c, tahun, kode)
            ba, umpan = done if done else (None, None)
            rows.append(status_row(kode, {"berita_acara": ba and label(ba),
                                          "umpan_balik_pkp": umpan and label(umpan)}, missing))
    return rows


@flow(name="verifikasi_kinerja", task_runner=task_runner())
def verifikasi_kinerja(
    tahun: int | None = None, puskesmas: str | None = None, ukuran_batch: int = 10
) -> list[dict]:
    """Tahap 7: berita acara verifikasi PKP tahun lalu (dari verifikasi yang tercatat) dan umpan
    balik hasil PKP."""
    tahun = tahun_ini(tahun)
    rows = run_batches(batch, tahun, puskesmas, ukuran_batch)
    publish(f"verifikasi-kinerja-{tahun}", f"Verifikasi kinerja tahun {tahun}", rows)
    rows += tunggu_persetujuan()
    return rows
