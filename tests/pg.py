"""PostgreSQL for tests: a fresh schema per test on the machine's server (127.0.0.1:5432, trust).

When no server answers, tests skip with the reason, except under CI=true, where that is a failure.
Names made here carry the pytest-xdist worker (gw0, gw1, ...; "main" without xdist), so parallel
workers never share a schema or database and a leftover says which worker left it.
"""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text

PG_URL = os.environ.get("TPCB_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def pg_available() -> str | None:
    """None when reachable, else the reason."""
    try:
        engine = create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any failure to connect is a reason to skip
        return f"PostgreSQL tidak dapat dihubungi di {PG_URL}: {type(exc).__name__}"


def worker_id() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def unique_name(prefix: str) -> str:
    """A schema or database name no other test, worker or run uses: prefix_worker_random."""
    return f"{prefix}_{worker_id()}_{uuid.uuid4().hex[:12]}"


def require_pg() -> None:
    from tests.markers import expect_marker

    expect_marker("postgres", "PostgreSQL")
    reason = pg_available()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true mewajibkan PostgreSQL: {reason}")
    pytest.skip(reason)


@contextmanager
def pg_schema_url():
    """A URL whose connections use a fresh, private schema; the schema is dropped afterwards."""
    require_pg()
    schema = unique_name("t")
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
