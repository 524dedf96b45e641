"""Follow-up tasks and reminders on SQLite and on the machine's PostgreSQL."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event

from evidence import master_save
from evidence.catalogue import load_catalogue
from evidence.errors import Conflict, DatabaseUnavailable, InputError
from evidence.pengingat import deliver, due_reminders, enqueue
from evidence.records.siklus import Notifikasi, TindakLanjut
from evidence.tindak_lanjut import create_tasks, list_tasks, tasks_from_pembinaan, update_status
from storage.db.repo_siklus import SiklusRepository
from storage.db.repository import SqlRepository
from tests.adapters.conftest import new_repo, new_uow
from tests.fakes import FakeStore
from tests.samples import office, pdf_bytes, puskesmas

MB = 1024 * 1024
CAT = load_catalogue()
TODAY = date(2026, 3, 12)
FINDINGS = [{"area": "Manajemen", "temuan": "SK tim mutu kedaluwarsa", "rekomendasi": "Perbarui SK"},
            {"area": "UKP", "temuan": "Insiden belum dilaporkan", "batas_waktu": "2026-03-01"},
            {"area": "UKM", "temuan": "Cakupan K4 rendah", "batas_waktu": "2026-03-19"}]


Repo = SqlRepository  # inherits the SiklusRepository queries
assert issubclass(Repo, SiklusRepository)


@pytest.fixture
def srepo(uow):
    with uow.step():
        master_save.save_office(uow.repo, office())
        master_save.save_puskesmas(uow.repo, [puskesmas("PKM-A", email="pkm-a@contoh.go.id"),
                                              puskesmas("PKM-B")])
    return uow.repo


def change(engine, store, task_id, status, **kw):
    """A status change as one command does it: a unit of work of its own."""
    with new_uow(engine) as uow:
        return update_status(uow, store, CAT, task_id, status, **kw)


def pembinaan(kode="PKM-A", nomor="440/7/2026"):
    return tasks_from_pembinaan(FINDINGS, puskesmas=kode, tahun=2026, nomor_surat=nomor,
                                batas_waktu=date(2026, 3, 31))


def test_create_tasks_is_idempotent_in_the_database(engine, uow, srepo):
    first = create_tasks(uow, pembinaan())
    assert all(t.id for t in first)
    with new_uow(engine) as unit:
        other = unit.repo
        again = create_tasks(unit, pembinaan())
        assert [t.id for t in again] == [t.id for t in first]
        assert len(other.tindak_lanjut_list()) == 3
        assert other.tindak_lanjut_by_asal("pembinaan:440/7/2026:2").masalah == "Insiden belum dilaporkan"
        assert other.tindak_lanjut_by_asal("tidak-ada") is None


def test_the_database_refuses_a_second_row_with_the_same_asal(uow, srepo):
    (t,) = create_tasks(uow, pembinaan()[:1])
    with pytest.raises(Conflict), uow.step():
        srepo.add(TindakLanjut(**t.model_dump(exclude={"id"})))
    assert len(srepo.tindak_lanjut_list()) == 1


def test_create_tasks_survives_a_concurrent_creator(engine, uow, srepo):
    raced = []

    def race(session):  # just before our commit, the other process wins the first task
        raced.append(True)
        with new_uow(engine) as other:
            create_tasks(other, pembinaan()[:1])

    event.listen(srepo.session, "before_commit", race, once=True)
    rows = create_tasks(uow, pembinaan())
    assert raced and len({t.id for t in rows}) == 3
    with new_repo(engine) as other:
        assert len(other.tindak_lanjut_list()) == 3


def test_list_queries_filter_and_order(uow, srepo):
    create_tasks(uow, pembinaan())
    create_tasks(uow, pembinaan("PKM-B", "440/8/2026"))
    rows = srepo.tindak_lanjut_list(puskesmas="PKM-A")
    assert [t.batas_waktu for t in rows] == [date(2026, 3, 1), date(2026, 3, 19), date(2026, 3, 31)]
    assert len(srepo.tindak_lanjut_list(nomor_surat="440/8/2026")) == 3
    assert srepo.tindak_lanjut_list(tahun=2025) == [] and srepo.tindak_lanjut_list(status="selesai") == []
    late = list_tasks(srepo, terlambat=True, today=TODAY)
    assert [(t.puskesmas, t.batas_waktu) for t in late] == [("PKM-A", date(2026, 3, 1)),
                                                           ("PKM-B", date(2026, 3, 1))]


def test_status_changes_and_proof_persist(engine, uow, srepo):
    store = FakeStore()
    t = create_tasks(uow, pembinaan())[0]
    kw = dict(oleh="PJ Mutu", today=TODAY, max_bytes=MB)
    change(engine, store, t.id, "dikerjakan", **kw)
    change(engine, store, t.id, "selesai", bukti=(pdf_bytes(), "bukti.pdf"), **kw)
    when = datetime(2026, 3, 13, 2, 0, tzinfo=UTC)
    change(engine, store, t.id, "diverifikasi", now=when, **{**kw, "oleh": "dr. Ani"})
    with new_repo(engine) as other:
        row = other.tindak_lanjut(t.id)
        assert (row.status, row.diverifikasi_oleh) == ("diverifikasi", "dr. Ani")
        assert row.diverifikasi_pada == when and row.diverifikasi_pada.utcoffset() == timedelta(0)
        art = other.artefact_by_key(row.bukti)
        assert (art.item_id, art.status, art.sumber) == ("h-d1", "final", f"tindak_lanjut:{t.id}:bukti")
        assert row.bukti in store.objects


def test_refused_update_leaves_the_row_and_the_store_untouched(engine, uow, srepo):
    store = FakeStore()
    t = create_tasks(uow, pembinaan())[0]
    change(engine, store, t.id, "dikerjakan", oleh="PJ", today=TODAY, max_bytes=MB)
    with pytest.raises(InputError):
        change(engine, store, t.id, "selesai", oleh="PJ", bukti=(b"bukan pdf", "b.pdf"),
               today=TODAY, max_bytes=MB)
    with new_repo(engine) as other:
        row = other.tindak_lanjut(t.id)
        assert (row.status, row.bukti) == ("dikerjakan", None) and other.artefacts() == []
    assert store.objects == {}


class Recorder:
    def __init__(self):
        self.sent = []

    def send(self, to, subject, body):
        self.sent.append(to)


def test_enqueue_and_deliver_on_the_database(engine, uow, srepo):
    tasks = create_tasks(uow, pembinaan())
    reminders = due_reminders(srepo.tindak_lanjut_list(), TODAY)
    assert [(r.jenis, r.sisa_hari) for r in reminders] == [("terlambat", -11), ("h-7", 7)]
    assert len(enqueue(uow, reminders).dibuat) == 2
    with new_uow(engine) as unit:
        other = unit.repo
        again = enqueue(unit, due_reminders(other.tindak_lanjut_list(), TODAY))
        assert again.dibuat == [] and again.sudah_ada == 2
        assert other.notifikasi_exists(tasks[1].id, TODAY)
        assert not other.notifikasi_exists(tasks[0].id, TODAY)
        assert not other.notifikasi_exists(tasks[1].id, TODAY + timedelta(days=1))
        assert [n.tindak_lanjut_id for n in other.notifikasi_list(tanggal=TODAY)] == [tasks[1].id,
                                                                                       tasks[2].id]
    sender = Recorder()
    now = datetime(2026, 3, 12, 1, 0, tzinfo=UTC)
    assert len(deliver(uow, sender, now=now).sent) == 2
    with new_uow(engine) as unit:
        other = unit.repo
        assert deliver(unit, sender, now=now).sent == [] and len(sender.sent) == 2
        rows = other.notifikasi_list(status="terkirim")
        assert len(rows) == 2 and all(n.terkirim_pada == now for n in rows)
        assert other.notifikasi_list(status="tertunda") == []


def test_a_sent_message_stays_recorded_when_a_later_outcome_cannot_be(engine, uow, srepo):
    create_tasks(uow, pembinaan())
    enqueue(uow, due_reminders(srepo.tindak_lanjut_list(), TODAY))

    def refuse(session):
        raise DatabaseUnavailable("penuh", "Disk basis data penuh.")

    class DiskFullAfterTheFirst(Recorder):
        def send(self, to, subject, body):
            super().send(to, subject, body)
            if len(self.sent) == 2:  # the second outcome cannot be stored
                event.listen(srepo.session, "before_commit", refuse, once=True)

    sender = DiskFullAfterTheFirst()
    now = datetime(2026, 3, 12, 1, 0, tzinfo=UTC)
    with pytest.raises(DatabaseUnavailable):
        deliver(uow, sender, now=now)
    with new_repo(engine) as other:
        assert sorted(n.status for n in other.notifikasi_list()) == ["terkirim", "tertunda"]
    with new_uow(engine) as unit:
        assert len(deliver(unit, sender, now=now).sent) == 1
    assert len(sender.sent) == 3  # the first message is never sent twice


def test_enqueue_race_is_absorbed_by_the_unique_key(engine, uow, srepo):
    create_tasks(uow, pembinaan())
    reminders = due_reminders(srepo.tindak_lanjut_list(), TODAY)
    enqueue(uow, reminders)
    with new_uow(engine) as unit:
        # as if another process inserted between our check and our insert
        unit.repo.notifikasi_exists = lambda tindak_lanjut_id, tanggal: False
        second = enqueue(unit, reminders)
        assert second.dibuat == [] and second.sudah_ada == 2
        assert len(unit.repo.notifikasi_list()) == 2


def test_a_second_notification_for_the_same_task_and_day_is_refused(uow, srepo):
    (t,) = create_tasks(uow, pembinaan()[:1])
    for _ in range(2):
        with contextlib.suppress(Conflict), uow.step():
            srepo.add(Notifikasi(tindak_lanjut_id=t.id, tanggal=TODAY, jenis="h0", penerima="a@b.id",
                                 subjek="s", isi="i"))
    assert len(srepo.notifikasi_list(tindak_lanjut_id=t.id)) == 1
