"""Tindak lanjut lokmin/PTM: the TPCB's official answer to problems a Puskesmas escalated (EP f)."""

from __future__ import annotations

from prefect import flow, task

from evidence.letters import label
from evidence.siklus import eskalasi as uc
from flows._common import RETRY, ctx, publish, run_batches, status_row, tahun_ini, task_runner
from flows._persetujuan import tunggu_persetujuan


@task(**RETRY)
def batch(tahun: int, codes: list[str]) -> list[dict]:
    rows = []
    with ctx() as c:
        for kode in codes:
            letters = uc.surat_tanggapan(c, tahun, kode)
            missing = [] if letters else ["belum ada eskalasi lokmin/PTM tercatat"]
            rows.append(status_row(kode, {"surat": ", ".join(label(s) for s in letters) or None},
                                   missing))
    return rows


@flow(name="tindak_lanjut", task_runner=task_runner())
def tindak_lanjut(
    tahun: int | None = None, puskesmas: str | None = None, ukuran_batch: int = 10
) -> list[dict]:
    """Tahap 6: surat tindak lanjut TPCB atas masalah lokmin/PTM yang dieskalasi Puskesmas."""
    tahun = tahun_ini(tahun)
    rows = run_batches(batch, tahun, puskesmas, ukuran_batch)
    publish(f"tindak-lanjut-{tahun}", f"Tindak lanjut lokmin/PTM tahun {tahun}", rows)
    rows += tunggu_persetujuan()
    return rows
