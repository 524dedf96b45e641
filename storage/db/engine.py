"""Engine construction: SQLite tuned for several processes, PostgreSQL as is."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import create_engine

from storage.db import galat

# One engine serves a whole process (tpcb.wiring.shared_engine). Every Prefect task thread (at
# most flows._common.TASK_THREADS per flow run) may hold a connection at once, so the pool may
# grow to 40 instead of making a task wait for another's connection; idle extras are closed, only
# POOL_SIZE stay open. POOL_SIZE covers the web service's requests running at once
# (tpcb.web.lalu_lintas.SERENTAK, 24): a connection opened and closed per request costs a
# PostgreSQL backend process each time. With `tpcb serve --workers N` that is up to N x 40
# connections (PostgreSQL allows 100 by default).
POOL_SIZE, MAX_OVERFLOW = 24, 16
BUSY_TIMEOUT_MS = 30000  # how long a SQLite statement waits for another process's write lock


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        memory = make_url(url).database in (None, "", ":memory:")  # one connection per thread
        pool = {} if memory else {"pool_size": POOL_SIZE, "max_overflow": MAX_OVERFLOW}
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **pool)
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE,
                               max_overflow=MAX_OVERFLOW)
    galat.install(engine)
    return engine


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # WAL lets readers work while a writer commits; busy_timeout makes concurrent writers wait
    # instead of failing at once with "database is locked".
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()
