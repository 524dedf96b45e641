"""Run the real `tpcb` CLI in-process against a fresh TPCB_HOME (and optionally PostgreSQL/S3)."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e import peramban
from tests.pg import pg_schema_url
from tpcb.cli import main
from tpcb.settings import get_settings

SAMPLES = Path(__file__).parents[2] / "tpcb" / "samples"


@dataclass
class Result:
    code: int
    out: str
    err: str


class Cli:
    def __init__(self, monkeypatch, env: dict[str, str]):
        self.monkeypatch = monkeypatch
        for k, v in env.items():
            monkeypatch.setenv(k, v)

    def __call__(self, *args: str) -> Result:
        get_settings.cache_clear()
        out, err = io.StringIO(), io.StringIO()
        code = 0
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main([str(a) for a in args])
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
        return Result(code, out.getvalue(), err.getvalue())

    def ok(self, *args: str) -> Result:
        r = self(*args)
        assert r.code == 0, f"tpcb {' '.join(map(str, args))} gagal:\n{r.out}\n{r.err}"
        return r

    def seeded(self) -> Cli:
        self.ok("init")
        self.ok("import", "dinkes", SAMPLES / "dinkes.yaml")
        self.ok("import", "puskesmas", SAMPLES / "puskesmas.csv")
        self.ok("import", "tim", SAMPLES / "tim.csv")
        return self


@pytest.fixture
def cli(tmp_path, monkeypatch) -> Cli:
    monkeypatch.delenv("TPCB_DATABASE_URL", raising=False)
    monkeypatch.delenv("TPCB_STORAGE", raising=False)
    yield Cli(monkeypatch, {"TPCB_HOME": str(tmp_path / "home"), "COLUMNS": "200"})
    get_settings.cache_clear()


@pytest.fixture(params=["sqlite+local", "postgres+s3"])
def any_cli(request, tmp_path, monkeypatch) -> Cli:
    """The same CLI on embedded defaults and on PostgreSQL + S3, by environment only."""
    env = {"TPCB_HOME": str(tmp_path / "home"), "COLUMNS": "200"}
    monkeypatch.delenv("TPCB_DATABASE_URL", raising=False)
    monkeypatch.delenv("TPCB_STORAGE", raising=False)
    with contextlib.ExitStack() as stack:
        if request.param == "postgres+s3":
            s3 = request.getfixturevalue("s3_server")
            env["TPCB_DATABASE_URL"] = stack.enter_context(pg_schema_url())
            env.update(TPCB_STORAGE="s3", TPCB_S3_ENDPOINT=s3.endpoint,
                       TPCB_S3_ACCESS_KEY=s3.access_key, TPCB_S3_SECRET_KEY=s3.secret_key,
                       TPCB_S3_BUCKET=f"e2e-{tmp_path.name[-20:].lower().replace('_', '-')}")
        yield Cli(monkeypatch, env)
        get_settings.cache_clear()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A built kabupaten served by the real `python -m tpcb serve` on a free 127.0.0.1 port:
    yields (base URL, TPCB_HOME)."""
    yield from peramban.serve_built(tmp_path_factory)


@pytest.fixture
def browser(tmp_path):
    """Headless Chromium (Selenium), 1280x900, downloads into `browser.downloads`."""
    yield from peramban.chromium_browser(tmp_path)
