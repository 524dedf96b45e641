"""Faults of the database itself, on the real engines: read-only, full, unreachable, a connection
killed in the middle of a write, and two processes asking for the same letter at once.

Each case asserts what the user is told (an Indonesian message naming the cause, never "nothing
changed" when something was stored) and what is left behind (no orphan object when the database
certainly refused, an object reconcile can adopt when the outcome is unknown).
"""

from __future__ import annotations

import concurrent.futures
import os
import time
from datetime import date

import pytest
from sqlalchemy import event, text

from evidence import registry
from evidence.catalogue import load_catalogue
from evidence.errors import DatabaseNotSetUp, DatabaseUnavailable, InputError
from evidence.letters import issue_letter
from evidence.registry import FileRequest, file_artefact
from storage.db.engine import make_engine
from storage.db.migrate import upgrade
from storage.db.uow import SqlUnitOfWork
from storage.objects.local import LocalObjectStore
from tests.adapters.conftest import new_repo, new_uow
from tests.adapters.test_letters import Render, req
from tests.pg import pg_schema_url
from tests.samples import pdf_bytes

CAT = load_catalogue()
MB = 1024 * 1024


def _request(data: bytes, name: str = "ruk.pdf") -> FileRequest:
    return FileRequest(data=data, filename=name, item_id="e-r1", pemilik="PKM-A", tahun=2026,
                       tanggal=date(2026, 3, 1), status="final")


def _seed(url: str) -> None:
    from evidence import master_save
    from tests.samples import office, puskesmas

    engine = make_engine(url)
    upgrade(engine)
    with SqlUnitOfWork(engine) as uow:
        master_save.save_office(uow.repo, office())
        master_save.save_puskesmas(uow.repo, [puskesmas("PKM-A")])
    engine.dispose()


# -- SQLite: read-only and full ------------------------------------------------------------------
def test_a_read_only_database_refuses_in_words_and_leaves_no_object(tmp_path):
    path = tmp_path / "tpcb.db"
    _seed(f"sqlite:///{path}")
    engine = make_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    store = LocalObjectStore(tmp_path / "objects")
    with new_uow(engine) as uow, pytest.raises(DatabaseUnavailable) as caught:
        file_artefact(uow, store, CAT, _request(pdf_bytes(2)), max_bytes=MB)
    assert caught.value.sebab == "hanya_baca" and caught.value.pasti_gagal
    # refused when the filing takes the item's write lock, before the object is written
    assert "hanya dapat dibaca" in str(caught.value) and "tidak dapat disimpan" in str(caught.value)
    assert list(store.list_objects("")) == []  # no object without its row
    engine.dispose()


def test_a_full_database_refuses_in_words_and_leaves_no_object(tmp_path):
    path = tmp_path / "tpcb.db"
    _seed(f"sqlite:///{path}")
    engine = make_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def full(dbapi_conn, _record):  # the disk holds not one page more than now
        cur = dbapi_conn.cursor()
        pages = cur.execute("PRAGMA page_count").fetchone()[0]
        cur.execute(f"PRAGMA max_page_count={pages}")
        cur.close()

    store = LocalObjectStore(tmp_path / "objects")
    base = pdf_bytes(1)
    with new_uow(engine) as uow:
        repo = uow.repo
        for i in range(2000):  # rows until the last page is used up
            try:
                file_artefact(uow, store, CAT, _request(base + b"%" + str(i).encode() + b"\n",
                                                         f"r{i}.pdf"), max_bytes=MB)
            except DatabaseUnavailable as exc:
                assert exc.sebab == "penuh" and "penuh" in str(exc)
                break
        else:
            pytest.fail("the database never filled up")
        rows = {a.kunci for a in repo.artefacts()}
    assert {o.key for o in store.list_objects("")} == rows  # no object without its row
    engine.dispose()


