"""Benchmark: letters numbered by several writers at once (issue 15, "number lock held only for
the number").

Issues `--penulis` x `--n` draft surat tugas in one register (SQLite file + local store, or
PostgreSQL + local store with `--pg`), then starts `--penulis` processes that each number their
share with `beri_nomor` (render is done outside the number's transaction). Prints letters/s for
all writers together, the wait per letter (p50, p95, max), errors by kind, and checks that the
numbers are gapless and without duplicates. Asserts nothing.

    .venv/bin/python -m bench.letters_serentak [--penulis 8] [--n 25] [--pg]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

from bench.letters import MAX, NAME, TODAY, _render
from doc_templates.samples import sample_context, sample_images
from evidence import master_save
from evidence.catalogue import load_catalogue
from evidence.letters import LetterRequest, beri_nomor, issue_letter, label
from storage.db.engine import make_engine
from storage.db.migrate import upgrade
from storage.db.uow import SqlUnitOfWork
from storage.objects.local import LocalObjectStore
from tests.samples import office, puskesmas

TANGGAL = date(2026, 3, 2)


def siapkan(url: str, objects: Path, jumlah: int) -> list[str]:
    engine = make_engine(url)
    upgrade(engine)
    store, cat = LocalObjectStore(objects), load_catalogue()
    ctx = sample_context(NAME)
    ctx.pop("nomor")
    refs = []
    with SqlUnitOfWork(engine) as uow:
        master_save.save_office(uow.repo, office())
        master_save.save_puskesmas(uow.repo, [puskesmas("PKM-SKJ")])
    for i in range(jumlah):
        with SqlUnitOfWork(engine) as uow:
            surat, _ = issue_letter(uow, store, cat, _render, LetterRequest(
                templat=NAME, jenis="surat_tugas", sumber=f"serentak:{i}", item_id="c-d3",
                pemilik="PKM-SKJ", tanggal=TANGGAL, perihal="Pembinaan", tujuan="TPCB",
                penandatangan="Kepala Dinas", context=ctx, images=sample_images()), max_bytes=MAX)
            refs.append(label(surat))
    engine.dispose()
    return refs


def penulis(url: str, objects: str, refs: list[str], start: float, out) -> None:
    """One writer process: number each of its drafts in its own unit of work."""
    engine = make_engine(url)
    store, cat = LocalObjectStore(Path(objects)), load_catalogue()
    waits: list[float] = []
    errors: Counter[str] = Counter()
    numbers: list[tuple[str | None, int | None]] = []
    while time.time() < start:
        time.sleep(0.001)
    for ref in refs:
        t0 = time.perf_counter()
        try:
            with SqlUnitOfWork(engine) as uow:
                surat = beri_nomor(uow, store, cat, _render, ref, tanggal=TANGGAL, today=TODAY,
                                   max_bytes=MAX)
            numbers.append((surat.nomor, surat.urut))
        except Exception as exc:  # counted and printed by kind: the figure is the point
            errors[f"{type(exc).__name__}: {str(exc)[:60]}"] += 1
        waits.append(time.perf_counter() - t0)
    engine.dispose()
    out.put((waits, dict(errors), numbers))


def persentil(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else 0.0


def jalankan(url: str, tmp: Path, n_penulis: int, n: int) -> str:
    refs = siapkan(url, tmp / "objects", n_penulis * n)
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    start = time.time() + 3  # every writer imported and connected before the clock starts
    procs = [ctx.Process(target=penulis, args=(url, str(tmp / "objects"), refs[i::n_penulis], start, out))
             for i in range(n_penulis)]
    for p in procs:
        p.start()
    results = [out.get() for _ in procs]
    elapsed = time.time() - start
    for p in procs:
        p.join()
    waits = [w for r in results for w in r[0]]
    errors: Counter = Counter()
    for r in results:
        errors.update(r[1])
    numbers = [x for r in results for x in r[2]]
    urut = sorted(u for _, u in numbers if u is not None)
    gapless = urut == list(range(urut[0], urut[0] + len(urut))) if urut else True
    return (f"{n_penulis} penulis x {n} surat: {len(numbers) / elapsed:6.1f} surat/detik | tunggu per surat "
            f"p50 {persentil(waits, 50):.2f} s, p95 {persentil(waits, 95):.2f} s, maks {max(waits):.2f} s | "
            f"galat {dict(errors) or 0} | nomor unik {len({x for x, _ in numbers}) == len(numbers)}, "
            f"tanpa celah {gapless}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--penulis", type=int, default=8)
    ap.add_argument("--n", type=int, default=25, help="surat per penulis")
    ap.add_argument("--pg", action="store_true", help="PostgreSQL di 127.0.0.1 (bawaan: SQLite)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp_:
        tmp = Path(tmp_)
        if not args.pg:
            print("SQLite  :", jalankan(f"sqlite:///{tmp / 'bench.db'}", tmp, args.penulis, args.n))
            return
        from tests.pg import pg_schema_url

        with pg_schema_url() as url:
            print("Postgres:", jalankan(url, tmp, args.penulis, args.n))


if __name__ == "__main__":
    main()
