"""The markers of tests/markers.py: set from what a test uses, and enforced when it runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests import markers
from tests.waiting import wait_until

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def marks() -> dict[str, set[str]]:
    """Node id -> markers of every test `pytest --collect-only -m "postgres or s3 or slow"`
    selects: a separate process with the real hook and conftests, nothing from this run."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "TPCB_MARKER_AUDIT"))}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                           "-p", "tests.markers", "-m", "postgres or s3 or slow"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    rows = [line.removeprefix("TANDA ").rsplit(" ", 1) for line in done.stdout.splitlines()
            if line.startswith("TANDA ")]  # node ids may hold spaces, the marker list never does
    return {node: set(got.split(",")) for node, got in rows}


def selected(marks: dict[str, set[str]], marker: str) -> set[str]:
    return {node for node, got in marks.items() if marker in got}


def test_every_postgres_test_is_selected_by_its_marker(marks):
    pg = selected(marks, "postgres")
    assert len(pg) > 20
    assert "tests/adapters/test_database.py::test_master_data_round_trip[postgres]" in pg
    assert "tests/adapters/test_database.py::test_master_data_round_trip[sqlite]" not in marks
    assert "tests/e2e/test_cli_registry.py::test_whole_registry_on_both_backends[postgres+s3]" in pg
    # tests that open PostgreSQL themselves, and a module fixture that does
    assert any(n.startswith("tests/adapters/test_galat_db.py::test_a_connection_killed") for n in pg)
    assert any(n.startswith("tests/web/test_web_pg.py::") for n in pg)
    assert not any(n.startswith("tests/unit/") for n in marks)  # (this file does not run soffice)


def test_s3_and_slow_markers_follow_the_fixtures(marks):
    s3, slow = selected(marks, "s3"), selected(marks, "slow")
    assert "tests/adapters/test_object_stores.py::test_put_get_stat_round_trip[s3]" in s3
    assert "tests/adapters/test_object_stores.py::test_put_get_stat_round_trip[local]" not in marks
    hostile = [n for n in s3 if n.startswith("tests/web/test_hostile.py::")]
    assert len(hostile) > 20 and all("postgres+s3" in n for n in hostile)  # SQLite starts no weed
    # the Prefect harness (autouse in tests/flows) and LibreOffice make a test slow
    assert "tests/flows/test_siklus.py::test_a_stage_alone_is_idempotent_too" in slow
    assert "tests/adapters/test_pdf.py::test_a_page_break_gives_two_pages" in slow
    assert "tests/adapters/test_pdf.py::test_garbage_is_refused_before_soffice_runs" not in marks


def test_backend_parameters_are_read_by_word():
    assert markers._param_words("postgres+s3") == {"postgres", "s3"}
    assert markers._param_words("sqlite+local") == {"sqlite", "local"}
    assert markers._param_words(3) == set()


def test_a_test_using_postgres_without_the_marker_fails_with_the_reason():
    unmarked = SimpleNamespace(nodeid="tests/x.py::test_y", get_closest_marker=lambda name: None)
    markers.set_current(unmarked)
    try:
        with pytest.raises(pytest.fail.Exception, match="tidak bertanda 'postgres'"):
            markers.expect_marker("postgres", "PostgreSQL")
    finally:
        markers.set_current(None)
    markers.expect_marker("postgres", "PostgreSQL")  # outside a test (bench/): no check


def test_wait_until_returns_the_value_or_says_what_did_not_happen():
    calls = iter([0, None, "siap"])
    assert wait_until(lambda: next(calls), timeout=5, interval=0) == "siap"
    with pytest.raises(AssertionError, match=r"tidak terjadi dalam 0 s: server hidup\nlog: kosong"):
        wait_until(lambda: False, timeout=0, what="server hidup", detail=lambda: "log: kosong")


def test_the_real_libreoffice_in_an_unmarked_test_body_fails_before_it_starts(tmp_path):
    from doc_templates import pdf

    real = markers.real_soffice()
    if real is None:
        pytest.skip("soffice tidak terpasang")
    unmarked = SimpleNamespace(nodeid="tests/x.py::test_y", get_closest_marker=lambda name: None)
    markers.set_current(unmarked, "call")
    try:
        with pytest.raises(pytest.fail.Exception, match="tidak bertanda 'slow'"):
            pdf._run(real, [], tmp_path, tmp_path / "profil", 1)
        fake = tmp_path / "soffice"
        fake.write_text("#!/bin/sh\nexit 0\n")
        fake.chmod(0o755)
        assert pdf._run(str(fake), [], tmp_path, tmp_path / "profil", 5) == ""  # fakes are not slow
    finally:
        markers.set_current(None)
