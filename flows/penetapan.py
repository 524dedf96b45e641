"""Penetapan: SK TPCB (EP b R), the year's visits and schedule (EP b D), each Puskesmas's
SK organisasi (EP a R)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from prefect import flow, task

from evidence.letters import label
from evidence.siklus import penetapan as uc
from flows._common import RETRY, ctx, publish, tahun_ini, task_runner
from flows._persetujuan import tunggu_persetujuan


@task(**RETRY)
def sk_tpcb(tahun: int) -> dict:
    with ctx() as c:
        surat, created = uc.sk_tpcb(c, tahun)
        return {"dokumen": "SK TPCB", "nomor": label(surat), "status": surat.status,
                "baru": created}


@task(**RETRY)
def jadwal(tahun: int) -> dict:
    with ctx() as c:
        added = uc.tetapkan_kunjungan(c, tahun)
        art, created = uc.jadwal(c, tahun)
        return {"dokumen": f"Jadwal pembinaan ({added} kunjungan baru)", "nomor": "-",
                "status": art.status, "baru": created}


@task(**RETRY)
def sk_organisasi(tahun: int, folder: str | None) -> list[dict]:
    """File the SK organisasi found in `folder` (files named by Puskesmas code); report gaps."""
    files = sorted(Path(folder).glob("*")) if folder else []
    rows = []
    with ctx() as c:
        for kode in uc.puskesmas_terdaftar(c):
            match = next((f for f in files if f.name.upper().startswith(kode)), None)
            if match is not None:
                uc.sk_organisasi(c, tahun, kode, match.read_bytes(), match.name,
                                 date(tahun, 1, 2))
            have = uc.ada_sk_organisasi(c, kode)
            rows.append({"dokumen": f"SK organisasi {kode}", "nomor": "-",
                         "status": "ada" if have else "BELUM ADA", "baru": match is not None})
    return rows


@flow(name="penetapan", task_runner=task_runner())
def penetapan(tahun: int | None = None, sk_organisasi_dir: str | None = None) -> list[dict]:
    """Tahap 1: SK TPCB, jadwal kunjungan tahunan, dan SK organisasi tiap Puskesmas."""
    tahun = tahun_ini(tahun)
    rows = [sk_tpcb(tahun), jadwal(tahun), *sk_organisasi(tahun, sk_organisasi_dir)]
    publish(f"penetapan-{tahun}", f"Penetapan TPCB tahun {tahun}", rows)
    rows += tunggu_persetujuan()
    return rows
