"""The unit of work on the SQL database: the one place that commits (see evidence.ports.UnitOfWork).

It owns one session on the process's engine. What is staged is stored when the `with` block (or
an outermost `step()`) ends without error, and rolled back when it raises. A commit the
database refuses leaves as a domain error (storage.db.galat): with "Data tidak diubah" when
nothing was stored, or with "hasilnya tidak pasti" when the connection died during the commit.
Only in the first case do the `on_failure` hooks run, so that an object written for a row that
was certainly never stored is removed, and one whose row may exist is left for reconcile.

`diarsipkan`, when given, hears of every artefact whose content a commit stored (new, or a new
revision) and of every artefact removed, after the commit: the search index is filled there,
outside the transaction and its locks (tpcb.services.cari). It must not raise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import attributes
from sqlmodel import Session

from evidence.errors import DatabaseUnavailable, EvidenceError
from evidence.records import Artefact
from storage.db.galat import outcome_unknown, release_session
from storage.db.repository import SqlRepository


class SqlUnitOfWork:
    repo: SqlRepository  # set when the unit is entered, with the session it owns
    _session: Session

    def __init__(self, engine: Engine, *,
                 diarsipkan: Callable[[list[Artefact], list[int]], None] | None = None):
        self._engine = engine
        self._depth = 0  # steps open: only the outermost one commits
        self._undo: list[Callable[[BaseException], None]] = []
        self._then: list[Callable[[], None]] = []
        self._diarsipkan = diarsipkan
        self._baru: dict[int, Artefact] = {}  # artefacts whose content the transaction changed
        self._hilang: set[int] = set()

    def __enter__(self) -> SqlUnitOfWork:
        self._session = Session(self._engine, expire_on_commit=False)
        self.repo = SqlRepository(self._session)
        if self._diarsipkan is not None:
            event.listen(self._session, "after_flush", self._catat_artefak)
        return self

    def _catat_artefak(self, session: Session, _context) -> None:
        for obj in session.new.union(session.dirty):
            if isinstance(obj, Artefact) and obj.id is not None and (
                    obj in session.new or attributes.get_history(obj, "sha256").has_changes()):
                self._baru[obj.id] = obj
        for obj in session.deleted:
            if isinstance(obj, Artefact) and obj.id is not None:
                self._hilang.add(obj.id)

    def __exit__(self, kind, error, tb) -> None:
        try:
            if error is None:
                self._commit()
            else:
                self._drop(error)
        finally:
            release_session(self._session)
            self._undo, self._then = [], []

    @contextmanager
    def step(self) -> Iterator[None]:
        if self._depth:  # inside a step: part of it, stored when the outermost step ends
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            yield
        except BaseException as error:
            self._depth = 0
            self._drop(error)
            raise
        self._depth = 0
        self._commit()

    def on_failure(self, undo: Callable[[BaseException], None]) -> None:
        self._undo.append(undo)

    def after_commit(self, then: Callable[[], None]) -> None:
        self._then.append(then)

    def _commit(self) -> None:
        try:
            self._session.commit()
            self.repo.transaksi_selesai()
        except BaseException as error:
            told = outcome_unknown(error) if isinstance(error, DatabaseUnavailable) else error
            self._drop(told, certain=_certainly_not_stored(told))
            if told is error:
                raise
            raise told from error
        then, self._then, self._undo = self._then, [], []
        baru, hilang, self._baru, self._hilang = list(self._baru.values()), self._hilang, {}, set()
        for hook in then:
            hook()
        if self._diarsipkan is not None and (baru or hilang):
            self._diarsipkan(baru, sorted(hilang))

    def _drop(self, error: BaseException, *, certain: bool = True) -> None:
        """Roll back; undo what was done outside the database for changes that are surely lost."""
        release_session(self._session, close=False)
        self.repo.transaksi_selesai()
        undo, self._undo, self._then = self._undo, [], []
        self._baru, self._hilang = {}, set()
        if certain:
            for hook in undo:
                hook(error)


def _certainly_not_stored(error: BaseException) -> bool:
    """A refusal the database answered (a clash, a full disk, a bad value) stored nothing; a
    connection lost during the commit, or an interruption, may have stored everything."""
    if isinstance(error, DatabaseUnavailable):
        return error.pasti_gagal
    return isinstance(error, EvidenceError)
