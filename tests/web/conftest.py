"""Web tests: the realistic kabupaten is built once per session and copied per test."""

from __future__ import annotations

import re
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.e2e.conftest import Cli
from tests.web import state as st
from tpcb.settings import get_settings
from tpcb.settings_web import WebSettings
from tpcb.web import create_app

SECRET = "kunci-rahasia-uji-" + "x" * 32


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> st.State:
    return st.build(tmp_path_factory.mktemp("kabupaten") / "home")


@pytest.fixture
def cli(built, tmp_path, monkeypatch):
    """The CLI on a copy of the built kabupaten (artefacts, letters, follow-ups)."""
    shutil.copytree(built.home, tmp_path / "home")
    monkeypatch.delenv("TPCB_DATABASE_URL", raising=False)
    monkeypatch.delenv("TPCB_STORAGE", raising=False)
    yield Cli(monkeypatch, {"TPCB_HOME": str(tmp_path / "home"), "COLUMNS": "200"})
    get_settings.cache_clear()


@dataclass
class Web:
    client: TestClient
    state: st.State
    home: Path
    api: object

    @property
    def app(self):
        return self.api.state.tpcb

    def token(self, role: str) -> dict[str, str]:
        """A bearer header for the role's test user, signed like /api/token does."""
        username = st.USERS[role][0]
        return {"Authorization": f"Bearer {self.api.state.signer.dumps('api', {'sub': username}, 600)}"}

    def bearer(self, username: str, password: str = st.PASSWORD) -> dict[str, str]:
        """A bearer header obtained the way an API client does: POST /api/token."""
        r = self.client.post("/api/token", data={"username": username, "password": password})
        assert r.status_code == 200, r.text
        return {"Authorization": f"Bearer {r.json()['access_token']}"}

    def login_page(self, username: str, password: str = st.PASSWORD):
        """Sign in through the login form; returns the response (the session cookie is kept)."""
        page = self.client.get("/masuk")
        return self.client.post("/masuk", data={"username": username, "password": password,
                                                "csrf": csrf_of(page.text)}, follow_redirects=False)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


@contextmanager
def pg_s3_web(s3_server, home: Path, bucket: str) -> Iterator[Web]:
    """The kabupaten on the production parts: PostgreSQL (a private schema) and the S3 server."""
    from tests.pg import pg_schema_url
    from tpcb.settings import Settings
    from tpcb.wiring import App

    s3_server.start()
    with pg_schema_url() as url:
        app = App(Settings(home=home, database_url=url, storage="s3", s3_endpoint=s3_server.endpoint,
                           s3_access_key=s3_server.access_key, s3_secret_key=s3_server.secret_key,
                           s3_bucket=f"{bucket}-{uuid.uuid4().hex[:10]}",
                           rendisi_sesudah_unggah=False, indeks_latar=False))
        state = st.build(home, app)
        api = create_app(app, WebSettings(secret_key=SECRET, cookie_secure=False))
        yield Web(TestClient(api, raise_server_exceptions=False), state, home, api)
        app.engine.dispose()


def make_web(home: Path, state: st.State, **settings) -> Web:
    api = create_app(st.app_for(home), WebSettings(secret_key=SECRET, cookie_secure=False, **settings))
    return Web(TestClient(api, raise_server_exceptions=False), state, home, api)


@pytest.fixture
def web(built, tmp_path) -> Web:
    """A private copy of the kabupaten: tests may change anything."""
    home = tmp_path / "home"
    shutil.copytree(built.home, home)
    return make_web(home, built)


@pytest.fixture(scope="module")
def web_ro(built, tmp_path_factory) -> Web:
    """A copy shared by read-only tests of a module."""
    home = tmp_path_factory.mktemp("baca") / "home"
    shutil.copytree(built.home, home)
    return make_web(home, built)
