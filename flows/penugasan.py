"""Penugasan: a numbered Surat Tugas for every visit due (EP c D, EP e D)."""

from __future__ import annotations

from datetime import date

from prefect import flow, task

from evidence.letters import label
from evidence.siklus import penugasan as uc
from evidence.siklus.penetapan import puskesmas_terdaftar
from flows._common import RETRY, batches, ctx, publish, tahun_ini, task_runner
from flows._common import hari_ini as hari_ini_jakarta
from flows._persetujuan import tunggu_persetujuan
from flows._shard import pilih_puskesmas


@task(**RETRY)
def due(tahun: int, hari_ini: str | None, hari: int | None, puskesmas: str | None) -> list[int]:
    today = date.fromisoformat(hari_ini) if hari_ini else None
    with ctx() as c:
        codes = None if puskesmas is None else set(pilih_puskesmas(puskesmas_terdaftar(c), puskesmas))
        visits = uc.jatuh_tempo(c, tahun, hari_ini=today, hari=hari)
        return [v.id for v in visits if v.id is not None and (codes is None or v.puskesmas in codes)]


@task(**RETRY)
def surat_tugas(ids: list[int]) -> list[dict]:
    rows = []
    with ctx() as c:
        for kunjungan_id in ids:
            made = uc.surat_tugas(c, kunjungan_id)
            if made is None:
                visit = uc.kunjungan(c, kunjungan_id)
                rows.append({"puskesmas": visit.puskesmas, "surat": "-", "perihal": visit.jenis,
                             "tanggal": visit.tanggal.isoformat(), "baru": False,
                             "kurang": "; ".join(uc.kurang(c, visit.tahun))})
                continue
            surat, created = made
            rows.append({"puskesmas": surat.pemilik, "surat": label(surat), "perihal": surat.perihal,
                         "tanggal": surat.tanggal.isoformat(), "baru": created, "kurang": "-"})
    return rows


@flow(name="penugasan", task_runner=task_runner())
def penugasan(tahun: int | None = None, hari: int | None = 14, hari_ini: str | None = None,
              puskesmas: str | None = None, ukuran_batch: int = 10) -> list[dict]:
    """Tahap 2: draf Surat Tugas untuk kunjungan dalam `hari` hari ke depan (semua bila hari
    kosong), setelah SK TPCB bernomor; nomornya diberikan saat ditandatangani."""
    tahun = tahun_ini(tahun)
    if hari is not None and hari_ini is None:
        hari_ini = hari_ini_jakarta().isoformat()
    ids = due(tahun, hari_ini, hari, puskesmas)
    futures = surat_tugas.map(batches(ids, ukuran_batch))
    rows = [row for f in futures for row in f.result()]
    publish(f"penugasan-{tahun}", f"Surat tugas tahun {tahun}", rows)
    rows += tunggu_persetujuan()
    return rows
