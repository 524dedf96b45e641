"""Pendampingan RUK/RPK: minutes with photos and the attendance list (EP e D); the Surat Tugas
comes from penugasan, the RUK and RPK themselves (EP e R) are uploaded by the Puskesmas."""

from __future__ import annotations

from prefect import flow, task

from evidence.siklus import pendampingan as uc
from flows._common import RETRY, ctx, publish, run_batches, status_row, tahun_ini, task_runner


@task(**RETRY)
def batch(tahun: int, codes: list[str]) -> list[dict]:
    rows = []
    with ctx() as c:
        for kode in codes:
            notulen = uc.notulen(c, tahun, kode)
            hadir = uc.daftar_hadir(c, tahun, kode)
            rows.append(status_row(kode, {"notulen": notulen and notulen[0].status,
                                          "daftar_hadir": hadir and hadir[0].status},
                                   uc.kurang(c, tahun, kode)))
    return rows


@flow(name="pendampingan", task_runner=task_runner())
def pendampingan(
    tahun: int | None = None, puskesmas: str | None = None, ukuran_batch: int = 10
) -> list[dict]:
    """Tahap 5: notulen (dengan foto) dan daftar hadir pendampingan penyusunan RUK/RPK."""
    tahun = tahun_ini(tahun)
    rows = run_batches(batch, tahun, puskesmas, ukuran_batch)
    publish(f"pendampingan-{tahun}", f"Pendampingan RUK/RPK tahun {tahun}", rows)
    return rows
