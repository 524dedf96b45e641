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


def collect(*args: str) -> list[str]:
    """Node ids `pytest --collect-only -q` selects (a separate process: the real hook, the real
    conftests, nothing from this run)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "COLUMNS", "LINES"))}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                           *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return [line for line in done.stdout.splitlines() if "::" in line]


def test_every_postgres_and_s3_test_is_selected_by_its_marker():
    pg = collect("-m", "postgres")
    assert len(pg) > 20
    assert "tests/adapters/test_database.py::test_master_data_round_trip[postgres]" in pg
    assert "tests/adapters/test_database.py::test_master_data_round_trip[sqlite]" not in pg
    assert "tests/e2e/test_cli_registry.py::test_whole_registry_on_both_backends[postgres+s3]" in pg
    # tests that open PostgreSQL themselves, and a module fixture that does
    assert any(n.startswith("tests/adapters/test_galat_db.py::test_a_connection_killed") for n in pg)
    assert any(n.startswith("tests/web/test_web_pg.py::") for n in pg)
    assert not any(n.startswith("tests/unit/") for n in pg)


def test_s3_and_slow_markers_follow_the_fixtures():
    selected = collect("tests/adapters/test_object_stores.py", "tests/web/test_hostile.py",
                       "tests/flows/test_siklus.py", "tests/adapters/test_pdf.py", "-m", "s3 or slow")
    assert "tests/adapters/test_object_stores.py::test_put_get_stat_round_trip[s3]" in selected
    assert "tests/adapters/test_object_stores.py::test_put_get_stat_round_trip[local]" not in selected
    hostile = [n for n in selected if n.startswith("tests/web/test_hostile.py::")]
    assert hostile and all("postgres+s3" in n for n in hostile)  # SQLite does not start weed
    # the Prefect harness (autouse in tests/flows) and LibreOffice make a test slow
    assert "tests/flows/test_siklus.py::test_a_stage_alone_is_idempotent_too" in selected
    assert "tests/adapters/test_pdf.py::test_a_page_break_gives_two_pages" in selected
    assert "tests/adapters/test_pdf.py::test_garbage_is_refused_before_soffice_runs" not in selected


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

    real = pdf.find_soffice()
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
