"""Rendisi PDF: every final Word, Excel, image and CSV artefact gets its PDF once, so that a
bundle is assembled from filed PDFs instead of converting at request time. The last stage of the
yearly cycle; safe to run again (what is valid is counted, not made)."""

from __future__ import annotations

from prefect import flow, task, unmapped
from prefect.cache_policies import NO_CACHE

from evidence import rendisi as aturan
from flows import _shard
from flows._common import RETRY, _puskesmas_codes, batches, publish, run_log, task_runner
from tpcb.wiring import build_app


@task(name="daftar_rendisi", cache_policy=NO_CACHE, **RETRY)
def daftar(tahun: int | None, puskesmas: str | None, draf: bool) -> tuple[list[str], int]:
    """The artefact keys that need (or have a stale) rendition, and how many are valid already."""
    codes = None if puskesmas is None else _puskesmas_codes(puskesmas)
    # A part i/n other than the first leaves the Dinkes-wide artefacts to part 1.
    dinkes = _shard.bagian_ke(puskesmas) in (None, 1)
    with build_app().repo() as repo:
        plan = aturan.rencana_untuk(repo, puskesmas=codes, tahun=tahun, draf=draf,
                                    dengan_dinkes=dinkes)
    return plan.keys, plan.sudah_ada


@task(name="rendisi_batch", cache_policy=NO_CACHE, **RETRY)
def rendisi_batch(keys: list[str], draf: bool) -> aturan.Hasil:
    """One LibreOffice run for the batch; its PDFs filed, then recorded in one step."""
    app = build_app()
    with app.uow() as uow:
        hasil = aturan.buat_batch(uow, app.store, app.konversi_pdf, keys, draf=draf)
    run_log().info("Rendisi: %d dibuat, %d gagal dari %d artefak", len(hasil.dibuat),
                   len(hasil.gagal), len(keys))
    return hasil


@flow(name="rendisi", task_runner=task_runner())
def rendisi(tahun: int | None = None, puskesmas: str | None = None, ukuran_batch: int = 25,
            draf: bool = False) -> dict:
    """Rendisi PDF artefak Word, Excel, gambar dan CSV yang final (tahun kosong = semua tahun;
    Puskesmas kosong = seluruh kabupaten), satu proses LibreOffice per batch. Aman diulang."""
    keys, sudah = daftar(tahun, puskesmas, draf)
    futures = rendisi_batch.map(batches(keys, ukuran_batch), unmapped(draf)) if keys else []
    total = aturan.Hasil(sudah_ada=sudah)
    for f in futures:
        total.tambah(f.result())
    run_log().info("Rendisi PDF: %d dibuat, %d sudah ada, %d gagal", len(total.dibuat),
                   total.sudah_ada, len(total.gagal))
    publish("rendisi-gagal", "Rendisi PDF yang gagal dibuat",
            [{"artefak": k, "sebab": v} for k, v in sorted(total.gagal.items())])
    return total.to_json()
