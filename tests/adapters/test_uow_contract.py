"""One contract for every unit of work: the same scenarios on the in-memory fakes (tests/fakes.py)
and on SqlUnitOfWork over SQLite and PostgreSQL.

What a unit staged is stored when it ends and dropped when it raises; a step is stored when it
ends; a step inside a step is part of it; a refused commit runs the compensation hooks and leaves
the unit usable; a commit whose outcome is unknown does not; letter counters move with their step.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event

from evidence import master_save
from evidence.catalogue import load_catalogue
from evidence.errors import Conflict, DatabaseUnavailable
from evidence.records import Artefact
from evidence.registry import FileRequest, file_artefact
from storage.db.engine import make_engine
from storage.db.migrate import upgrade
from storage.db.uow import SqlUnitOfWork
from tests.fakes import FakeRepo, FakeStore, FakeUnitOfWork
from tests.pg import pg_schema_url
from tests.samples import anggota, office, pdf_bytes, puskesmas

CAT = load_catalogue()
MB = 1024 * 1024


class Fakes:
    def __init__(self):
        self.repo = FakeRepo()  # what the fake database holds, shared by every unit

    def unit(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self.repo)

    def break_next_commit(self, uow, error: BaseException) -> None:
        uow.fail_commit = error


class Sql:
    def __init__(self, url: str):
        self.engine = make_engine(url)
        upgrade(self.engine)

    def unit(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine)

    def break_next_commit(self, uow, error: BaseException) -> None:
        def refuse(session):
            raise error

        event.listen(uow.repo.session, "before_commit", refuse, once=True)


@pytest.fixture(params=["fakes", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request, tmp_path):
    if request.param == "fakes":
        yield Fakes()
    elif request.param == "sqlite":
        sql = Sql(f"sqlite:///{tmp_path / 'tpcb.db'}")
        yield sql
        sql.engine.dispose()
    else:
        with pg_schema_url() as url:
            sql = Sql(url)
            yield sql
            sql.engine.dispose()


def seed(db) -> None:
    with db.unit() as uow:
        master_save.save_office(uow.repo, office())
        master_save.save_puskesmas(uow.repo, [puskesmas("PKM-A")])


def request(data: bytes, name: str = "ruk.pdf", **kw) -> FileRequest:
    return FileRequest(data=data, filename=name, item_id="e-r1", pemilik="PKM-A", tahun=2026,
                       tanggal=date(2026, 3, 1), status="final", **kw)


def codes(db) -> list[str]:
    with db.unit() as uow:
        return [p.kode for p in uow.repo.all_puskesmas()]


# -- add, get, replace --------------------------------------------------------------------------
def test_what_a_unit_staged_is_stored_when_it_ends(db):
    seed(db)
    with db.unit() as uow:
        assert uow.repo.office().kode_wilayah == office().kode_wilayah
        assert uow.repo.puskesmas("PKM-A").nama == puskesmas("PKM-A").nama
    assert codes(db) == ["PKM-A"]


def test_replace_keeps_only_the_new_list(db):
    seed(db)
    with db.unit() as uow:
        master_save.replace_tim(uow.repo, [anggota(["PKM-A"], nip="1" * 18)])
    with db.unit() as uow:
        master_save.replace_tim(uow.repo, [anggota(["PKM-A"], nip="2" * 18),
                                           anggota(["PKM-A"], nip="3" * 18)])
    with pytest.raises(RuntimeError), db.unit() as uow:
        master_save.replace_tim(uow.repo, [])
        raise RuntimeError("gagal di tengah")
    with db.unit() as uow:
        assert sorted(m.nip for m in uow.repo.tim()) == ["2" * 18, "3" * 18]


def test_filing_stores_object_and_row_and_a_revision_replaces_both(db):
    seed(db)
    store = FakeStore()
    with db.unit() as uow:
        first = file_artefact(uow, store, CAT, request(pdf_bytes(1)), max_bytes=MB).artefact.kunci
    with db.unit() as uow:
        rev = file_artefact(uow, store, CAT, request(pdf_bytes(2), "ruk_v2.pdf", sumber="ruk.pdf",
                                                     replace=True), max_bytes=MB)
    assert rev.outcome == "revisi" and rev.artefact.revisi == 2
    assert set(store.objects) == {rev.artefact.kunci} and first not in store.objects
    with db.unit() as uow:
        rows = uow.repo.artefacts()
        assert [(r.kunci, r.revisi) for r in rows] == [(rev.artefact.kunci, 2)]


# -- commit at exit, rollback on error, steps ------------------------------------------------------
def test_an_error_in_the_unit_stores_nothing(db):
    with pytest.raises(RuntimeError), db.unit() as uow:
        master_save.save_office(uow.repo, office())
        master_save.save_puskesmas(uow.repo, [puskesmas("PKM-A")])
        raise RuntimeError("gagal")
    with db.unit() as uow:
        assert uow.repo.office() is None and uow.repo.all_puskesmas() == []


def test_a_step_is_stored_when_it_ends_and_what_follows_is_dropped_on_error(db):
    seed(db)
    with pytest.raises(RuntimeError), db.unit() as uow:
        with uow.step():
            master_save.save_puskesmas(uow.repo, [puskesmas("PKM-B")])
        master_save.save_puskesmas(uow.repo, [puskesmas("PKM-C")])
        raise RuntimeError("gagal")
    assert codes(db) == ["PKM-A", "PKM-B"]


def test_a_step_inside_a_step_is_part_of_it(db):
    seed(db)
    with db.unit() as uow, pytest.raises(RuntimeError):
        with uow.step():
            with uow.step():
                master_save.save_puskesmas(uow.repo, [puskesmas("PKM-B")])
            raise RuntimeError("langkah luar gagal")
    assert codes(db) == ["PKM-A"]


def test_after_commit_runs_once_stored_and_never_when_dropped(db):
    seed(db)
    calls = []
    with db.unit() as uow:
        uow.after_commit(lambda: calls.append("disimpan"))
        with pytest.raises(RuntimeError), uow.step():
            raise RuntimeError("gagal")
        assert calls == []
        uow.after_commit(lambda: calls.append("disimpan"))
        with uow.step():
            master_save.save_puskesmas(uow.repo, [puskesmas("PKM-B")])
        assert calls == ["disimpan"]
    assert calls == ["disimpan"]


# -- a refused commit, a commit with an unknown outcome -------------------------------------------
def test_a_refused_commit_runs_the_compensation_and_the_unit_goes_on(db):
    seed(db)
    store = FakeStore()
    with db.unit() as uow:
        file_artefact(uow, store, CAT, request(pdf_bytes(1)), max_bytes=MB)
    undone = []
    with db.unit() as uow:
        uow.on_failure(undone.append)
        with pytest.raises(Conflict), uow.step():  # the same natural key, another object key
            uow.repo.add(Artefact(kunci="99.01/lain.pdf", tahun=2026, pemilik="PKM-A", ep="e",
                                  item_id="e-r1", jenis="R", sumber="ruk.pdf", nama_berkas="lain.pdf",
                                  status="final", tanggal=date(2026, 3, 1), sha256="0" * 64,
                                  ukuran=1, content_type="application/pdf"))
        assert [type(e) for e in undone] == [Conflict]
        with uow.step():
            master_save.save_puskesmas(uow.repo, [puskesmas("PKM-B")])
    assert codes(db) == ["PKM-A", "PKM-B"]
    with db.unit() as uow:
        assert len(uow.repo.artefacts()) == 1


def test_a_commit_certainly_refused_removes_the_object_just_written(db):
    seed(db)
    store = FakeStore()
    with db.unit() as uow:
        db.break_next_commit(uow, DatabaseUnavailable("penuh", "Disk basis data penuh."))
        with pytest.raises(DatabaseUnavailable) as caught:
            file_artefact(uow, store, CAT, request(pdf_bytes(1)), max_bytes=MB)
    assert caught.value.pasti_gagal and store.objects == {}
    with db.unit() as uow:
        assert uow.repo.artefacts() == []


def test_a_commit_with_an_unknown_outcome_runs_no_compensation(db):
    seed(db)
    store = FakeStore()
    with db.unit() as uow:
        db.break_next_commit(uow, DatabaseUnavailable("tidak_terhubung", "Sambungan putus.",
                                                      pasti_gagal=False))
        with pytest.raises(DatabaseUnavailable) as caught:
            file_artefact(uow, store, CAT, request(pdf_bytes(1)), max_bytes=MB)
    assert not caught.value.pasti_gagal
    assert len(store.objects) == 1  # left for `tpcb storage reconcile`: the row may exist


def test_a_clash_with_a_concurrent_filing_keeps_their_object(db):
    """The hook of a new object never removes it after a clash: the same key is the winner's."""
    seed(db)
    store = FakeStore()
    with db.unit() as uow:
        db.break_next_commit(uow, Conflict("kunci ganda"))
        with pytest.raises(Conflict):
            with uow.step():
                file_artefact(uow, store, CAT, request(pdf_bytes(1)), max_bytes=MB)
    assert len(store.objects) == 1


# -- counters -------------------------------------------------------------------------------------
def test_letter_numbers_move_with_their_step(db):
    with db.unit() as uow:
        with uow.step():
            assert uow.repo.next_urut(2026, "st") == 1
        with pytest.raises(RuntimeError), uow.step():
            assert uow.repo.next_urut(2026, "st") == 2
            raise RuntimeError("surat gagal dirender")
        with uow.step():
            assert uow.repo.next_urut(2026, "st") == 2  # the dropped number came back
            uow.repo.kembalikan_urut(2026, "st")  # and a number given back is taken again
        assert uow.repo.next_urut(2026, "lain") == 1  # each series counts on its own
    with db.unit() as uow:
        assert uow.repo.next_urut(2026, "st") == 2
        assert uow.repo.next_urut(2026, "lain") == 2
