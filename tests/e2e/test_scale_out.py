"""Scale-out: a real Prefect server (on PostgreSQL) and a process worker run a deployment from
prefect.yaml against PostgreSQL and the S3 server, as a Dinkes would run it in production."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.pg import PG_URL, pg_schema_url, require_pg, unique_name
from tests.waiting import wait_until
from tpcb.settings import get_settings

pytestmark = [pytest.mark.slow, pytest.mark.s3, pytest.mark.postgres]
ROOT = Path(__file__).parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def prefect_database():
    """A fresh PostgreSQL database for the Prefect server itself, dropped afterwards."""
    require_pg()
    name = unique_name("prefect")
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base = PG_URL.rsplit("/", 1)[0].replace("postgresql+psycopg", "postgresql+asyncpg")
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def process(args: list[str], env: dict, log: Path):
    """Start a long-running process in its own group; SIGTERM, then SIGKILL after 10 s (the
    Prefect server drains its services on SIGTERM)."""
    with log.open("wb") as out:
        proc = subprocess.Popen(args, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            yield proc
        finally:
            for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
                if proc.poll() is not None:
                    break
                os.killpg(proc.pid, sig)
                try:
                    proc.wait(wait)
                except subprocess.TimeoutExpired:
                    continue


def wait_healthy(url: str, proc, log: Path, timeout: float = 90) -> None:
    import urllib.request

    def healthy() -> bool:
        assert proc.poll() is None, log.read_text()[-3000:]
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as r:
                return r.status == 200
        except OSError:
            return False

    wait_until(healthy, timeout, f"server Prefect sehat di {url}", interval=0.5,
               detail=lambda: log.read_text()[-3000:])


def run(args: list[str], env: dict, timeout: float = 300) -> str:
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def test_deployment_runs_on_a_server_with_a_worker(tmp_path, monkeypatch, s3_server):
    s3_server.start()
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    with prefect_database() as prefect_db, pg_schema_url() as tpcb_db:
        tpcb_env = {"TPCB_HOME": str(tmp_path / "home"), "TPCB_DATABASE_URL": tpcb_db,
                    "TPCB_STORAGE": "s3", "TPCB_S3_ENDPOINT": s3_server.endpoint,
                    "TPCB_S3_ACCESS_KEY": s3_server.access_key,
                    "TPCB_S3_SECRET_KEY": s3_server.secret_key, "TPCB_S3_BUCKET": "scale-out"}
        for k, v in tpcb_env.items():
            monkeypatch.setenv(k, v)
        get_settings.cache_clear()
        from tpcb import demo
        from tpcb.wiring import build_app

        app = build_app()
        demo.load_samples(app)
        env = {**os.environ, **tpcb_env, "PREFECT_HOME": str(tmp_path / "prefect"),
               "PREFECT_API_URL": api, "PREFECT_SERVER_DATABASE_CONNECTION_URL": prefect_db,
               "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_UI_ENABLED": "false",
               "PATH": f"{BIN}:{os.environ.get('PATH', '')}"}
        prefect = str(BIN / "prefect")
        server_log, worker_log = tmp_path / "server.log", tmp_path / "worker.log"
        with process([prefect, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                     env, server_log) as server:
            wait_healthy(api, server, server_log)
            run([prefect, "work-pool", "create", "tpcb", "--type", "process"], env)
            run([prefect, "--no-prompt", "deploy", "--all"], env)
            with process([prefect, "worker", "start", "--pool", "tpcb"], env, worker_log):
                out = run([prefect, "deployment", "run", "penetapan/penetapan", "--param",
                           "tahun=2026", "--watch", "--watch-timeout", "240"], env, timeout=300)
        assert "Completed" in out, out
        with app.repo() as repo:
            sk = repo.surat_by_source("sk_tpcb", "sk_tpcb:2026")
            assert sk is not None and sk.nomor is None  # a draft: numbered when signed
            assert sk.artefak_draf and sk.status == "draft"
            keys = {a.kunci for a in repo.artefacts(tahun=2026)}
        stored = {o.key for o in app.store.list_objects("99.01/2026/dinkes/")}
        assert {k for k in keys if "/dinkes/" in k} <= stored and len(stored) >= 2
        app.engine.dispose()
    get_settings.cache_clear()
