"""What every stage flow shares: adapters per task (on the process's one engine), retries on
transient faults, batching, progress on Prefect's run logger, and the summary artifact."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypedDict, TypeVar

from prefect import get_run_logger, task, unmapped
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import MissingContextError
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner

from evidence.errors import DatabaseUnavailable
from evidence.jam import hari_ini
from evidence.siklus.penetapan import puskesmas_terdaftar
from evidence.siklus.ports import Ctx
from flows._shard import pilih_puskesmas
from storage.errors import StorageUnavailable
from tpcb import logconfig
from tpcb.wiring import build_app

RETRY_DELAYS: list[float] = [1, 2, 4]


# Task threads of one flow run. Prefect's own default has no bound, so mapping 140 batches ran
# 140 threads, each wanting a database connection: past the pool (storage.db.engine, 24 + 16) the
# rest timed out after 30 s ("QueuePool limit ... reached") at 500 Puskesmas. Tasks here wait on
# the database, S3 and LibreOffice (itself one per core, doc_templates.pdf), so 8 keep two cores
# busy with every task holding at most its connections well inside the pool.
TASK_THREADS = 8


def task_runner() -> Any:  # Prefect's flow() stub wants TaskRunner[PrefectFuture]; this is one
    return ThreadPoolTaskRunner(max_workers=TASK_THREADS)


def tahun_ini(tahun: int | None) -> int:
    """The cycle year: as given, or the current year in Jakarta (for scheduled runs)."""
    return tahun if tahun is not None else hari_ini().year


def run_log() -> logging.Logger | logging.LoggerAdapter:
    """Prefect's run logger (shown in the Prefect UI, and in TPCB_HOME/log with tpcb's own
    records); outside a run (a step called directly), the module's logger."""
    logconfig.configure()
    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger(__name__)


def worth_retrying(exc: BaseException) -> bool:
    """By type only: the adapters translate every library error at their boundary. A storage or
    a database outage is worth another try, unless the database says it never will be
    (DatabaseNotSetUp, read-only: `sementara` False); a refused input or a bad template is final."""
    if isinstance(exc, StorageUnavailable):
        return True
    if isinstance(exc, DatabaseUnavailable):
        return exc.sementara
    return isinstance(exc, ConnectionError | TimeoutError)  # a socket that broke outside them


def transient(task, task_run, state) -> bool:
    """Prefect's retry condition: retry what `worth_retrying` says, and log the decision."""
    try:
        state.result()
    except Exception as exc:  # noqa: BLE001 - every failure is classified, none is swallowed
        again = worth_retrying(exc)
        run_log().warning("Task %s gagal (%s): %s%s", task_run.name, type(exc).__name__, exc,
                          "; diulang" if again else "; tidak diulang")
        return again
    return False


class Retry(TypedDict):
    """The retry options of every task (typed, so that `@task(**RETRY)` is checked)."""

    retries: int
    retry_delay_seconds: list[float]
    retry_condition_fn: Callable[[Any, Any, Any], bool]


RETRY = Retry(retries=len(RETRY_DELAYS), retry_delay_seconds=RETRY_DELAYS,
              retry_condition_fn=transient)


@contextmanager
def ctx() -> Iterator[Ctx]:
    """Adapters are built inside the task from settings: tasks take ids and strings only. The
    engine (and its pool) is the process's one, shared by every task (tpcb.wiring)."""
    logconfig.configure()
    with build_app().ctx() as c:
        yield c


def _puskesmas_codes(kode: str | None = None) -> list[str]:
    """The codes a run takes: all, one code, codes separated by commas, or a part `i/n`
    (flows._shard); an unknown code is refused before anything is made."""
    with ctx() as c:
        return pilih_puskesmas(puskesmas_terdaftar(c), kode)


# A task, so that a dropped database connection is retried like every other step instead of
# failing the whole cycle at the flow level.
puskesmas_codes = task(name="daftar_puskesmas", cache_policy=NO_CACHE, **RETRY)(_puskesmas_codes)


T = TypeVar("T")  # what is batched: kode Puskesmas, or ids


def batches(codes: list[T], size: int) -> list[list[T]]:
    size = max(1, size)
    return [codes[i:i + size] for i in range(0, len(codes), size)]


def per_puskesmas(step: Callable[[Ctx, int, str], Any], tahun: int, codes: list[str]) -> list[dict]:
    """Run one use case for each Puskesmas of a batch; one row per Puskesmas for the summary."""
    rows, log, name = [], run_log(), getattr(step, "__name__", "langkah")
    with ctx() as c:
        for kode in codes:
            result = step(c, tahun, kode)
            rows.append({"puskesmas": kode, **(result or {})})
            log.info("%s %s: %s", name, kode, rows[-1])
    return rows


def run_batches(step, tahun: int, kode: str | None, ukuran_batch: int) -> list[dict]:
    """Map a per-Puskesmas step over batches of Puskesmas (a task per batch)."""
    groups = batches(puskesmas_codes(kode), ukuran_batch)
    run_log().info("%s %s: %d Puskesmas dalam %d batch", flow_run.flow_name or "tahap", tahun,
                   sum(map(len, groups)), len(groups))
    futures = step.map(unmapped(tahun), groups)
    return [row for f in futures for row in f.result()]


def status_row(kode: str, made: dict[str, object], missing: list[str]) -> dict:
    """One summary row: what exists now (number or status) and what input is still missing."""
    row: dict[str, object] = {"puskesmas": kode}
    for name, value in made.items():
        row[name] = "-" if value is None else value
    row["kurang"] = "; ".join(missing) if missing else "-"
    run_log().info("Puskesmas %s: %s; kurang: %s", kode,
                   ", ".join(f"{k} {v}" for k, v in row.items() if k not in ("puskesmas", "kurang")),
                   row["kurang"])
    return row


def publish(key: str, title: str, rows: list[dict]) -> None:
    """A table artifact of what the flow produced and what is still missing."""
    run_log().info("%s: %d baris ringkasan", title, len(rows))
    if rows:
        create_table_artifact(key=key, table=rows, description=title)
