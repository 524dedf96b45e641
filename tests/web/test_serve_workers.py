"""`tpcb serve --workers N`: the value is checked, and N processes answer as one service."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys

import httpx
import pytest

from tests.waiting import wait_until
from tests.web import state as st


@pytest.mark.parametrize("value,code,message", [
    ("0", 2, "--workers '0' di luar rentang yang sah (1–32)"),
    ("33", 2, "--workers '33' di luar rentang yang sah (1–32)"),
    ("-1", 2, "di luar rentang"),
    ("dua", 1, "--workers 'dua' bukan bilangan bulat"),
])
def test_workers_must_be_a_whole_number_in_range(cli, value, code, message):  # noqa: F811
    r = cli("serve", "--port", "1", "--workers", value)
    assert r.code == code and message in r.err, (r.code, r.err)
    assert "Layanan web tpcb di" not in r.out  # refused before anything is announced or started


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def test_two_workers_share_one_signing_key(built, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(built.home, home)
    (home / "secret.key").unlink(missing_ok=True)  # made by `serve`, once, before the workers start
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TPCB_")}
    env.update(TPCB_HOME=str(home), PYTHONPATH=os.getcwd())
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "tpcb", "serve", "--port", str(port), "--workers", "2"],
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        def log_tail() -> str:
            return (tmp_path / "serve.log").read_text()[-2000:]

        def ready() -> bool:
            assert proc.poll() is None, log_tail()  # stopped: fail now, with its log
            try:
                return httpx.get(f"{base}/masuk", timeout=2).status_code == 200
            except httpx.HTTPError:
                return False

        wait_until(ready, what="tpcb serve --workers 2 menjawab /masuk", detail=log_tail)
        token = httpx.post(f"{base}/api/token", data={"username": "surveior", "password": st.PASSWORD})
        assert token.status_code == 200, token.text
        auth = {"Authorization": f"Bearer {token.json()['access_token']}"}
        # new connections each time: the kernel hands them to either worker
        answers = [httpx.get(f"{base}/api/me", headers=auth) for _ in range(20)]
        assert [r.status_code for r in answers] == [200] * 20
        assert {r.json()["nama_pengguna"] for r in answers} == {"surveior"}
    finally:
        _stop(proc)
        log.close()
    text = (tmp_path / "serve.log").read_text()
    assert "2 proses" in text and text.count("Started server process") == 2
