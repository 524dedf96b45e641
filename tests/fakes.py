"""Hand-written fakes of the ports, for fast unit tests of the use cases (no IO).

`FakeUnitOfWork` has the semantics of storage.db.uow.SqlUnitOfWork; tests/adapters/test_uow_contract.py
runs the same scenarios against both.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from evidence.errors import Conflict, DatabaseUnavailable, EvidenceError, NotFound
from evidence.ports import ObjectStore, Repository, StoredObject, UnitOfWork
from evidence.records import AnggotaTim, Artefact, Office, Puskesmas


class FakeStore:
    def __init__(self) -> None:
        self.objects: dict[str, tuple[bytes, StoredObject]] = {}
        self.history: dict[str, list[bytes]] = {}

    def put(self, key, data, *, content_type, metadata):
        if key in self.objects:
            self.history.setdefault(key, []).append(self.objects[key][0])
        obj = StoredObject(key, len(data), hashlib.sha256(data).hexdigest(), content_type,
                           dict(metadata), str(len(self.history.get(key, [])) + 1))
        self.objects[key] = (data, obj)
        return obj

    def get(self, key):
        if key not in self.objects:
            raise NotFound(key)
        return self.objects[key][0]

    def stat(self, key):
        return self.objects[key][1] if key in self.objects else None

    def delete(self, key):
        self.objects.pop(key, None)

    def list_objects(self, prefix=""):
        return iter([o for k, (_, o) in sorted(self.objects.items()) if k.startswith(prefix)])

    def versions(self, key):
        return [str(i + 1) for i in range(len(self.history.get(key, [])) + (key in self.objects))]

    def leftovers(self, *, older_than_s):
        return []

    def remove_leftover(self, name):
        raise KeyError(name)


class FakeRepo:
    """Keeps stored records; staged ones become visible when its unit of work stores them."""

    def __init__(self, office: Office | None = None, puskesmas: Sequence[Puskesmas] = ()) -> None:
        self._office = office
        self._pkm = {p.kode: p for p in puskesmas}
        self._tim: list[AnggotaTim] = []
        self._art: list[Artefact] = []
        self._staged: list[object] = []
        self._deleted: list[object] = []
        self._counters: dict[tuple[int, str], int] = {}
        self._counted: dict[tuple[int, str], int] = {}  # counter moves not stored yet
        self._new_tim: list | None = None
        self.commits = 0

    def office(self):
        return self._office

    def puskesmas(self, kode):
        return self._pkm.get(kode)

    def all_puskesmas(self):
        return sorted(self._pkm.values(), key=lambda p: p.kode)

    def tim(self):
        return list(self._tim)

    def artefact(self, *, tahun, pemilik, item_id, sumber):
        return next((a for a in self._art if (a.tahun, a.pemilik, a.item_id, a.sumber)
                     == (tahun, pemilik, item_id, sumber)), None)

    def artefact_terkunci(self, *, tahun, pemilik, item_id, sumber):
        return self.artefact(tahun=tahun, pemilik=pemilik, item_id=item_id, sumber=sumber)

    def artefact_by_key(self, kunci):
        return next((a for a in self._art if a.kunci == kunci), None)

    def artefacts(self, *, pemilik=None, tahun=None, item_id=None, pemilik_in=None):
        return [a for a in self._art if (pemilik is None or a.pemilik == pemilik)
                and (pemilik_in is None or a.pemilik in pemilik_in)
                and (tahun is None or a.tahun == tahun) and (item_id is None or a.item_id == item_id)]

    def next_urut(self, tahun, jenis):
        key = (tahun, jenis)
        self._counted[key] = self._counted.get(key, 0) + 1
        return self._counters.get(key, 0) + self._counted[key]

    def kembalikan_urut(self, tahun, jenis):
        self._counted[(tahun, jenis)] -= 1

    def add(self, record):
        self._staged.append(record)

    merge = add

    def delete(self, record):
        self._deleted.append(record)

    def replace_all(self, model, records):
        self._new_tim = list(records)

    # -- for FakeUnitOfWork only: what a session's commit and rollback do -------------------------
    def apply_staged(self):
        for r in self._staged:
            if isinstance(r, Artefact) and r not in self._art:
                if self.artefact(tahun=r.tahun, pemilik=r.pemilik, item_id=r.item_id,
                                 sumber=r.sumber) is not None:
                    self.drop_staged()
                    raise Conflict("kunci ganda")
                r.id = len(self._art) + 1
                self._art.append(r)
            elif isinstance(r, Puskesmas):
                self._pkm[r.kode] = r
            elif isinstance(r, Office):
                self._office = r
        for r in self._deleted:
            if r in self._art:
                self._art.remove(r)
        for key, moved in self._counted.items():
            self._counters[key] = self._counters.get(key, 0) + moved
        if self._new_tim is not None:
            self._tim = self._new_tim
        self.drop_staged()
        self.commits += 1

    def drop_staged(self):
        self._staged.clear()
        self._deleted.clear()
        self._counted.clear()
        self._new_tim = None


class FakeUnitOfWork:
    """The unit of work over a FakeRepo: stores at the end of `with` or of an outermost step,
    drops on error, runs `on_failure` hooks only when the changes are certainly not stored.

    `fail_commit` makes the next commit fail with that error (a refusal, or a lost connection)."""

    def __init__(self, repo: FakeRepo):
        self.repo = repo
        self.fail_commit: BaseException | None = None
        self._depth = 0
        self._undo: list[Callable[[BaseException], None]] = []
        self._then: list[Callable[[], None]] = []

    def __enter__(self) -> FakeUnitOfWork:
        return self

    def __exit__(self, kind, error, tb) -> None:
        if error is None:
            self._commit()
        else:
            self._drop(error)

    @contextmanager
    def step(self) -> Iterator[None]:
        if self._depth:
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
            if self.fail_commit is not None:
                error, self.fail_commit = self.fail_commit, None
                raise error
            self.repo.apply_staged()
        except BaseException as error:
            certain = (error.pasti_gagal if isinstance(error, DatabaseUnavailable)
                       else isinstance(error, EvidenceError))
            self._drop(error, certain=certain)
            raise
        then, self._then, self._undo = self._then, [], []
        for hook in then:
            hook()

    def _drop(self, error: BaseException, *, certain: bool = True) -> None:
        self.repo.drop_staged()
        undo, self._undo, self._then = self._undo, [], []
        if certain:
            for hook in undo:
                hook(error)


if TYPE_CHECKING:  # mypy checks that the fakes still offer every method of the ports they stand for
    _store: ObjectStore = FakeStore()
    _repo: Repository = FakeRepo()
    _uow: UnitOfWork[Repository] = FakeUnitOfWork(FakeRepo())
