"""Every flow bounds its task threads, and the bound fits the connection pool.

Prefect's default thread pool has no bound: a flow mapping 140 batches ran 140 threads that all
wanted a database connection, and past the pool they timed out (seen at 500 Puskesmas)."""

from __future__ import annotations

import importlib
import pkgutil

import flows
from flows._common import TASK_THREADS
from storage.db.engine import MAX_OVERFLOW, POOL_SIZE


def _flows():
    for info in pkgutil.iter_modules(flows.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"flows.{info.name}")
        yield from (v for v in vars(module).values()
                    if type(v).__name__ == "Flow" and v.__module__ == module.__name__)


def test_every_flow_has_a_bounded_thread_pool():
    found = {f.name: f.task_runner._max_workers for f in _flows()}
    assert len(found) >= 11, found
    assert set(found.values()) == {TASK_THREADS}, found


def test_two_connections_per_task_thread_fit_the_pool():
    assert 2 * TASK_THREADS <= POOL_SIZE + MAX_OVERFLOW
