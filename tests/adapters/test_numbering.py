"""Letter numbers under concurrency: parallel processes on SQLite and PostgreSQL."""

from __future__ import annotations

import multiprocessing as mp
from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import Session

from evidence.errors import InputError
from evidence.numbering import format_nomor
from evidence.records import DINKES, Surat
from storage.db.engine import make_engine
from storage.db.uow import SqlUnitOfWork
from tests.adapters.conftest import new_repo, new_uow
from tests.samples import office

WORKERS, PER_WORKER = 4, 15


def processes():
    """Real OS processes, started from a fork server that imported this module once: each one
    begins with a clean interpreter state (no inherited connections or threads, as with spawn)
    without paying the app's import time again (~3 s a process on the 2-core machine)."""
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload([__name__])
    return ctx


class RenderGagal(Exception):
    pass


def _allocate(url: str, worker: int, count: int, fail_every: int) -> None:
    engine = make_engine(url)
    for i in range(count):
        try:
            with SqlUnitOfWork(engine) as uow:
                urut = uow.repo.next_urut(2026, "surat_tugas")
                if fail_every and i % fail_every == fail_every - 1:
                    raise RenderGagal  # a letter that failed to render: its number must come back
                uow.repo.add(Surat(nomor=f"ST/{urut}", tahun=2026, jenis="surat_tugas", urut=urut,
                                   tanggal=date(2026, 3, 1), templat="surat_tugas_pembinaan",
                                   sumber=f"w{worker}-{i}", perihal="-", tujuan="-",
                                   penandatangan="-", pemilik=DINKES, item_id="c-d3"))
        except RenderGagal:
            continue
    engine.dispose()


@pytest.mark.parametrize("fail_every", [0, 4])
def test_parallel_processes_get_unique_numbers_without_gaps(engine, db_url, fail_every):
    ctx = processes()
    procs = [ctx.Process(target=_allocate, args=(db_url, w, PER_WORKER, fail_every))
             for w in range(WORKERS)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    with Session(engine) as s:
        numbers = sorted(s.execute(select(Surat.urut)).scalars())
    committed = WORKERS * (PER_WORKER - (PER_WORKER // fail_every if fail_every else 0))
    assert numbers == list(range(1, committed + 1))


def test_counters_are_per_year_and_kind(engine):
    with new_repo(engine) as repo:
        assert [repo.next_urut(2026, "sk") for _ in range(3)] == [1, 2, 3]
        assert repo.next_urut(2026, "surat_tugas") == 1
        assert repo.next_urut(2027, "sk") == 1


def test_pattern_is_office_configuration():
    o = office()
    o.penomoran = {"pola": "{kode}/{urut:03d}/{unit}/{bulan_romawi}/{tahun}", "unit": "PKM-CTG",
                   "kode": {"surat_tugas": "440", "default": "400.7"}}
    assert format_nomor(o, "surat_tugas", 15, date(2018, 1, 9)) == "440/015/PKM-CTG/I/2018"
    assert format_nomor(o, "sk", 7, date(2026, 12, 1)) == "400.7/007/PKM-CTG/XII/2026"
    o.penomoran = {"pola": "{kode}/{urut:04d}", "kode": {"default": "800"}}
    assert format_nomor(o, "sk", 22, date(2026, 3, 1)) == "800/0022"
    o.penomoran = {"pola": "{kode}/{nomor}"}
    with pytest.raises(InputError, match="Pola penomoran"):
        format_nomor(o, "sk", 1, date(2026, 3, 1))


def test_kinds_with_the_same_code_share_a_counter_and_never_collide():
    from evidence.numbering import seri

    o = office()
    o.penomoran = {"pola": "{kode}/{urut:03d}/{unit}/{bulan_romawi}/{tahun}", "unit": "TPCB",
                   "kode": {"surat_tugas": "800.1.11.1", "sk": "400.7", "umpan_balik": "400.7"}}
    assert seri(o, "sk", 2026) == seri(o, "umpan_balik", 2026) == "400.7/#/TPCB/*/2026"
    assert seri(o, "surat_tugas", 2026) != seri(o, "sk", 2026)
    o.penomoran = {"pola": "{kode}/{urut:04d}", "kode": {"default": "800"}}
    assert seri(o, "sk", 2026) == seri(o, "surat_tugas", 2026) == "800/#"


def _number_drafts(url: str, ids: list[int]) -> None:
    """One process giving numbers (on the same day) to its share of the drafts."""
    from evidence.catalogue import load_catalogue
    from evidence.letters import beri_nomor
    from tests.adapters.test_letters import Render
    from tests.fakes import FakeStore

    engine = make_engine(url)
    for id_ in ids:
        with SqlUnitOfWork(engine) as uow:
            beri_nomor(uow, FakeStore(), load_catalogue(), Render(), f"draf-{id_}",
                       tanggal=date(2026, 3, 2), today=date(2026, 12, 1), max_bytes=10**7)
    engine.dispose()


def test_numbering_drafts_in_parallel_is_gapless_and_in_date_order(engine, db_url):
    from evidence import master_save
    from evidence.catalogue import load_catalogue
    from evidence.letters import issue_letter
    from tests.adapters.test_letters import Render, req
    from tests.fakes import FakeStore
    from tests.samples import puskesmas

    with new_uow(engine) as uow:
        o = office()
        o.penomoran = {"pola": "{kode}/{urut:03d}/{tahun}", "kode": {"default": "400.7"}}
        master_save.save_office(uow.repo, o)
        master_save.save_puskesmas(uow.repo, [puskesmas("PKM-A")])
        ids = [issue_letter(uow, FakeStore(), load_catalogue(), Render(), req(f"s{i}"),
                            max_bytes=10**7)[0].id for i in range(WORKERS * 6)]
    ctx = processes()
    procs = [ctx.Process(target=_number_drafts, args=(db_url, ids[w::WORKERS])) for w in range(WORKERS)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(180)
        assert p.exitcode == 0
    with Session(engine) as s:
        rows = list(s.execute(select(Surat.urut, Surat.nomor)).all())
    assert sorted(u for u, _ in rows) == list(range(1, len(ids) + 1))
    assert len({n for _, n in rows}) == len(ids)
