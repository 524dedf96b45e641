"""What a flows' process shares: one engine for every task, typed retries, the run logger."""

from __future__ import annotations

import logging

from evidence.errors import DatabaseNotSetUp, DatabaseUnavailable, InputError
from flows import _common
from flows._common import worth_retrying
from flows.penetapan import penetapan
from storage.errors import StorageError, StorageUnavailable
from tpcb import logconfig, wiring


def test_retries_are_decided_by_type_never_by_name_or_text():
    assert worth_retrying(StorageUnavailable("127.0.0.1:9000", "koneksi ditolak"))
    assert worth_retrying(DatabaseUnavailable("tidak_terhubung", "putus"))
    assert worth_retrying(ConnectionResetError()) and worth_retrying(TimeoutError())
    assert not worth_retrying(DatabaseNotSetUp("Jalankan dulu: tpcb init"))
    assert not worth_retrying(DatabaseUnavailable("hanya_baca", "baca saja", sementara=False))
    assert not worth_retrying(StorageError("ditolak")) and not worth_retrying(InputError("salah"))

    class OperationalError(Exception):  # a class name or a message is not a type
        pass

    assert not worth_retrying(OperationalError("no such table: surat"))


def test_every_task_of_a_run_uses_the_process_engine(kabupaten, monkeypatch):
    made = []
    real = wiring.make_engine
    monkeypatch.setattr(wiring, "make_engine", lambda url: made.append(url) or real(url))
    engine = kabupaten.app.engine
    penetapan(2026, kabupaten.sk_dir)
    assert made == []  # the kabupaten's engine (built by the fixture) served every task
    with _common.ctx() as c:
        assert c.repo.session.get_bind() is engine


def test_progress_goes_to_the_run_logger_and_the_log_file(kabupaten, caplog):
    caplog.set_level(logging.INFO, logger="prefect")
    penetapan(2026, kabupaten.sk_dir)
    logconfig.reset()  # flush and close the file
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("prefect.flow_runs")]
    assert any(m.startswith("Penetapan TPCB tahun 2026: ") for m in messages)
    assert "Penetapan TPCB tahun 2026: " in (kabupaten.home / "log" / "tpcb.log").read_text()
