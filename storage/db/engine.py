"""Engine construction: SQLite tuned for several processes, PostgreSQL as is."""

from __future__ import annotations

import time

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DisconnectionError
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
PING_IDLE_S = 5.0  # a pooled PostgreSQL connection idle this long is checked before use
_LAST_USED = "tpcb_terakhir_dipakai"
BUSY_TIMEOUT_MS = 30000  # how long a SQLite statement waits for another process's write lock


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        memory = make_url(url).database in (None, "", ":memory:")  # one connection per thread
        pool = {} if memory else {"pool_size": POOL_SIZE, "max_overflow": MAX_OVERFLOW}
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **pool)
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_size=POOL_SIZE, max_overflow=MAX_OVERFLOW)
        _ping_after_idle(engine)
    galat.install(engine)
    return engine


def _ping_after_idle(engine: Engine) -> None:
    """Check a pooled PostgreSQL connection before use only when it sat idle for PING_IDLE_S:
    that is when a server restart or a dropped idle connection can have killed it unseen. A
    dead one is replaced (the pool tries a new connection). SQLAlchemy's `pool_pre_ping` pinged
    on every checkout: one more round trip per web request, for connections used a moment ago."""

    @event.listens_for(engine, "checkin")
    def _returned(dbapi_conn, record) -> None:
        record.info[_LAST_USED] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _taken(dbapi_conn, record, proxy) -> None:
        last = record.info.get(_LAST_USED)
        if last is None or time.monotonic() - last < PING_IDLE_S:
            return
        try:
            engine.dialect.do_ping(dbapi_conn)
        except Exception as exc:  # noqa: BLE001 - any failure: the pool opens a fresh connection
            raise DisconnectionError(f"koneksi PostgreSQL mati sesudah menganggur: {exc}") from exc


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # WAL lets readers work while a writer commits; busy_timeout makes concurrent writers wait
    # instead of failing at once with "database is locked".
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()
