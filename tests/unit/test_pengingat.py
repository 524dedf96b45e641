"""Reminders: the schedule, the idempotent outbox, delivery that never sends twice or drops."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from evidence.errors import Conflict
from evidence.pengingat import Reminder, compose, deliver, due_reminders, enqueue
from evidence.records.siklus import Notifikasi
from tests.fakes import FakeUnitOfWork
from tests.samples import office, puskesmas
from tests.unit.test_tindak_lanjut import SiklusFakeRepo, put, task

TODAY = date(2026, 3, 12)
NOW = datetime(2026, 3, 12, 1, 0, tzinfo=UTC)


def make_repo(email="pkm-a@contoh.go.id") -> SiklusFakeRepo:
    return SiklusFakeRepo(office(), [puskesmas("PKM-A", nama="Puskesmas Sukajadi", email=email)])


def due_in(days: int, status: str = "terbuka", **kw):
    return task(asal=f"t{days}{status}", batas_waktu=TODAY + timedelta(days=days), status=status, **kw)


def stored(repo, *tasks):
    return [put(repo, t) for t in tasks]


class RecordingSender:
    def __init__(self, fail_times: int = 0):
        self.sent: list[tuple[str, str, str]] = []
        self.fail_times = fail_times

    def send(self, to, subject, body):
        if self.fail_times:
            self.fail_times -= 1
            raise OSError("server SMTP tidak dapat dihubungi")
        self.sent.append((to, subject, body))


# -- schedule --------------------------------------------------------------------------------------
@pytest.mark.parametrize("days, kind", [
    (8, None), (7, "h-7"), (6, None), (3, None), (2, None), (1, "h-1"), (0, "h0"),
    (-1, "terlambat"), (-2, "terlambat"), (-30, "terlambat")])
def test_schedule_h7_h1_h0_then_daily_when_overdue(days, kind):
    t = due_in(days)
    t.id = 1
    got = due_reminders([t], TODAY)
    assert [r.jenis for r in got] == ([kind] if kind else [])
    if kind:
        assert got[0].sisa_hari == days and got[0].tanggal == TODAY and got[0].task_id == 1


@pytest.mark.parametrize("status, reminded", [
    ("terbuka", True), ("dikerjakan", True), ("dieskalasi", True), ("selesai", False),
    ("diverifikasi", False)])
def test_only_open_tasks_are_reminded(status, reminded):
    for days in (7, 1, 0, -3):
        t = due_in(days, status)
        t.id = 1
        assert bool(due_reminders([t], TODAY)) is reminded


def test_reminders_are_ordered_most_overdue_first():
    tasks = [due_in(d) for d in (7, -5, 0, -1, 1)]
    for i, t in enumerate(tasks, start=1):
        t.id = i
    assert [r.sisa_hari for r in due_reminders(tasks, TODAY)] == [-5, -1, 0, 1, 7]


# -- text ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("days, phrase", [
    (7, "jatuh tempo 7 hari lagi"), (1, "jatuh tempo besok"), (0, "jatuh tempo hari ini"),
    (-3, "sudah terlambat 3 hari")])
def test_text_names_task_puskesmas_due_date_and_days(days, phrase):
    t = task(id=12, batas_waktu=TODAY + timedelta(days=days), masalah="SOP belum ditinjau")
    r = Reminder(12, "PKM-A", TODAY, "x", days, t)
    subject, body = compose(r, "Puskesmas Sukajadi")
    due = {7: "19 Maret 2026", 1: "13 Maret 2026", 0: "12 Maret 2026", -3: "9 Maret 2026"}[days]
    for text in (subject, body):
        assert "#12" in text and "Puskesmas Sukajadi" in text and due in text and phrase in text
    assert "SOP belum ditinjau" in body


# -- enqueue ---------------------------------------------------------------------------------------
def test_enqueue_writes_one_row_per_task_and_day_and_a_second_run_nothing():
    repo = make_repo()
    stored(repo, due_in(7), due_in(3), due_in(-2))
    reminders = due_reminders(repo.tindak_lanjut_list(), TODAY)
    first = enqueue(FakeUnitOfWork(repo), reminders)
    assert [n.jenis for n in first.dibuat] == ["terlambat", "h-7"]
    assert {n.penerima for n in first.dibuat} == {"pkm-a@contoh.go.id"}
    again = enqueue(FakeUnitOfWork(repo), due_reminders(repo.tindak_lanjut_list(), TODAY))
    assert again.dibuat == [] and again.sudah_ada == 2 and len(repo.notifikasi_list()) == 2
    tomorrow = enqueue(FakeUnitOfWork(repo),
                       due_reminders(repo.tindak_lanjut_list(), TODAY + timedelta(days=1)))
    assert [n.jenis for n in tomorrow.dibuat] == ["terlambat"]


def test_enqueue_race_on_the_unique_key_creates_nothing_twice():
    class Racing(SiklusFakeRepo):
        def notifikasi_exists(self, tindak_lanjut_id, tanggal):
            return False  # as if another process inserted between our check and our insert

    repo = Racing(office(), [puskesmas("PKM-A", email="a@x.id")])
    stored(repo, due_in(0))
    reminders = due_reminders(repo.tindak_lanjut_list(), TODAY)
    assert len(enqueue(FakeUnitOfWork(repo), reminders).dibuat) == 1
    second = enqueue(FakeUnitOfWork(repo), reminders)
    assert second.dibuat == [] and second.sudah_ada == 1 and len(repo.notifikasi_list()) == 1


def test_enqueue_without_an_email_reports_the_reminder():
    repo = make_repo(email="")
    stored(repo, due_in(0))
    result = enqueue(FakeUnitOfWork(repo), due_reminders(repo.tindak_lanjut_list(), TODAY))
    assert result.dibuat == [] and [r.puskesmas for r in result.tanpa_penerima] == ["PKM-A"]


def test_escalated_tasks_also_go_to_the_dinkes():
    repo = make_repo()
    stored(repo, due_in(1, "dieskalasi", tingkat="dinkes", ep="f"))
    (row,) = enqueue(FakeUnitOfWork(repo), due_reminders(repo.tindak_lanjut_list(), TODAY)).dibuat
    assert row.penerima == "pkm-a@contoh.go.id, dinkes@contoh.go.id"
    assert "dieskalasi ke Dinas Kesehatan" in row.isi


def test_recipients_override_the_master_data():
    repo = make_repo()
    stored(repo, due_in(0))
    (row,) = enqueue(FakeUnitOfWork(repo), due_reminders(repo.tindak_lanjut_list(), TODAY),
                     {"PKM-A": "uji@contoh.go.id"}).dibuat
    assert row.penerima == "uji@contoh.go.id"


# -- deliver ---------------------------------------------------------------------------------------
def queued(n_tasks: int = 2):
    repo = make_repo()
    stored(repo, *[due_in(-i) for i in range(1, n_tasks + 1)])
    enqueue(FakeUnitOfWork(repo), due_reminders(repo.tindak_lanjut_list(), TODAY))
    return repo


def test_deliver_sends_pending_once_and_marks_them_sent():
    repo = queued()
    sender = RecordingSender()
    sent, failed, kept = deliver(FakeUnitOfWork(repo), sender, now=NOW)
    assert len(sent) == 2 and failed == [] and kept == []
    assert all(n.status == "terkirim" and n.terkirim_pada == NOW for n in repo.notifikasi_list())
    assert [to for to, _, _ in sender.sent] == ["pkm-a@contoh.go.id"] * 2
    # a second delivery and a second schedule run the same day send nothing more
    enqueue(FakeUnitOfWork(repo), due_reminders(repo.tindak_lanjut_list(), TODAY))
    assert deliver(FakeUnitOfWork(repo), sender, now=NOW).sent == [] and len(sender.sent) == 2


def test_failures_are_kept_counted_and_retried():
    repo = queued(1)
    flaky = RecordingSender(fail_times=2)
    for attempt in (1, 2):
        sent, failed, _ = deliver(FakeUnitOfWork(repo), flaky, now=NOW)
        assert sent == [] and len(failed) == 1
        (row,) = repo.notifikasi_list()
        assert (row.status, row.percobaan) == ("tertunda", attempt)
        assert "tidak dapat dihubungi" in row.galat
    sent, failed, _ = deliver(FakeUnitOfWork(repo), flaky, now=NOW)
    assert len(sent) == 1 and failed == [] and len(flaky.sent) == 1
    assert repo.notifikasi_list()[0].galat == ""


def test_after_the_last_attempt_the_row_is_failed_but_kept_visible():
    repo = queued(1)
    broken = RecordingSender(fail_times=99)
    for _ in range(5):
        deliver(FakeUnitOfWork(repo), broken, now=NOW, max_percobaan=5)
    (row,) = repo.notifikasi_list()
    assert (row.status, row.percobaan) == ("gagal", 5)
    assert repo.notifikasi_list(status="gagal") == [row]
    assert deliver(FakeUnitOfWork(repo), broken, now=NOW) == ([], [], []) and row.percobaan == 5


def test_without_a_sender_everything_is_kept_pending():
    repo = queued()
    sent, failed, kept = deliver(FakeUnitOfWork(repo), None, now=NOW)
    assert sent == [] and failed == [] and len(kept) == 2
    assert all(n.status == "tertunda" and n.percobaan == 0 for n in repo.notifikasi_list())


def test_deliver_needs_an_aware_time():
    with pytest.raises(ValueError):
        deliver(FakeUnitOfWork(queued()), RecordingSender(), now=datetime(2026, 3, 12, 8, 0))


def test_fake_repo_enforces_one_notification_per_task_and_day():
    repo = make_repo()
    (t,) = stored(repo, due_in(0))
    with pytest.raises(Conflict), FakeUnitOfWork(repo) as uow:
        for _ in range(2):
            uow.repo.add(Notifikasi(tindak_lanjut_id=t.id, tanggal=TODAY, jenis="h0", penerima="a",
                                    subjek="s", isi="i"))
    assert repo.notifikasi_list() == []
