"""Benchmark: the yearly cycle for 5, 40 and 200 Puskesmas, and Prefect's orchestration overhead.

For each size two identical kabupaten are prepared (SQLite + local folder). One runs the
`siklus_tahunan` flow in-process; the other runs the very same task functions directly (`.fn`),
in the same order, without Prefect. Overhead = (flow time - direct time) / direct time.
Prints figures, asserts nothing.

    .venv/bin/python -m bench.cycle [--sizes 5,40,200]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import tempfile
import time
from pathlib import Path

from tpcb import prefect_env
from tpcb.settings import Settings, get_settings


def prepare(home: Path, n: int):
    """A kabupaten of n Puskesmas with every input recorded, as the demo does for 5."""
    from evidence import master_save
    from evidence.records import AnggotaTim, Puskesmas
    from tpcb import demo

    os.environ["TPCB_HOME"] = str(home)
    get_settings.cache_clear()
    from tpcb.wiring import build_app

    app = build_app()
    demo.load_samples(app)
    with app.repo() as repo:
        tim = repo.tim()
        kodes = [f"PKM-{i:03d}" for i in range(n)]
        master_save.save_puskesmas(repo, [Puskesmas(
            kode=k, nama=f"Puskesmas Uji {i}", kecamatan=f"Kecamatan {i}", kepala_nama="dr. Kepala",
            kepala_nip="198001012005011001", ktu_nama="KTU", pj_mutu_nama="PJ Mutu",
            pj_pelayanan_nama="PJ Pelayanan", email=f"pkm{i}@contoh.example")
            for i, k in enumerate(kodes)])
        for p in repo.all_puskesmas():
            if p.kode not in kodes:
                repo.delete(p)
        members = [AnggotaTim(nip=m.nip, nama=m.nama, pangkat=m.pangkat, jabatan=m.jabatan,
                              bidang=m.bidang, peran=m.peran,
                              puskesmas_binaan=kodes[j::len(tim)] + kodes[(j + 1) % len(tim)::len(tim)])
                   for j, m in enumerate(tim)]
        master_save.replace_tim(repo, members)
    foto = (Path(__file__).parents[1] / "doc_templates" / "assets" / "foto_contoh.png").read_bytes()
    from evidence.siklus import penetapan

    with app.ctx() as c:
        penetapan.tetapkan_kunjungan(c, 2026)  # once for the kabupaten (per Puskesmas: quadratic)
    with app.ctx() as c:
        for i, kode in enumerate(kodes):
            _seed_one(c, kode, i, foto)
    return app, kodes


def _seed_one(c, kode: str, i: int, foto: bytes) -> None:
    from datetime import date

    from evidence.siklus import eskalasi, pelaksanaan, pendampingan, sa, verifikasi_kinerja
    from tpcb import demo_data

    level = i % 3
    verifikasi_kinerja.impor_pkp(c, kode, 2025, demo_data.pkp_csv(level).encode(), f"pkp_{kode}.csv")
    demo_data._verifikasi(c, 2026, kode, level, date(2026, 11, 1))
    sa.impor(c, kode, 2026, demo_data.sa_csv(level).encode(), f"sa_{kode}.csv", date(2026, 1, 20))
    pendampingan.catat_notulen(c, 2026, kode, demo_data._notulen(c, kode, 2026),
                               [(foto, "pendampingan.png", "Diskusi")])
    pelaksanaan.catat_hasil(c, 2026, kode, demo_data._yaml(demo_data.HASIL, 2026))
    eskalasi.catat_eskalasi(c, 2026, kode, demo_data._yaml(demo_data.ESKALASI, 2026))


def direct(kodes: list[str], batch: int) -> None:
    """The same task functions as the flows, in the same order, without Prefect."""
    from flows import (
        audit_kelengkapan,
        pelaksanaan,
        pelaporan,
        pendampingan,
        penetapan,
        penugasan,
        tindak_lanjut,
        verifikasi_kinerja,
    )
    from flows._common import batches

    penetapan.sk_tpcb.fn(2026)
    penetapan.jadwal.fn(2026)
    penetapan.sk_organisasi.fn(2026, None)
    for ids in batches(penugasan.due.fn(2026, None, None, None), batch):
        penugasan.surat_tugas.fn(ids)
    for module in (pendampingan, verifikasi_kinerja, pelaksanaan, pelaporan, tindak_lanjut):
        for codes in batches(kodes, batch):
            module.batch.fn(2026, codes)
    for codes in batches(kodes, batch):
        audit_kelengkapan.panduan.fn(2026, codes, "2026-12-31")
    audit_kelengkapan.matriks.fn(2026, "2026-12-31")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="5,40,200")
    ap.add_argument("--batch", type=int, default=10)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        prefect_env.configure(Settings(home=Path(tmp)))
        from prefect import flow

        from flows.siklus_tahunan import siklus_tahunan

        @flow
        def pemanasan() -> int:  # start the in-process server before timing anything
            return 1

        stack = contextlib.ExitStack()
        stack.enter_context(prefect_env.in_process())
        pemanasan()
        print(f"{'Puskesmas':>9} | {'langsung':>9} | {'flow':>9} | overhead | dokumen")
        for n in (int(x) for x in args.sizes.split(",")):
            app_a, kodes = prepare(Path(tmp) / f"langsung-{n}", n)
            t0 = time.perf_counter()
            direct(kodes, args.batch)
            t_direct = time.perf_counter() - t0
            with app_a.repo() as repo:
                docs = len(repo.artefacts(tahun=2026))
            prepare(Path(tmp) / f"flow-{n}", n)
            t0 = time.perf_counter()
            siklus_tahunan(2026, ukuran_batch=args.batch)
            t_flow = time.perf_counter() - t0
            overhead = 100 * (t_flow - t_direct) / t_direct
            print(f"{n:>9} | {t_direct:8.1f}s | {t_flow:8.1f}s | {overhead:6.1f}% | {docs}")


if __name__ == "__main__":
    main()
