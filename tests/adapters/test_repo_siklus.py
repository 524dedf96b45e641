"""Follow-up tasks and reminders on SQLite and on the machine's PostgreSQL."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session

from evidence import master_save
from evidence.catalogue import load_catalogue
from evidence.errors import Conflict, InputError
from evidence.pengingat import deliver, due_reminders, enqueue
from evidence.records.siklus import Notifikasi, TindakLanjut
from evidence.tindak_lanjut import create_tasks, list_tasks, tasks_from_pembinaan, update_status
from storage.db.repo_siklus import SiklusRepository
from storage.db.repository import SqlRepository
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


@contextlib.contextmanager
def new_repo(engine):
    with Session(engine, expire_on_commit=False) as session:
        yield Repo(session)


@pytest.fixture
def srepo(engine):
    with new_repo(engine) as r:
        master_save.save_office(r, office())
        master_save.save_puskesmas(r, [puskesmas("PKM-A", email="pkm-a@contoh.go.id"), puskesmas("PKM-B")])
        yield r


def pembinaan(kode="PKM-A", nomor="440/7/2026"):
    return tasks_from_pembinaan(FINDINGS, puskesmas=kode, tahun=2026, nomor_surat=nomor,
                                batas_waktu=date(2026, 3, 31))


def test_create_tasks_is_idempotent_in_the_database(engine, srepo):
    first = create_tasks(srepo, pembinaan())
    assert all(t.id for t in first)
    with new_repo(engine) as other:
        again = create_tasks(other, pembinaan())
        assert [t.id for t in again] == [t.id for t in first]
        assert len(other.tindak_lanjut_list()) == 3
        assert other.tindak_lanjut_by_asal("pembinaan:440/7/2026:2").masalah == "Insiden belum dilaporkan"
        assert other.tindak_lanjut_by_asal("tidak-ada") is None


def test_the_database_refuses_a_second_row_with_the_same_asal(srepo):
    (t,) = create_tasks(srepo, pembinaan()[:1])
    srepo.add(TindakLanjut(**t.model_dump(exclude={"id"})))
    with pytest.raises(Conflict):
        srepo.commit()
    assert len(srepo.tindak_lanjut_list()) == 1


def test_create_tasks_survives_a_concurrent_creator(engine, srepo):
    class Racing(Repo):
        raced = False

        def commit(self):
            if not self.raced:
                self.raced = True
                with new_repo(engine) as other:  # the other process wins the first task
                    create_tasks(other, pembinaan()[:1])
            super().commit()

    racing = Racing(srepo.session)
    rows = create_tasks(racing, pembinaan())
    assert racing.raced and len({t.id for t in rows}) == 3
    with new_repo(engine) as other:
        assert len(other.tindak_lanjut_list()) == 3


def test_list_queries_filter_and_order(srepo):
    create_tasks(srepo, pembinaan())
    create_tasks(srepo, pembinaan("PKM-B", "440/8/2026"))
    rows = srepo.tindak_lanjut_list(puskesmas="PKM-A")
    assert [t.batas_waktu for t in rows] == [date(2026, 3, 1), date(2026, 3, 19), date(2026, 3, 31)]
    assert len(srepo.tindak_lanjut_list(nomor_surat="440/8/2026")) == 3
    assert srepo.tindak_lanjut_list(tahun=2025) == [] and srepo.tindak_lanjut_list(status="selesai") == []
    late = list_tasks(srepo, terlambat=True, today=TODAY)
    assert [(t.puskesmas, t.batas_waktu) for t in late] == [("PKM-A", date(2026, 3, 1)),
                                                           ("PKM-B", date(2026, 3, 1))]


def test_status_changes_and_proof_persist(engine, srepo):
    store = FakeStore()
    t = create_tasks(srepo, pembinaan())[0]
    kw = dict(oleh="PJ Mutu", today=TODAY, max_bytes=MB)
    update_status(srepo, store, CAT, t.id, "dikerjakan", **kw)
    update_status(srepo, store, CAT, t.id, "selesai", bukti=(pdf_bytes(), "bukti.pdf"), **kw)
    when = datetime(2026, 3, 13, 2, 0, tzinfo=UTC)
    update_status(srepo, store, CAT, t.id, "diverifikasi", now=when, **{**kw, "oleh": "dr. Ani"})
    with new_repo(engine) as other:
        row = other.tindak_lanjut(t.id)
        assert (row.status, row.diverifikasi_oleh) == ("diverifikasi", "dr. Ani")
        assert row.diverifikasi_pada == when and row.diverifikasi_pada.utcoffset() == timedelta(0)
        art = other.artefact_by_key(row.bukti)
        assert (art.item_id, art.status, art.sumber) == ("h-d1", "final", f"tindak_lanjut:{t.id}:bukti")
        assert row.bukti in store.objects


def test_refused_update_leaves_the_row_and_the_store_untouched(engine, srepo):
    store = FakeStore()
    t = create_tasks(srepo, pembinaan())[0]
    update_status(srepo, store, CAT, t.id, "dikerjakan", oleh="PJ", today=TODAY, max_bytes=MB)
    with pytest.raises(InputError):
        update_status(srepo, store, CAT, t.id, "selesai", oleh="PJ", bukti=(b"bukan pdf", "b.pdf"),
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


def test_enqueue_and_deliver_on_the_database(engine, srepo):
    tasks = create_tasks(srepo, pembinaan())
    reminders = due_reminders(srepo.tindak_lanjut_list(), TODAY)
    assert [(r.jenis, r.sisa_hari) for r in reminders] == [("terlambat", -11), ("h-7", 7)]
    assert len(enqueue(srepo, reminders).dibuat) == 2
    with new_repo(engine) as other:
        again = enqueue(other, due_reminders(other.tindak_lanjut_list(), TODAY))
        assert again.dibuat == [] and again.sudah_ada == 2
        assert other.notifikasi_exists(tasks[1].id, TODAY)
        assert not other.notifikasi_exists(tasks[0].id, TODAY)
        assert not other.notifikasi_exists(tasks[1].id, TODAY + timedelta(days=1))
        assert [n.tindak_lanjut_id for n in other.notifikasi_list(tanggal=TODAY)] == [tasks[1].id,
                                                                                       tasks[2].id]
    sender = Recorder()
    now = datetime(2026, 3, 12, 1, 0, tzinfo=UTC)
    assert len(deliver(srepo, sender, now=now).sent) == 2
    with new_repo(engine) as other:
        assert deliver(other, sender, now=now).sent == [] and len(sender.sent) == 2
        rows = other.notifikasi_list(status="terkirim")
        assert len(rows) == 2 and all(n.terkirim_pada == now for n in rows)
        assert other.notifikasi_list(status="tertunda") == []


def test_enqueue_race_is_absorbed_by_the_unique_key(engine, srepo):
    class Blind(Repo):
        def notifikasi_exists(self, tindak_lanjut_id, tanggal):
            return False  # as if another process inserted between our check and our insert

    create_tasks(srepo, pembinaan())
    reminders = due_reminders(srepo.tindak_lanjut_list(), TODAY)
    enqueue(srepo, reminders)
    with new_repo(engine) as other:
        second = enqueue(Blind(other.session), reminders)
        assert second.dibuat == [] and second.sudah_ada == 2
        assert len(other.notifikasi_list()) == 2


def test_a_second_notification_for_the_same_task_and_day_is_refused(srepo):
    (t,) = create_tasks(srepo, pembinaan()[:1])
    for _ in range(2):
        srepo.add(Notifikasi(tindak_lanjut_id=t.id, tanggal=TODAY, jenis="h0", penerima="a@b.id",
                             subjek="s", isi="i"))
        try:
            srepo.commit()
        except Conflict:
            pass
    assert len(srepo.notifikasi_list(tindak_lanjut_id=t.id)) == 1
