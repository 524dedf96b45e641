from __future__ import annotations

import contextlib

import pytest
from sqlmodel import Session

from storage.db.engine import make_engine
from storage.db.migrate import upgrade
from storage.db.repository import SqlRepository
from tests.pg import pg_schema_url


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tpcb.db'}"
        return
    with pg_schema_url() as url:
        yield url


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def repo(engine):
    with Session(engine, expire_on_commit=False) as session:
        yield SqlRepository(session)


@contextlib.contextmanager
def new_repo(engine):
    with Session(engine, expire_on_commit=False) as session:
        yield SqlRepository(session)


@pytest.fixture
def seeded(repo):
    """An office numbering surat tugas as 800.1.11.1/NNN/TPCB/bulan/tahun, and two Puskesmas."""
    from evidence import master_save
    from tests.samples import office, puskesmas

    o = office()
    o.penomoran = {"pola": "{kode}/{urut:03d}/{unit}/{bulan_romawi}/{tahun}", "unit": "TPCB",
                   "kode": {"surat_tugas": "800.1.11.1"}}
    master_save.save_office(repo, o)
    master_save.save_puskesmas(repo, [puskesmas("PKM-A"), puskesmas("PKM-B")])
    return repo
