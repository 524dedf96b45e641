"""`Repository` port over a SQLModel session."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from datetime import date

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, delete, select

from evidence.records import AnggotaTim, Artefact, Office, Puskesmas, Surat
from storage.db import galat
from storage.db.engine import BUSY_TIMEOUT_MS
from storage.db.repo_agenda import AgendaRepository
from storage.db.repo_akun import WebRepository
from storage.db.repo_cari import CariRepository
from storage.db.repo_kunjungan import KunjunganRepository
from storage.db.repo_siklus import SiklusRepository
from storage.db.repo_survei import SurveiRepository

# Taking a number on SQLite: how long to wait for the write lock before the user is told
NOMOR_LOCK_WAIT_S = 10.0
BUSY = ("Basis data sedang sibuk dipakai proses lain (nomor surat belum dapat diambil); "
        "coba lagi sebentar lagi. Tidak ada nomor yang diambil.")


class SqlRepository(SiklusRepository, KunjunganRepository, SurveiRepository, WebRepository,
                    AgendaRepository, CariRepository):
    """Queries and staged changes on one session; its unit of work (storage.db.uow) commits."""

    def __init__(self, session: Session):
        self.session = session
        # Puskesmas rows read in this unit of work, held: the session's identity map holds rows
        # weakly, so a row dropped by its first reader (a scope check) was read again by the next
        self._puskesmas_dipegang: dict[str, Puskesmas] = {}
        # master data read once per transaction: the Puskesmas list and the TPCB team
        self._semua_puskesmas: list[Puskesmas] | None = None
        self._tim: list[AnggotaTim] | None = None

    def transaksi_selesai(self) -> None:
        """Its unit of work committed or rolled back: read the master data anew next time."""
        self._semua_puskesmas = self._tim = None
        self._puskesmas_dipegang = {}

    def office(self) -> Office | None:
        return self.session.exec(select(Office).order_by(col(Office.id))).first()

    def puskesmas(self, kode: str) -> Puskesmas | None:
        found = self.session.get(Puskesmas, kode)  # from the identity map when already read
        if found is not None:
            self._puskesmas_dipegang[kode] = found
        return found

    def all_puskesmas(self) -> list[Puskesmas]:
        """Every Puskesmas by kode; read once per transaction (a page's scope check, its picker
        and its use case all ask), again after this repository adds, merges or deletes one."""
        if self._semua_puskesmas is None:
            self._semua_puskesmas = list(self.session.exec(select(Puskesmas).order_by(Puskesmas.kode)))
            self._puskesmas_dipegang.update((p.kode, p) for p in self._semua_puskesmas)
        return list(self._semua_puskesmas)

    def tim(self) -> list[AnggotaTim]:
        """The TPCB team; read once per transaction (a page asks per document for its signer),
        again after this repository adds, merges or deletes a member."""
        if self._tim is None:
            self._tim = list(self.session.exec(select(AnggotaTim).order_by(col(AnggotaTim.id))))
        return list(self._tim)

    def artefact(self, *, tahun: int, pemilik: str, item_id: str, sumber: str) -> Artefact | None:
        q = select(Artefact).where(Artefact.tahun == tahun, Artefact.pemilik == pemilik,
                                   Artefact.item_id == item_id, Artefact.sumber == sumber)
        return self.session.exec(q).first()

    def artefact_terkunci(self, *, tahun: int, pemilik: str, item_id: str,
                          sumber: str) -> Artefact | None:
        """Like `artefact`, after taking the filing lock of the item (tahun, pemilik, item_id)
        until this transaction ends, and read fresh from the database.

        Concurrent filings of one item then run one after the other: each reads the revision the
        previous one stored (and the object it wrote) instead of both storing revision N + 1.
        PostgreSQL: a transaction-scoped advisory lock, which also covers an item with no row yet.
        SQLite: a write statement takes the database's write lock (what BEGIN IMMEDIATE would do);
        the other writers wait for it (busy_timeout)."""
        if self.session.get_bind().dialect.name == "postgresql":
            name = f"artefak/{tahun}/{pemilik}/{item_id}".encode()
            lock = int.from_bytes(hashlib.sha256(name).digest()[:8], "big", signed=True)
            self.session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock})
        else:
            self.session.execute(text("UPDATE artefak SET revisi = revisi WHERE 1 = 0"))
        q = select(Artefact).where(Artefact.tahun == tahun, Artefact.pemilik == pemilik,
                                   Artefact.item_id == item_id, Artefact.sumber == sumber)
        return self.session.exec(q.execution_options(populate_existing=True)).first()

    def artefact_by_key(self, kunci: str) -> Artefact | None:
        return self.session.exec(select(Artefact).where(Artefact.kunci == kunci)).first()

    def artefacts(self, *, pemilik: str | None = None, tahun: int | None = None,
                  item_id: str | None = None, pemilik_in: list[str] | None = None) -> list[Artefact]:
        q = select(Artefact)
        if pemilik is not None:
            q = q.where(Artefact.pemilik == pemilik)
        if pemilik_in is not None:
            q = q.where(col(Artefact.pemilik).in_(pemilik_in))
        if tahun is not None:
            q = q.where(Artefact.tahun == tahun)
        if item_id is not None:
            q = q.where(Artefact.item_id == item_id)
        return list(self.session.exec(q.order_by(Artefact.pemilik, Artefact.ep, Artefact.item_id,
                                                 Artefact.kunci)))

    # -- letters ---------------------------------------------------------------------------------
    def kunci_untuk_nomor(self, surat: Surat) -> bool:
        """Open the transaction that numbers `surat` and say whether it still has no number.

        Holds what serialises numbering until the step ends: on SQLite the write lock, taken at
        once (BEGIN IMMEDIATE, tried again while busy) so that no read in the transaction can go
        stale; on PostgreSQL the letter's row (FOR UPDATE), then `next_urut` locks the counter
        row, always in that order. A letter numbered meanwhile by another process is reloaded
        (its number stands) and False is returned."""
        conn = self.session.connection()
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            _begin_immediate(conn)
        self.session.flush()  # what is staged on the letter goes in this transaction, not lost
        lock = "" if sqlite else " FOR UPDATE"
        stored = self.session.execute(text(f"SELECT nomor FROM surat WHERE id = :id{lock}"),
                                      {"id": surat.id}).scalar_one_or_none()
        if stored is None:
            return True
        self.session.refresh(surat)
        return False

    def tulis_sekarang(self) -> None:
        """Take SQLite's write lock now, for what is staged (nothing on PostgreSQL, whose rows
        lock themselves): called just before a short step ends, so that the wait for the lock
        is the quick one below and not SQLite's own, which sleeps longer and longer."""
        conn = self.session.connection()
        if conn.dialect.name == "sqlite":
            _begin_immediate(conn)

    def next_urut(self, tahun: int, jenis: str) -> int:
        """Take the next running number inside the current transaction (one statement).

        The upsert locks the counter row (PostgreSQL) or needs the write lock (SQLite) until
        commit or rollback, so concurrent allocations queue up and a rolled-back letter frees
        its number.
        """
        return self.session.execute(text(
            "INSERT INTO nomor_urut (tahun, jenis, terakhir) VALUES (:t, :j, 1) "
            "ON CONFLICT (tahun, jenis) DO UPDATE SET terakhir = nomor_urut.terakhir + 1 "
            "RETURNING terakhir"), {"t": tahun, "j": jenis}).scalar_one()

    def kembalikan_urut(self, tahun: int, jenis: str) -> None:
        """Give back the number just taken in this transaction (the counter row stays locked)."""
        self.session.execute(text(
            "UPDATE nomor_urut SET terakhir = terakhir - 1 WHERE tahun = :t AND jenis = :j"),
            {"t": tahun, "j": jenis})

    def surat_by_id(self, id: int) -> Surat | None:
        return self.session.get(Surat, id)

    def surat_terakhir(self, tahun: int, seri: str) -> Surat | None:
        """The numbered letter of a series with the latest date (then the highest number)."""
        q = select(Surat).where(Surat.tahun == tahun, Surat.seri == seri, col(Surat.nomor).is_not(None))
        return self.session.exec(q.order_by(col(Surat.tanggal).desc(), col(Surat.urut).desc(),
                                            col(Surat.sisipan).desc()).limit(1)).first()

    def surat_sebelum(self, tahun: int, seri: str, tanggal: date) -> Surat | None:
        """The numbered letter of a series dated on or before `tanggal`, latest first."""
        q = select(Surat).where(Surat.tahun == tahun, Surat.seri == seri, col(Surat.nomor).is_not(None),
                                Surat.tanggal <= tanggal)
        return self.session.exec(q.order_by(col(Surat.tanggal).desc(), col(Surat.urut).desc(),
                                            col(Surat.sisipan).desc()).limit(1)).first()

    def surat_urut(self, tahun: int, seri: str, urut: int) -> list[Surat]:
        q = select(Surat).where(Surat.tahun == tahun, Surat.seri == seri, Surat.urut == urut)
        return list(self.session.exec(q))

    def surat(self, nomor: str) -> Surat | None:
        return self.session.exec(select(Surat).where(Surat.nomor == nomor)).first()

    def surat_by_source(self, templat: str, sumber: str) -> Surat | None:
        q = select(Surat).where(Surat.templat == templat, Surat.sumber == sumber)
        return self.session.exec(q).first()

    def surat_by_artefact(self, kunci: str) -> Surat | None:
        """The letter whose draft or signed file is this object."""
        q = select(Surat).where((Surat.artefak_draf == kunci) | (Surat.artefak_final == kunci))
        return self.session.exec(q).first()

    def surat_list(self, *, status: str | None = None, jenis: str | None = None,
                   pemilik: str | None = None, tahun: int | None = None,
                   pemilik_in: list[str] | None = None) -> list[Surat]:
        q = select(Surat)
        for column, value in ((Surat.status, status), (Surat.jenis, jenis),
                              (Surat.pemilik, pemilik), (Surat.tahun, tahun)):
            if value is not None:
                q = q.where(column == value)
        if pemilik_in is not None:
            q = q.where(col(Surat.pemilik).in_(pemilik_in))
        return list(self.session.exec(q.order_by(col(Surat.tahun), col(Surat.tanggal), col(Surat.id))))

    def add(self, record: object) -> None:
        self._ubah(record)
        self.session.add(record)

    def merge(self, record: object) -> None:
        """Insert or update by primary key."""
        self._ubah(record)
        self.session.merge(record)

    def delete(self, record: object) -> None:
        self._ubah(record)
        self.session.delete(record)

    def _ubah(self, record: object) -> None:
        if isinstance(record, Puskesmas):
            self._semua_puskesmas = None
        elif isinstance(record, AnggotaTim):
            self._tim = None

    def replace_all(self, model: type, records: list) -> None:
        """Upsert by primary/natural key and drop what the new list no longer has."""
        self.session.exec(delete(model))
        if model is Puskesmas:
            self._semua_puskesmas, self._puskesmas_dipegang = None, {}
        elif model is AnggotaTim:
            self._tim = None
        for record in records:
            self.session.add(record)


def _begin_immediate(conn: Connection) -> None:
    """Start a SQLite write transaction now (a write already staged in it holds the lock).

    SQLite's own wait for a busy lock sleeps longer and longer (up to 100 ms a try), so a
    writer often sleeps on a lock freed long ago; numbering holds it for a few milliseconds,
    so here the lock is tried again after a short pause (busy told by its error code), for at
    most NOMOR_LOCK_WAIT_S, then the user is told the database is busy (typed error)."""
    raw = conn.connection.dbapi_connection
    if raw is None or raw.in_transaction:
        return
    deadline, pause = time.monotonic() + NOMOR_LOCK_WAIT_S, 0.0005
    raw.execute("PRAGMA busy_timeout = 0")
    try:
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY:
                    break  # told below, through the engine's translation of errors
                if time.monotonic() > deadline:
                    raise galat.unavailable("sibuk", BUSY) from exc
            time.sleep(pause)
            pause = min(pause * 2, 0.004)
    finally:
        raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.exec_driver_sql("BEGIN IMMEDIATE")
