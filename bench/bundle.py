"""Benchmark: the PDF bundle of one complete demo Puskesmas, without and with PDF renditions, and
what a rendition costs per document.

Prints figures, asserts nothing. Uses a demo kabupaten (`tpcb demo`, run here into a temporary
TPCB_HOME unless --home names one; that folder is copied, never changed). With --pg-s3 the same
data is copied into PostgreSQL (127.0.0.1:5432, a private schema) and a real S3 server
(SeaweedFS, started here), and measured again.

    .venv/bin/python -m bench.bundle [--home DIR] [--puskesmas PKM-KRA] [--ulang 3] [--pg-s3]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlmodel import SQLModel

from doc_templates.pdf import convert_batch, page_count
from storage.db.migrate import upgrade
from tpcb.services import bundle
from tpcb.services import rendisi as svc
from tpcb.settings import Settings
from tpcb.wiring import App

TODAY = date(2026, 11, 1)


class Counting:
    """The bundle's converter, counting the documents LibreOffice converts."""

    def __init__(self) -> None:
        self.files = 0

    def __call__(self, docs: dict[str, bytes]) -> dict[str, bytes]:
        self.files += len(docs)
        return convert_batch(docs)


def demo_home(given: str | None, tmp: Path) -> Path:
    home = tmp / "sqlite"
    if given:
        shutil.copytree(given, home)
        return home
    print("Menyiapkan kabupaten demo (tpcb demo, sekitar satu menit) ...", flush=True)
    env = {**os.environ, "TPCB_HOME": str(home), "PREFECT_HOME": str(tmp / "prefect")}
    env.pop("TPCB_DATABASE_URL", None)
    env.pop("TPCB_STORAGE", None)
    subprocess.run([sys.executable, "-m", "tpcb", "demo"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return home


def forget_renditions(app: App) -> int:
    """Back to the state before renditions: columns cleared, objects removed."""
    with app.uow() as uow:
        rows = [a for a in uow.repo.artefacts() if a.pdf_kunci]
        for a in rows:
            app.store.delete(a.pdf_kunci or "")
            a.pdf_kunci = a.pdf_sha256 = a.pdf_sumber = None
            uow.repo.add(a)
    return len(rows)


def timed_bundles(app: App, kode: str, n: int) -> tuple[list[float], int, bytes]:
    times, conv, data = [], Counting(), b""
    for _ in range(n):
        conv.files = 0
        start = time.perf_counter()
        made = bundle.build(app, kode, ep=None, tahun=TODAY.year, fmt="pdf", today=TODAY, convert=conv)
        times.append(time.perf_counter() - start)
        data = made.data
    return times, conv.files, data


def show(label: str, times: list[float]) -> str:
    return (f"{label:<40}: median {statistics.median(times):6.2f} s  (min {min(times):.2f}, "
            f"maks {max(times):.2f}, n={len(times)})")


def measure(name: str, app: App, kode: str, n: int) -> None:
    print(f"\n== {name} ==")
    forget_renditions(app)
    plan = svc.rencana(app, puskesmas=kode)
    print(f"{kode}: {plan.sudah_ada + len(plan.perlu)} artefak final Word/Excel/gambar/CSV di bundelnya")
    without, converted, pdf_a = timed_bundles(app, kode, n)
    print(show("bundel tanpa rendisi", without) + f"  [{converted} dokumen lewat LibreOffice]")
    everything = svc.rencana(app)
    start = time.perf_counter()
    hasil = svc.jalankan(app, everything, ukuran_batch=25)
    spent = time.perf_counter() - start
    made = max(len(hasil.dibuat), 1)
    print(f"{'rendisi seluruh kabupaten':<40}: {spent:6.2f} s untuk {len(hasil.dibuat)} dokumen "
          f"({-(-len(everything.keys) // 25)} proses LibreOffice) = {spent / made * 1000:.0f} ms/dokumen; "
          f"gagal {len(hasil.gagal)}")
    start = time.perf_counter()
    again = svc.jalankan(app, svc.rencana(app), ukuran_batch=25)
    print(f"{'rendisi diulang (tidak ada yang dibuat)':<40}: {time.perf_counter() - start:6.2f} s, "
          f"{len(again.dibuat)} dibuat, {again.sudah_ada} sudah ada")
    with_, converted, pdf_b = timed_bundles(app, kode, n)
    print(show("bundel dengan rendisi", with_) + f"  [{converted} dokumen lewat LibreOffice]")
    print(f"halaman: {page_count(pdf_a)} tanpa rendisi, {page_count(pdf_b)} dengan rendisi; "
          f"isi sama persis: {'ya' if pdf_a == pdf_b else 'tidak (bita berbeda)'}")


def copy_to(src: App, dst: App) -> None:
    """Every table row and every object of `src` into `dst` (same keys, same metadata)."""
    import evidence.records  # noqa: F401 - registers every table on SQLModel.metadata

    upgrade(dst.engine)
    with src.engine.connect() as a, dst.engine.begin() as b:
        for table in SQLModel.metadata.sorted_tables:
            rows = [dict(r._mapping) for r in a.execute(table.select())]
            if rows:
                b.execute(table.insert(), rows)
    for obj in src.store.list_objects(""):
        dst.store.put(obj.key, src.store.get(obj.key), content_type=obj.content_type,
                      metadata=obj.metadata)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", help="TPCB_HOME sebuah demo yang sudah ada (disalin)")
    parser.add_argument("--puskesmas", default="PKM-KRA", help="Puskesmas yang lengkap (PKM-KRA)")
    parser.add_argument("--ulang", type=int, default=3, help="berapa kali tiap bundel disusun")
    parser.add_argument("--pg-s3", action="store_true", help="juga PostgreSQL + server S3")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tpcb-bench-bundel-") as tmp:
        home = demo_home(args.home, Path(tmp))
        app = App(Settings(home=home, database_url=None, storage="local"))
        upgrade(app.engine)
        measure("SQLite + folder lokal", app, args.puskesmas, args.ulang)
        if args.pg_s3:
            measure_pg_s3(app, Path(tmp), args.puskesmas, args.ulang)


def measure_pg_s3(src: App, tmp: Path, kode: str, n: int) -> None:
    from tests.pg import pg_schema_url
    from tests.s3server import running_s3_server

    with contextlib.ExitStack() as stack:
        url = stack.enter_context(pg_schema_url())
        s3 = stack.enter_context(running_s3_server())
        dst = App(Settings(home=tmp / "pg", database_url=url, storage="s3",
                           s3_endpoint=s3.endpoint, s3_access_key=s3.access_key,
                           s3_secret_key=s3.secret_key, s3_bucket="bench-bundel"))
        forget_renditions(src)
        copy_to(src, dst)
        measure("PostgreSQL + S3", dst, kode, n)
        dst.engine.dispose()


if __name__ == "__main__":
    main()
