"""Benchmark: the cost of one request of each kind in the web load mix, in process, one at a time.

`bench.web_load` measures the whole machine under load (server, PostgreSQL, S3 and the load
clients on two cores), so its figures move with the machine. This one isolates the server's own
work per request: the demo kabupaten of the web tests (tests/web/state.py) behind the real FastAPI
app (Starlette's TestClient: middleware, session, CSRF, the use cases, the database and the object
store; no socket), on SQLite + a local folder and on PostgreSQL + the S3 server. For each request
kind of the load mix it prints the median and p90 time and the number of SQL statements. Before
and after a change, on the same machine a minute apart, it shows what the change did.

    .venv/bin/python -m bench.per_permintaan [--rounds 30] [--skip-s3] [--skip-sqlite]
                                             [--jenis matriks,unggah] [--indeks-latar]

The app runs in the TestClient's own threads, so a profile needs a sampling profiler that sees
every thread, e.g. `py-spy record -f raw -o prof.txt -- python -m bench.per_permintaan`.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event

from tpcb.services import indeks_latar

conftest = importlib.import_module("tests.web.conftest")
state = importlib.import_module("tests.web.state")
web_load = importlib.import_module("bench.web_load")
DALAM = state.DALAM

KINDS = ("kelengkapan", "matriks", "api-tugas", "tugas", "unggah")


class Hitung:
    """SQL statements sent on an engine while counting."""

    def __init__(self, engine) -> None:
        self.n = 0
        event.listen(engine, "before_cursor_execute", self._one)

    def _one(self, *_args) -> None:
        self.n += 1


def requests(web) -> dict[str, Callable[[int], Any]]:
    """One callable per kind, as the load mix sends it (web_load.klien)."""
    surveior = web.token("surveyor")
    sek = web.token("sekretariat")
    pj = web.token("pj_mutu")
    c = web.client
    items = ["a-r1", "c-d1", "e-r1", "e-r2", "h-d1", "h-d2"]  # as web_load picks them

    def unggah(i: int):
        item = items[i % len(items)]
        return c.post("/api/artefact", headers=pj, data={
            "puskesmas": DALAM, "item": item, "ganti": "true", "tanggal": f"{state.YEAR}-03-02"},
            files={"file": (f"bukti-{item}.pdf", web_load.pdf_unik(i), "application/pdf")})

    def matriks(_i: int):
        return c.get(f"/matriks?puskesmas={DALAM}")

    def tugas(_i: int):
        return c.get("/tugas")

    return {"kelengkapan": lambda _i: c.get(f"/api/completeness?puskesmas={DALAM}", headers=surveior),
            "matriks": matriks,
            "api-tugas": lambda _i: c.get("/api/tindak-lanjut", headers=sek),
            "tugas": tugas,
            "unggah": unggah}


def ukur(web, label: str, rounds: int, kinds: list[str], latar: bool = False) -> None:
    try:
        _ukur(web, label, rounds, kinds, latar)
    finally:  # the background index writes what it holds before the database is dropped
        indeks_latar.PENGINDEKS.tunggu(120)


def _ukur(web, label: str, rounds: int, kinds: list[str], latar: bool) -> None:
    if latar:
        indeks_latar.pasang(web.app)
        label += " (indeks teks di latar)"
    hitung = Hitung(web.app.engine)
    jalan = requests(web)
    # the pages are seen by the roles that see them in the mix: surveyor matrix, secretariat tasks
    masuk = {"matriks": "surveior", "tugas": "sekretariat"}
    print(f"{label}: median / p90 ms per permintaan, kueri SQL per permintaan, ukuran jawaban")
    for kind in kinds:
        if kind in masuk:
            web.client.cookies.clear()
            assert web.login_page(masuk[kind]).status_code == 303
        for i in range(3):  # warm: imports, caches, connection pool
            r = jalan[kind](10_000 + i)
            if r.status_code >= 300:
                raise SystemExit(f"{label} {kind}: HTTP {r.status_code} {r.text[:300]}")
        times, queries = [], []
        for i in range(rounds):
            before = hitung.n
            t0 = time.perf_counter()
            r = jalan[kind](i)
            times.append((time.perf_counter() - t0) * 1000)
            queries.append(hitung.n - before)
            if r.status_code >= 300:
                raise SystemExit(f"{label} {kind}: HTTP {r.status_code} {r.text[:300]}")
        times.sort()
        print(f"  {kind:<12} {statistics.median(times):7.1f} / {times[int(len(times) * 0.9) - 1]:7.1f} ms"
              f" | {statistics.median(queries):4.0f} kueri | {len(r.content) / 1024:6.1f} KB", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--skip-s3", action="store_true")
    ap.add_argument("--skip-sqlite", action="store_true")
    ap.add_argument("--jenis", default=",".join(KINDS), help="jenis permintaan, dipisah koma")
    ap.add_argument("--indeks-latar", action="store_true",
                    help="indeks teks di latar seperti `tpcb serve` (bawaan uji: langsung sesudah commit)")
    args = ap.parse_args()
    kinds = [k for k in args.jenis.split(",") if k]
    if unknown := set(kinds) - set(KINDS):
        raise SystemExit(f"jenis tidak dikenal: {', '.join(sorted(unknown))}; pilih dari {', '.join(KINDS)}")
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_sqlite:
            home = Path(tmp) / "sqlite"
            web = conftest.make_web(home, state.build(home))
            ukur(web, "SQLite + lokal", args.rounds, kinds, args.indeks_latar)
        if not args.skip_s3:
            from tests.s3server import running_s3_server

            with contextlib.ExitStack() as stack:
                s3 = stack.enter_context(running_s3_server())
                web = stack.enter_context(conftest.pg_s3_web(s3, Path(tmp) / "pg", "bench-permintaan"))
                ukur(web, "PostgreSQL + S3", args.rounds, kinds, args.indeks_latar)


if __name__ == "__main__":
    main()
