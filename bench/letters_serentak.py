"""Benchmark: letters numbered by several writers at once (issue 15, "number lock held only for
the number").

Issues `--writers` x `--per-writer` draft surat tugas in one register (SQLite file + local store,
or PostgreSQL + local store with `--db postgres`), then starts `--writers` processes that each
number their share with `beri_nomor`: the numbered .docx is rendered with a placeholder first,
the number is taken in a short transaction of its own, then substituted and filed.

Each writer is made ready before the clock starts, as a running server is: modules imported,
connected, the template compiled once (that start-up is printed apart). Prints letters/s for all
writers together, the wait per letter from the request to the number being stored and to the
letter being filed (p50, p95, max), errors by kind, and then checks from the database that the
numbers are unique, gapless and each filed. Asserts nothing.

    .venv/bin/python -m bench.letters_serentak [--db sqlite|postgres] [--writers 8] [--per-writer 5]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import select

from bench.letters import MAX, NAME, TODAY, _render
from doc_templates.samples import sample_context, sample_images
from evidence import master_save
from evidence.catalogue import load_catalogue
from evidence.letters import LetterRequest, beri_nomor, issue_letter, label
from evidence.records import Surat
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


class TimedUnitOfWork(SqlUnitOfWork):
    """Records when each step is stored: beri_nomor's first commit is the number, its last one
    the filed letter."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)
        self.commits: list[float] = []

    def _commit(self) -> None:
        super()._commit()
        self.commits.append(time.perf_counter())


def penulis(url: str, objects: str, refs: list[str], ready, go, out) -> None:
    """One writer process: get ready (connected, template compiled), wait for the start, then
    number each of its drafts in its own unit of work."""
    t0 = time.perf_counter()
    engine = make_engine(url)
    store, cat = LocalObjectStore(Path(objects)), load_catalogue()
    with engine.connect():
        pass
    ctx = sample_context(NAME)
    _render(NAME, ctx, images=sample_images())  # compiled once, as in a running server
    ready.put(time.perf_counter() - t0)
    go.wait()
    waits: list[tuple[float, float]] = []  # (to the number, to the filed letter)
    errors: Counter[str] = Counter()
    for ref in refs:
        start = time.perf_counter()
        uow = TimedUnitOfWork(engine)
        try:
            with uow:
                beri_nomor(uow, store, cat, _render, ref, tanggal=TANGGAL, today=TODAY, max_bytes=MAX)
        except Exception as exc:  # counted and printed by kind: the figure is the point
            errors[type(exc).__name__] += 1
            continue
        commits = uow.commits or [time.perf_counter()]
        waits.append((commits[0] - start, commits[-1] - start))
    engine.dispose()
    out.put((waits, dict(errors)))


def persentil(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else 0.0


def periksa_db(url: str, jumlah: int) -> str:
    """Unique, gapless and filed, read back from the register."""
    engine = make_engine(url)
    with SqlUnitOfWork(engine) as uow:
        rows = list(uow.repo.session.exec(select(Surat).where(Surat.tanggal == TANGGAL)))
    engine.dispose()
    numbered = [s for s in rows if s.nomor is not None]
    urut = sorted(s.urut for s in numbered if s.urut is not None)
    gapless = urut == list(range(1, len(urut) + 1))
    unique = len({s.nomor for s in numbered}) == len(numbered) == len(set(urut))
    filed = sum(1 for s in numbered if s.bernomor_dirender)
    return (f"dari basis data: {len(numbered)}/{jumlah} bernomor, unik {unique}, tanpa celah "
            f"{gapless} (1..{urut[-1] if urut else 0}), diarsipkan {filed}")


def jalankan(url: str, tmp: Path, writers: int, per_writer: int) -> list[str]:
    refs = siapkan(url, tmp / "objects", writers * per_writer)
    ctx = mp.get_context("spawn")
    out, ready, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    procs = [ctx.Process(target=penulis, args=(url, str(tmp / "objects"), refs[i::writers], ready,
                                                go, out))
             for i in range(writers)]
    for p in procs:
        p.start()
    warm = [ready.get() for _ in procs]
    start = time.perf_counter()
    go.set()
    results = [out.get() for _ in procs]
    elapsed = time.perf_counter() - start
    for p in procs:
        p.join()
    waits = [w for r in results for w in r[0]]
    errors: Counter = Counter()
    for r in results:
        errors.update(r[1])
    to_number, to_filed = [w[0] for w in waits], [w[1] for w in waits]

    def dist(values: list[float]) -> str:
        return (f"p50 {persentil(values, 50):.2f} s, p95 {persentil(values, 95):.2f} s, "
                f"maks {max(values, default=0):.2f} s")

    return [f"{writers} penulis x {per_writer} surat: {len(waits) / elapsed:6.1f} surat/detik "
            f"({len(waits)} dalam {elapsed:.2f} s; persiapan penulis di luar waktu, maks {max(warm):.1f} s)",
            f"  tunggu sampai bernomor   : {dist(to_number)}",
            f"  tunggu sampai diarsipkan : {dist(to_filed)}",
            f"  galat: {dict(errors) or 0}",
            f"  {periksa_db(url, len(refs))}"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    ap.add_argument("--writers", type=int, default=8)
    ap.add_argument("--per-writer", type=int, default=5, help="surat per penulis")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp_:
        tmp = Path(tmp_)
        if args.db == "sqlite":
            lines = jalankan(f"sqlite:///{tmp / 'bench.db'}", tmp, args.writers, args.per_writer)
            print("SQLite + lokal    :", "\n".join(lines))
            return
        from tests.pg import pg_schema_url

        with pg_schema_url() as url:
            lines = jalankan(url, tmp, args.writers, args.per_writer)
            print("PostgreSQL + lokal:", "\n".join(lines))


if __name__ == "__main__":
    main()
