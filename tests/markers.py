"""Markers set from what a test uses, so `-m postgres`, `-m s3` and `-m "not slow"` select honestly.

At collection (`mark_items`, called from tests/conftest.py) every item gets

- `postgres` when a fixture of its closure, or the test itself, opens PostgreSQL (calls one of
  PG_CALLS), or when it runs with a backend parameter naming PostgreSQL ("postgres",
  "postgresql", "postgres+s3");
- `s3` when its fixture closure holds the weed server (`s3_server`), or a backend parameter
  names S3 ("s3", "postgres+s3");
- `slow` when a fixture or the test starts LibreOffice, a Prefect server or Chromium (SLOW_CALLS),
  or uses a fixture in SLOW_FIXTURES; switching on the renditions after uploads
  (`rendisi_sesudah_unggah=True`) counts as starting LibreOffice.

A parametrized fixture is judged by its parameter only: `db_url` opens PostgreSQL for its
"postgres" parameter and not for "sqlite", although both branches are in its source.

At run time `expect_marker("postgres", ...)` (called by tests/pg.py for every connection it
hands out), the guarded S3 server and the guarded LibreOffice call (`guard_soffice`) fail a test
that uses the part without carrying its marker, so a new way of reaching PostgreSQL, S3 or
soffice cannot slip past the rules above; such a test gets the marker by hand.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Iterable
from contextlib import contextmanager
from functools import cache

import pytest

PG_CALLS = ("pg_schema_url(", "require_pg(", "pg_s3_web(", "prefect_database(")
SLOW_CALLS = ("find_soffice(", "need_soffice(", "prefect_test_harness(", "webdriver.",
              "rendisi_sesudah_unggah=True")
S3_FIXTURES = frozenset({"s3_server", "s3_store"})
SLOW_FIXTURES = frozenset({"prefect_harness", "soffice", "browser"})
PG_PARAMS = frozenset({"postgres", "postgresql", "pg"})
S3_PARAMS = frozenset({"s3"})

_current: pytest.Item | None = None
_phase: str | None = None


@cache
def _source(func) -> str:
    try:
        return inspect.getsource(inspect.unwrap(func))
    except (OSError, TypeError):
        return ""


def _calls(func, needles: Iterable[str]) -> bool:
    source = _source(func)
    return any(n in source for n in needles)


def _param_words(value) -> set[str]:
    if not isinstance(value, str):
        return set()
    return {w.strip().lower() for w in value.replace("-", "+").split("+")}


def wanted(item: pytest.Item) -> set[str]:
    """The markers `item` must carry, from its fixtures, its parameters and its own source."""
    marks: set[str] = set()
    info = getattr(item, "_fixtureinfo", None)
    fixturenames = set(getattr(item, "fixturenames", ()))
    params = dict(getattr(getattr(item, "callspec", None), "params", {}) or {})
    defs = info.name2fixturedefs if info is not None else {}
    for name in fixturenames:
        if name in S3_FIXTURES:
            marks.add("s3")
        if name in SLOW_FIXTURES:
            marks.add("slow")
        for fixturedef in defs.get(name, ()):
            if fixturedef.params is not None:  # a parametrized fixture: its parameter decides
                words = _param_words(params.get(name))
                if words & PG_PARAMS:
                    marks.add("postgres")
                if words & S3_PARAMS:
                    marks.add("s3")
                continue
            if _calls(fixturedef.func, PG_CALLS):
                marks.add("postgres")
            if _calls(fixturedef.func, SLOW_CALLS):
                marks.add("slow")
    func = getattr(item, "function", None)
    if func is not None:
        if _calls(func, PG_CALLS):
            marks.add("postgres")
        if _calls(func, SLOW_CALLS):
            marks.add("slow")
    return marks


def mark_items(items: list[pytest.Item]) -> None:
    for item in items:
        for name in sorted(wanted(item)):
            if item.get_closest_marker(name) is None:
                item.add_marker(name)


def set_current(item: pytest.Item | None, phase: str | None = None) -> None:
    global _current, _phase
    _current, _phase = item, phase


def expect_marker(name: str, what: str, *, call_only: bool = False) -> None:
    """Fail the running test when it uses `what` without carrying marker `name`.

    `call_only` checks the test body only, not fixtures: a session fixture (the web tests'
    kabupaten, built once) would otherwise blame whichever test happened to come first.
    With TPCB_MARKER_AUDIT=<file> the miss is appended to the file instead (to survey a run).
    """
    item = _current
    if item is None or item.get_closest_marker(name) is not None or (call_only and _phase != "call"):
        return
    audit = os.environ.get("TPCB_MARKER_AUDIT")
    if audit:
        with open(audit, "a", encoding="utf-8") as out:
            out.write(f"{item.nodeid}\t{name}\t{what}\n")
        return
    pytest.fail(f"{item.nodeid} memakai {what} tetapi tidak bertanda '{name}': tambahkan aturan di "
                f"tests/markers.py (atau @pytest.mark.{name})", pytrace=False)


def real_soffice() -> str | None:
    from doc_templates import pdf

    return pdf.find_soffice()


@contextmanager
def current(item: pytest.Item, phase: str):
    """`item` is running `phase` (setup, call, teardown) while the block runs."""
    set_current(item, phase)
    try:
        yield
    finally:
        set_current(None)


def need_soffice(what: str = "tes ini") -> str:
    """LibreOffice's soffice, or skip with the reason; under CI=true a missing soffice fails."""
    exe = real_soffice()
    if exe is None:
        reason = f"soffice (paket libreoffice-writer-nogui) tidak ditemukan; {what} dilewati"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true mewajibkan LibreOffice: {reason}")
        pytest.skip(reason)
    return exe


def guard_soffice() -> None:
    """Every LibreOffice run inside a test body requires the test to be marked `slow`."""
    from doc_templates import pdf

    if getattr(pdf._run, "_guarded", False):
        return
    run = pdf._run
    real = real_soffice()  # fakes (scripts in tmp_path, for error paths) are not slow

    def guarded(exe, *args, **kwargs):
        if real is not None and os.path.realpath(exe) == os.path.realpath(real):
            expect_marker("slow", "LibreOffice (soffice)", call_only=True)
        return run(exe, *args, **kwargs)

    guarded._guarded = True  # type: ignore[attr-defined]
    pdf._run = guarded


class GuardedS3Server:
    """The session's weed server seen by one test: every use checks the test is marked `s3`."""

    def __init__(self, server):
        object.__setattr__(self, "_server", server)

    def __getattr__(self, name: str):
        expect_marker("s3", "server S3 (weed)")
        return getattr(self._server, name)


def pytest_collection_finish(session):
    """With `-p tests.markers`: print each selected item's markers (for tests/unit/test_markers.py)."""
    for item in session.items:
        got = sorted(m for m in ("postgres", "s3", "slow") if item.get_closest_marker(m))
        print(f"TANDA {item.nodeid} {','.join(got) or '-'}")
