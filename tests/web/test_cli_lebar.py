"""At 80 columns the list commands keep what a user copies whole: an artefact key that `artefact
get` needs appears unbroken (cards when the table cannot hold it), `--lebar` prints the table as
wide as its rows, `--format json` carries all of it; through the real `python -m tpcb`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.web.state import DALAM


@pytest.fixture(scope="module")
def home(built, tmp_path_factory):
    path = tmp_path_factory.mktemp("lebar") / "home"
    shutil.copytree(built.home, path)
    return path


def tpcb(home, *args: str, columns: int = 80) -> str:
    env = {**os.environ, "TPCB_HOME": str(home), "COLUMNS": str(columns), "PYTHONPATH": os.getcwd()}
    env.pop("TPCB_DATABASE_URL", None)
    env.pop("TPCB_STORAGE", None)
    done = subprocess.run([sys.executable, "-m", "tpcb", *args], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_artefact_keys_are_whole_at_80_columns(home):
    keys = [a["kunci"] for a in json.loads(tpcb(home, "artefact", "list", "--puskesmas", DALAM,
                                                 "--format", "json"))]
    longest = max(keys, key=len)
    assert len(longest) > 80  # the case that used to be cut with "…"
    out = tpcb(home, "artefact", "list", "--puskesmas", DALAM)
    lines = out.splitlines()
    for key in keys:
        assert key in lines, key  # alone on its line: copy-pasteable as is
    assert "…" not in out and "draf" in out and " draft " not in out
    # and what is copied works
    tpcb(home, "artefact", "get", longest, "--out", str(home / "salinan"))
    assert (home / "salinan").stat().st_size > 0


def test_lebar_prints_one_row_per_artefact_whatever_the_terminal(home):
    keys = [a["kunci"] for a in json.loads(tpcb(home, "artefact", "list", "--puskesmas", DALAM,
                                                 "--format", "json"))]
    out = tpcb(home, "artefact", "list", "--puskesmas", DALAM, "--lebar")
    rows = [line for line in out.splitlines() if line.startswith("│")]
    assert len(rows) == len(keys)
    for key in keys:
        assert sum(key in row for row in rows) == 1
    assert all(len(row) > 80 for row in rows)


def test_wide_terminal_keeps_the_table(home):
    out = tpcb(home, "artefact", "list", "--puskesmas", DALAM, columns=200)
    assert "┃ Kunci" in out and "…" not in out


@pytest.mark.parametrize("args", [("surat", "list"), ("tindak-lanjut", "list"), ("user", "list")])
def test_other_lists_have_json_and_lebar(home, args):
    rows = json.loads(tpcb(home, *args, "--format", "json"))
    assert rows
    out = tpcb(home, *args, "--lebar")
    assert "…" not in out
    if args[0] == "surat":  # the letter numbers `surat show` takes, whole
        numbers = [r["nomor"] for r in rows if r["nomor"]]
        assert numbers and all(any(n in line for line in out.splitlines()) for n in numbers)
        shown = tpcb(home, "surat", "list")
        assert all(any(n in line for line in shown.splitlines()) for n in numbers)


def test_letter_status_filter_takes_draf(home):
    drafts = json.loads(tpcb(home, "surat", "list", "--status", "draf", "--format", "json"))
    assert drafts and {r["status"] for r in drafts} == {"draft"}  # stored value unchanged
    assert json.loads(tpcb(home, "surat", "list", "--status", "draft", "--format", "json")) == drafts


@pytest.mark.parametrize("columns", [80, 100])
def test_completeness_table_cuts_nothing_in_a_narrow_terminal(home, columns):
    """Codes, every EP's marks and grade, and the totals whole; the names listed below it."""
    rows = json.loads(tpcb(home, "completeness", "--format", "json"))["puskesmas"]
    out = tpcb(home, "completeness", columns=columns)
    assert "…" not in out
    assert all(len(line) <= columns for line in out.splitlines())
    for r in rows:
        kode = r["kode"]
        line = next(x for x in out.splitlines() if x.strip().startswith(kode))
        assert line.rstrip().endswith(f"{r['total']}/{r['maksimum']}"), line
        assert f"{kode} = {r['nama']}" in " ".join(out.split())
