"""Flow tests: one Prefect test harness for the whole session, and a fresh kabupaten per test."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from tests.pg import pg_schema_url
from tpcb.settings import get_settings
from tpcb.wiring import App, build_app


@pytest.fixture(scope="session", autouse=True)
def prefect_harness(tmp_path_factory):
    import os

    home = tmp_path_factory.mktemp("prefect-home")
    os.environ["PREFECT_HOME"] = str(home)
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "ERROR")
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@dataclass
class Kabupaten:
    app: App
    home: Path
    kodes: list[str]
    sk_dir: str


def _setup(monkeypatch, home: Path, env: dict[str, str]) -> Kabupaten:
    from tpcb import demo

    for key in ("TPCB_DATABASE_URL", "TPCB_STORAGE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("TPCB_HOME", str(home))
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    app = build_app()
    kodes = demo.load_samples(app)
    sk_dir = demo.seed_inputs(app, 2026, kodes, date(2026, 11, 1))
    return Kabupaten(app, home, kodes, sk_dir)


@pytest.fixture
def kabupaten(tmp_path, monkeypatch) -> Kabupaten:
    """The demo kabupaten on embedded defaults (SQLite + local folder), inputs recorded."""
    yield _setup(monkeypatch, tmp_path / "home", {})
    get_settings.cache_clear()


@pytest.fixture
def kabupaten_pg_s3(tmp_path, monkeypatch, s3_server) -> Kabupaten:
    """The same on PostgreSQL and the real S3 server."""
    s3_server.start()
    with contextlib.ExitStack() as stack:
        url = stack.enter_context(pg_schema_url())
        env = {"TPCB_DATABASE_URL": url, "TPCB_STORAGE": "s3", "TPCB_S3_ENDPOINT": s3_server.endpoint,
               "TPCB_S3_ACCESS_KEY": s3_server.access_key, "TPCB_S3_SECRET_KEY": s3_server.secret_key,
               "TPCB_S3_BUCKET": f"siklus-{tmp_path.name[-12:].lower().replace('_', '-')}"}
        yield _setup(monkeypatch, tmp_path / "home", env)
        get_settings.cache_clear()
