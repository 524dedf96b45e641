"""What every stage flow shares: adapters per task, retries on transient faults, batching,
and the summary artifact."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from prefect import task, unmapped
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE

from evidence.errors import DatabaseUnavailable
from evidence.jam import hari_ini
from evidence.siklus.ports import Ctx
from storage.errors import StorageUnavailable
from tpcb.wiring import build_app

RETRY_DELAYS = [1, 2, 4]


def tahun_ini(tahun: int | None) -> int:
    """The cycle year: as given, or the current year in Jakarta (for scheduled runs)."""
    return tahun if tahun is not None else hari_ini().year


def transient(task, task_run, state) -> bool:
    """Retry storage and database outages; a refused input or a bad template is final."""
    try:
        state.result()
    except StorageUnavailable:
        return True
    except DatabaseUnavailable as exc:
        return exc.sementara
    except Exception as exc:  # noqa: BLE001 - classify by name: no SQLAlchemy import in flows
        return type(exc).__name__ in {"OperationalError", "InterfaceError", "ConnectionError",
                                      "MaxRetryError", "TimeoutError"}
    return False


RETRY = dict(retries=len(RETRY_DELAYS), retry_delay_seconds=RETRY_DELAYS,
             retry_condition_fn=transient)


@contextmanager
def ctx() -> Iterator[Ctx]:
    """Adapters are built inside the task from settings: tasks take ids and strings only."""
    with build_app().ctx() as c:
        yield c


def _puskesmas_codes(kode: str | None = None) -> list[str]:
    with ctx() as c:
        codes = [p.kode for p in c.repo.all_puskesmas()]
    if kode is not None:
        if kode not in codes:
            raise ValueError(f"Puskesmas {kode} tidak terdaftar")
        return [kode]
    return codes


# A task, so that a dropped database connection is retried like every other step instead of
# failing the whole cycle at the flow level.
puskesmas_codes = task(name="daftar_puskesmas", cache_policy=NO_CACHE, **RETRY)(_puskesmas_codes)


def batches(codes: list[str], size: int) -> list[list[str]]:
    size = max(1, size)
    return [codes[i:i + size] for i in range(0, len(codes), size)]


def per_puskesmas(step: Callable[[Ctx, int, str], Any], tahun: int, codes: list[str]) -> list[dict]:
    """Run one use case for each Puskesmas of a batch; one row per Puskesmas for the summary."""
    rows = []
    with ctx() as c:
        for kode in codes:
            result = step(c, tahun, kode)
            rows.append({"puskesmas": kode, **(result or {})})
    return rows


def run_batches(step, tahun: int, kode: str | None, ukuran_batch: int) -> list[dict]:
    """Map a per-Puskesmas step over batches of Puskesmas (a task per batch)."""
    futures = step.map(unmapped(tahun), batches(puskesmas_codes(kode), ukuran_batch))
    return [row for f in futures for row in f.result()]


def status_row(kode: str, made: dict[str, object], missing: list[str]) -> dict:
    """One summary row: what exists now (number or status) and what input is still missing."""
    row: dict[str, object] = {"puskesmas": kode}
    for name, value in made.items():
        row[name] = "-" if value is None else value
    row["kurang"] = "; ".join(missing) if missing else "-"
    return row


def publish(key: str, title: str, rows: list[dict]) -> None:
    """A table artifact of what the flow produced and what is still missing."""
    if rows:
        create_table_artifact(key=key, table=rows, description=title)
