"""Data for the province benchmark: a throwaway PostgreSQL database per run, a kabupaten of N
synthetic Puskesmas with a year's inputs (bench.cycle.prepare, on PostgreSQL + S3), and the sizes
of what is stored."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text

from bench._proc import uninterrupted
from tests.pg import PG_URL


def db_url(name: str, driver: str = "psycopg") -> str:
    return f"{PG_URL.rsplit('/', 1)[0]}/{name}".replace("postgresql+psycopg", f"postgresql+{driver}")


@contextlib.contextmanager
def database(prefix: str) -> Iterator[str]:
    """A fresh database named `prefix_<random>` on 127.0.0.1:5432, dropped (FORCE) afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield name
    finally:
        with uninterrupted(), admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def db_bytes(name: str) -> int:
    engine = create_engine(PG_URL)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("select pg_database_size(:n)"), {"n": name}).scalar_one())
    finally:
        engine.dispose()


def bucket_bytes(client, bucket: str) -> tuple[int, int]:
    """(objects, bytes) of every stored version in the bucket (what the disk holds)."""
    if not client.bucket_exists(bucket):
        return 0, 0
    count = size = 0
    for obj in client.list_objects(bucket, recursive=True, include_version=True):
        if not obj.is_dir and not obj.is_delete_marker:
            count += 1
            size += obj.size or 0
    return count, size


def seed(home: Path, n: int, tpcb_env: dict[str, str]) -> list[str]:
    """A kabupaten of n Puskesmas with every input of the year recorded (as the demo does),
    written to the database and bucket named in `tpcb_env`."""
    from bench.cycle import prepare
    from tpcb.wiring import dispose_engines

    os.environ.update(tpcb_env)
    _, kodes = prepare(home, n)
    dispose_engines()
    return kodes


def documents() -> int:
    """The artefacts (stored documents and their revisions' rows) of 2026 in the current database."""
    from tpcb.settings import get_settings
    from tpcb.wiring import build_app, dispose_engines

    get_settings.cache_clear()
    app = build_app()
    with app.repo() as repo:
        count = len(repo.artefacts(tahun=2026))
    dispose_engines()
    return count


def number_sk(tahun: int) -> None:
    """The Dinkes numbers (signs) the SK TPCB after penetapan, as `tpcb surat nomor` does: the
    surat tugas of penugasan cite its number, so without it penugasan makes nothing."""
    from datetime import date

    from evidence.letters import beri_nomor
    from tpcb.settings import get_settings
    from tpcb.wiring import build_app, dispose_engines

    get_settings.cache_clear()
    app = build_app()
    with app.uow() as uow:
        sk = uow.repo.surat_by_source("sk_tpcb", f"sk_tpcb:{tahun}")
        if sk is None:
            raise RuntimeError(f"SK TPCB {tahun} belum ada setelah penetapan")
        if sk.nomor is None:
            beri_nomor(uow, app.store, app.catalogue, app.render, f"draf-{sk.id}", tanggal=sk.tanggal,
                       today=date(tahun, 11, 1), max_bytes=app.settings.max_upload_bytes)
    dispose_engines()


@dataclass
class Sizes:
    documents: int
    db: int
    objects: int
    object_bytes: int

    @classmethod
    def now(cls, db_name: str, client, bucket: str) -> Sizes:
        return cls(documents(), db_bytes(db_name), *bucket_bytes(client, bucket))
