from __future__ import annotations

import contextlib

import pytest

from storage.db.engine import make_engine
from storage.db.migrate import upgrade
from storage.db.uow import SqlUnitOfWork
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
def uow(engine):
    """The test's unit of work; what it leaves unstored is dropped at the end (as a closed
    session would)."""
    unit = SqlUnitOfWork(engine).__enter__()
    yield unit
    unit.__exit__(EndOfTest, EndOfTest(), None)


class EndOfTest(Exception):
    pass


@pytest.fixture
def repo(uow):
    return uow.repo


def new_uow(engine) -> SqlUnitOfWork:
    """Another unit of work (another process, or the next command)."""
    return SqlUnitOfWork(engine)


@contextlib.contextmanager
def new_repo(engine):
    """The repository of another unit of work (another process): stored when the block ends."""
    with SqlUnitOfWork(engine) as unit:
        yield unit.repo


@pytest.fixture
def seeded(uow):
    """An office numbering surat tugas as 800.1.11.1/NNN/TPCB/bulan/tahun, and two Puskesmas
    (stored); the test's repository."""
    from evidence import master_save
    from tests.samples import office, puskesmas

    o = office()
    o.penomoran = {"pola": "{kode}/{urut:03d}/{unit}/{bulan_romawi}/{tahun}", "unit": "TPCB",
                   "kode": {"surat_tugas": "800.1.11.1"}}
    with uow.step():
        master_save.save_office(uow.repo, o)
        master_save.save_puskesmas(uow.repo, [puskesmas("PKM-A"), puskesmas("PKM-B")])
    return uow.repo
