"""The API contract: /openapi.json tells the truth, /docs works offline under the app's CSP, and
an OpenAPI fuzzer (schemathesis, every check) finds nothing against the running service, on
SQLite + local folder and on PostgreSQL + S3."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn

from tests.web import state as st
from tests.web.conftest import Web, make_web, pg_s3_web

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
GALAT = {"$ref": "#/components/schemas/Galat"}
PUBLIC = ("/api/token", "/unduh/{token}")  # the only operations without a signed-in user


# -- /docs and /redoc ------------------------------------------------------------------------------
@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_pages_load_only_same_origin_assets(web_ro, page):
    r = web_ro.client.get(page)
    assert r.status_code == 200
    refs = re.findall(r'(?:src|href)="([^"]+)"', r.text)
    assert any(ref.endswith(".js") for ref in refs), refs
    for ref in refs:
        assert ref.startswith("/") and not ref.startswith("//"), ref  # no CDN, no other origin
        assert web_ro.client.get(ref).status_code == 200, ref
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", r.text)  # no inline script
    policy = dict(part.strip().split(" ", 1) for part in r.headers["content-security-policy"].split(";"))
    assert policy["script-src"] == "'self'"
    assert "/openapi.json" in r.text


def test_swagger_ui_is_set_up_by_a_same_origin_script(web_ro):
    html = web_ro.client.get("/docs").text
    assert '<script src="/static/docs.js">' in html
    assert "SwaggerUIBundle(" in web_ro.client.get("/static/docs.js").text


# -- the spec --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def spec(web_ro) -> dict:
    return web_ro.client.get("/openapi.json").json()


def operations(spec: dict):
    for path, item in spec["paths"].items():
        for method, op in item.items():
            yield f"{method.upper()} {path}", path, op


def test_spec_declares_the_oauth2_password_scheme(spec):
    scheme = spec["components"]["securitySchemes"]["OAuth2PasswordBearer"]
    assert scheme["type"] == "oauth2" and scheme["flows"]["password"]["tokenUrl"] == "/api/token"
    for name, path, op in operations(spec):
        if path in PUBLIC:
            assert "security" not in op, name
        else:
            assert op["security"] == [{"OAuth2PasswordBearer": []}], name
            assert {"401", "403"} <= set(op["responses"]), name


def test_every_error_is_one_galat_and_every_json_answer_has_a_model(spec):
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    assert spec["components"]["schemas"]["Galat"]["required"] == ["detail"]
    for name, _, op in operations(spec):
        responses = op["responses"]
        assert {"400", "503"} <= set(responses), name
        for code, answer in responses.items():
            if int(code) >= 400:
                assert answer["content"] == {"application/json": {"schema": GALAT}}, (name, code)
        ok = responses.get("200") or responses["201"]
        if "application/json" in ok["content"]:
            assert "$ref" in json.dumps(ok["content"]["application/json"]["schema"]), name


def test_a_422_answers_the_documented_galat(web_ro):
    r = web_ro.client.post("/api/artefact", headers=web_ro.token("admin"), data={})
    assert r.status_code == 422
    assert isinstance(r.json()["detail"], str) and set(r.json()) == {"detail"}


def test_405_names_every_method_of_the_path(web_ro):
    r = web_ro.client.request("DELETE", "/api/artefact", headers=web_ro.token("admin"))
    assert r.status_code == 405 and r.headers["allow"] == "GET, POST"
    r = web_ro.client.put(f"/api/penilaian/{st.DALAM}/{st.YEAR}/final", headers=web_ro.token("admin"))
    assert r.status_code == 405 and r.headers["allow"] == "POST"


def test_the_api_still_accepts_the_page_session(web):
    assert web.login_page("sekretariat").status_code == 303
    assert web.client.get("/api/me").json()["nama_pengguna"] == "sekretariat"


# -- the fuzzer ------------------------------------------------------------------------------------
# Every check of schemathesis runs (`--checks all`). One is adjusted, none is excluded:
# positive_data_acceptance also accepts 400, the documented answer of a rule the schema cannot
# state: one that depends on stored data or on another field (the letter is already final, the
# office's TTE certificate is not configured, "fakta" is required unless the nilai is TL, a file's
# content must be the kind its item takes, a signer only for a final file). Everything the
# schema can state (types, ranges, enums, patterns, text without control characters) is in it,
# so a 422 for schema-valid data, any undocumented status or shape, and any 5xx still fail.
# The two operations that convert to PDF with LibreOffice run fewer examples (seconds each).
CONFIG = """
workers = 1
continue-on-failure = true
seed = 20261129

[generation]
max-examples = 10

[checks.positive_data_acceptance]
expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "429", "5xx"]

[[operations]]
include-name = ["POST /api/bundel", "GET /api/penilaian/{kode}/{tahun}/ekspor"]

[operations.generation]
max-examples = 3
"""


@pytest.fixture(params=["sqlite", "postgres+s3"])
def site(request, built, tmp_path) -> Iterator[Web]:
    if request.param == "sqlite":
        home = tmp_path / "home"
        shutil.copytree(built.home, home)
        web = make_web(home, built)
        yield web
        web.app.engine.dispose()
        return
    with pg_s3_web(request.getfixturevalue("s3_server"), tmp_path / "home", "kontrak") as web:
        yield web


@contextmanager
def served(api) -> Iterator[str]:
    """The app on a free port of 127.0.0.1 (uvicorn in a thread), stopped afterwards."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(api, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(600):
        if server.started or not thread.is_alive():
            break
        time.sleep(0.05)
    assert server.started, "uvicorn tidak mulai"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


@pytest.mark.slow
def test_the_fuzzer_finds_no_contract_failure(site, tmp_path):
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG)
    token = site.bearer("sekretariat")["Authorization"]
    with served(site.api) as base:
        proc = subprocess.Popen(
            [str(SCHEMATHESIS), "--config-file", str(config), "--no-color", "run", f"{base}/openapi.json",
             "--checks", "all", "-H", f"Authorization: {token}"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path)
        try:
            out, _ = proc.communicate(timeout=600)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                out, _ = proc.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                out, _ = proc.communicate()
            pytest.fail("schemathesis tidak selesai dalam 10 menit:\n" + out[-5000:])
    (tmp_path / "schemathesis.txt").write_text(out)  # the whole report, kept with the test's files
    print(out[-3000:])  # phases, operations tested, examples: shown with -s
    assert proc.returncode == 0, out[-15000:]
    assert "Tested:" in out, out[-3000:]
