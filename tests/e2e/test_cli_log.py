"""The CLI's log: refusals and tool failures in TPCB_HOME/log/tpcb.log with their cause, never a
secret, and never on the console (which shows only what it showed before)."""

from __future__ import annotations

import json

import pytest

from tests.adapters.test_smtp import Mailbox, smtp_server
from tests.e2e.test_cli_tindak_lanjut import tasks  # noqa: F401 - the fixture
from tests.samples import pdf_bytes
from tpcb import logconfig

PASSWORD = "sandi-smtp-salah-9876"


@pytest.fixture(autouse=True)
def no_sink_left_behind():
    yield
    logconfig.reset()


def log_text(cli_home) -> str:
    logconfig.reset()  # flush and close the file
    return (cli_home / "log" / "tpcb.log").read_text(encoding="utf-8")


def test_a_refused_upload_is_logged_with_its_reason_and_not_shown_twice(cli, tmp_path):
    cli.seeded()
    f = tmp_path / "ruk.pdf"
    f.write_bytes(pdf_bytes(password="rahasia"))
    r = cli("artefact", "add", "--puskesmas", "PKM-SKJ", "--item", "c-d1", "--file", f)
    reason = "PDF 'ruk.pdf' terkunci kata sandi; unggah PDF tanpa enkripsi."
    assert (r.code, r.out, r.err) == (1, "", f"Galat: {reason}\n")  # the console as before
    logged = log_text(tmp_path / "home")
    assert f"WARNING tpcb.cli.common: Perintah ditolak (InputError): {reason}" in logged


def test_a_usage_error_is_logged(cli, tmp_path):
    r = cli("artefact", "add", "--puskesmas", "PKM-SKJ")
    assert r.code == 2
    assert "Perintah ditolak (penggunaan): Opsi atau argumen wajib belum diisi" in log_text(tmp_path / "home")


@pytest.mark.parametrize("json_lines", [False, True])
def test_an_smtp_password_never_reaches_the_log_of_a_run_that_fails_on_it(tasks, tmp_path,  # noqa: F811
                                                                           monkeypatch, json_lines):
    cli, _ = tasks
    box = Mailbox(auth=("tpcb", "sandi-yang-benar"))
    with smtp_server(box) as port:
        for key, value in {"TPCB_SMTP_HOST": "127.0.0.1", "TPCB_SMTP_PORT": str(port),
                           "TPCB_SMTP_USER": "tpcb", "TPCB_SMTP_PASSWORD": PASSWORD,
                           "TPCB_SMTP_STARTTLS": "false",
                           "TPCB_LOG_JSON": str(json_lines).lower()}.items():
            monkeypatch.setenv(key, value)
        r = cli.ok("tindak-lanjut", "pengingat", "--tanggal", "2026-03-10", "--format", "json")
    assert json.loads(r.out)["gagal"] == 1 and box.messages == []
    assert PASSWORD not in r.out + r.err and "Email ke" not in r.err
    logged = log_text(tmp_path / "home")
    assert PASSWORD not in logged
    assert "Login ke server SMTP 127.0.0.1" in logged and "SMTPAuthenticationError" in logged
    if json_lines:
        records = [json.loads(line) for line in logged.splitlines()]
        assert any(r["logger"] == "storage.notify" and r["level"] == "ERROR" for r in records)