def test_an_unreachable_database_is_named_as_such(tmp_path, caplog):
    engine = make_engine("postgresql+psycopg://postgres@127.0.0.1:1/tidakada?connect_timeout=2")
    with new_repo(engine) as repo, pytest.raises(DatabaseUnavailable) as caught:
        repo.all_puskesmas()
    assert caught.value.sebab == "tidak_terhubung" and caught.value.sementara
    assert not isinstance(caught.value, DatabaseNotSetUp)
    assert "tidak dapat dihubungi" in str(caught.value)
    # the admin's log has the driver's own words, which the user's message leaves out
    logged = [r for r in caplog.records if r.name == "storage.db.galat"]
    assert logged and "tidak_terhubung, sementara" in logged[0].getMessage()
    assert "127.0.0.1" in logged[0].getMessage() and logged[0].levelname == "ERROR"
    engine.dispose()


def test_a_database_not_set_up_says_to_run_init(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'kosong.db'}")
    with new_repo(engine) as repo, pytest.raises(DatabaseNotSetUp) as caught:
        repo.all_puskesmas()
    assert caught.value.sebab == "belum_disiapkan" and "tpcb init" in str(caught.value)
    assert not caught.value.sementara  # typed: nothing retries it, nobody reads its text
    engine.dispose()


def test_the_type_survives_the_commit_translation():
    from storage.db.galat import outcome_unknown

    again = outcome_unknown(DatabaseNotSetUp("Basis data belum disiapkan."))
    assert isinstance(again, DatabaseNotSetUp) and not again.sementara
    lost = outcome_unknown(DatabaseUnavailable("tidak_terhubung", "Putus."))
    assert type(lost) is DatabaseUnavailable and lost.sementara and not lost.pasti_gagal


@pytest.mark.parametrize("value", ["a\x00b", 10**30, -(10**30)])
def test_values_no_column_can_hold_are_refused_the_same_on_both_databases(engine, value):
    with new_repo(engine) as repo, pytest.raises(InputError):
        if isinstance(value, str):
            repo.puskesmas(value)
        else:
            repo.tindak_lanjut(value)


# -- PostgreSQL: a connection killed mid-write ----------------------------------------------------------
def test_a_connection_killed_during_the_commit_says_the_outcome_is_unknown(tmp_path):
    with pg_schema_url() as url:
        _seed(url)
        engine = make_engine(url)
        store = LocalObjectStore(tmp_path / "objects")
        admin = make_engine(url)

        class Killing(LocalObjectStore):
            def put(self, key, data, **kw):  # the database connection dies right after the write
                stored = super().put(key, data, **kw)
                with admin.begin() as conn:
                    conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                                      "datname = current_database() AND pid <> pg_backend_pid() AND "
                                      "application_name = 'uji-putus'"))
                return stored

        killing = Killing(tmp_path / "objects")
        with new_uow(engine) as uow:
            uow.repo.session.connection().execute(text("SET application_name = 'uji-putus'"))
            with pytest.raises(DatabaseUnavailable) as caught:
                file_artefact(uow, killing, CAT, _request(pdf_bytes(3)), max_bytes=MB)
        message = str(caught.value)
        assert not caught.value.pasti_gagal and "tidak pasti" in message and "reconcile" in message
        assert "Data tidak diubah" not in message
        with new_repo(engine) as repo:  # the pool hands out a live connection again
            report = registry.reconcile(repo, store, fix=True)
        with new_repo(engine) as repo:
            assert len(report.adopted) == 1 and len(repo.artefacts()) == 1  # the upload is visible
        engine.dispose()
        admin.dispose()


def test_concurrent_identical_letters_answer_with_the_one_letter(tmp_path):
    with pg_schema_url() as url:
        _seed(url)
        engine = make_engine(url)
        store = LocalObjectStore(tmp_path / "objects")

        def ask(_):
            with new_uow(engine) as uow:
                surat, _new = issue_letter(uow, store, CAT, Render(), req("kunjungan:PKM-A:sama"),
                                           max_bytes=MB)
                return surat.id

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            ids = list(pool.map(ask, range(24)))
        assert len(set(ids)) == 1 and None not in ids
        with new_repo(engine) as repo:
            assert len(repo.surat_list()) == 1 and len(repo.artefacts()) == 1
        engine.dispose()


# -- objects: what a killed write leaves ------------------------------------------------------------
def test_reconcile_reports_and_removes_stale_temporary_files(tmp_path, repo):
    store = LocalObjectStore(tmp_path / "objects")
    stale = tmp_path / "objects" / "99.01" / "2026" / ".tmp-abc123"
    meta = tmp_path / "objects" / ".meta" / ".tmp-def456"
    fresh = tmp_path / "objects" / "99.01" / ".tmp-sedang-ditulis"
    for f in (stale, meta, fresh):
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(b"setengah")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    os.utime(meta, (old, old))
    report = registry.reconcile(repo, store)
    assert sorted(report.leftovers) == [".meta/.tmp-def456", "99.01/2026/.tmp-abc123"]
    assert not report.clean
    fixed = registry.reconcile(repo, store, fix=True)
    assert len(fixed.removed_leftovers) == 2 and not stale.exists() and not meta.exists()
    assert fresh.exists()  # a write that may still be running is left alone
    assert registry.reconcile(repo, store).clean


# -- a full disk under the object store ---------------------------------------------------------------
@pytest.fixture
def small_disk(tmp_path):
    """A 1 MB tmpfs, where the machine lets the tests mount one (root on Linux)."""
    import subprocess

    mount = tmp_path / "kecil"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"tmpfs tidak dapat dipasang di mesin ini: {done.stderr.strip()}")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_a_full_object_disk_refuses_in_words_and_leaves_nothing_half_written(small_disk, uow, seeded):
    from storage.errors import StorageError

    store = LocalObjectStore(small_disk / "objects")
    filed, refused = 0, None
    for i in range(40):  # 150 KB each: the disk is full after a handful
        data = pdf_bytes(1) + b"%" + os.urandom(150_000).hex().encode()[:150_000] + f"{i}\n".encode()
        try:
            file_artefact(uow, store, CAT, _request(data, f"r{i}.pdf"), max_bytes=MB)
            filed += 1
        except StorageError as exc:
            refused = str(exc)
            break
    assert refused and "disk penyimpanan penuh" in refused and "Tidak ada yang disimpan" in refused
    assert filed >= 1
    rows = {a.kunci for a in seeded.artefacts()}
    assert {o.key for o in store.list_objects("")} == rows and len(rows) == filed
    leftovers = [p for p in (small_disk / "objects").rglob("*") if p.is_file()
                 and p.name.startswith(".tmp-")]
    assert leftovers == []
    data_files = {p.relative_to(small_disk / "objects").as_posix()
                  for p in (small_disk / "objects").rglob("*")
                  if p.is_file() and not any(part.startswith(".") for part in p.parts[-8:])}
    assert data_files == rows  # no half-written object without its sidecar
    assert registry.reconcile(seeded, store).clean


# -- PostgreSQL: a pooled connection that died while idle ------------------------------------------
def _kill_pool(admin) -> int:
    with admin.begin() as conn:
        return len(conn.execute(text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND application_name = 'uji-menganggur'")).all())


@pytest.mark.parametrize("idle_s", [0.0, 3600.0])
def test_a_pooled_connection_killed_while_idle(monkeypatch, idle_s):
    """Idle past PING_IDLE_S: checked before use and replaced, the user sees nothing. Used a
    moment ago (no check): the one request is told the database is unreachable, in words, and
    the next one works (the pool drops its dead connections)."""
    from storage.db import engine as engine_mod

    monkeypatch.setattr(engine_mod, "PING_IDLE_S", idle_s)
    with pg_schema_url() as url:
        _seed(url)
        named = url + ("&" if "?" in url else "?") + "application_name=uji-menganggur"
        engine, admin = make_engine(named), make_engine(url)
        with new_repo(engine) as repo:
            assert repo.puskesmas("PKM-A") is not None
        assert _kill_pool(admin) == 1
        if idle_s == 0.0:
            with new_repo(engine) as repo:
                assert repo.puskesmas("PKM-A") is not None
        else:
            with pytest.raises(DatabaseUnavailable) as caught, new_repo(engine) as repo:
                repo.puskesmas("PKM-A")
            assert "basis data" in str(caught.value).lower()
            with new_repo(engine) as repo:
                assert repo.puskesmas("PKM-A") is not None
        engine.dispose()
        admin.dispose()
