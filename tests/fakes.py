"""Hand-written fakes of the ports, for fast unit tests of the use cases (no IO)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from evidence.errors import Conflict, NotFound
from evidence.ports import ObjectStore, Repository, StoredObject
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
    """Keeps committed records; staged ones become visible on commit, like a session."""

    def __init__(self, office: Office | None = None, puskesmas: Sequence[Puskesmas] = ()) -> None:
        self._office = office
        self._pkm = {p.kode: p for p in puskesmas}
        self._tim: list[AnggotaTim] = []
        self._art: list[Artefact] = []
        self._staged: list[object] = []
        self._deleted: list[object] = []
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

    def artefact_by_key(self, kunci):
        return next((a for a in self._art if a.kunci == kunci), None)

    def artefacts(self, *, pemilik=None, tahun=None, item_id=None, pemilik_in=None):
        return [a for a in self._art if (pemilik is None or a.pemilik == pemilik)
                and (pemilik_in is None or a.pemilik in pemilik_in)
                and (tahun is None or a.tahun == tahun) and (item_id is None or a.item_id == item_id)]

    def add(self, record):
        self._staged.append(record)

    merge = add

    def delete(self, record):
        self._deleted.append(record)

    def replace_all(self, model, records):
        self._tim = list(records)

    def commit(self):
        for r in self._staged:
            if isinstance(r, Artefact) and r not in self._art:
                if self.artefact(tahun=r.tahun, pemilik=r.pemilik, item_id=r.item_id,
                                 sumber=r.sumber) is not None:
                    self._staged.clear()
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
        self._staged.clear()
        self._deleted.clear()
        self.commits += 1

    def rollback(self):
        self._staged.clear()
        self._deleted.clear()


if TYPE_CHECKING:  # mypy checks that the fakes still offer every method of the ports they stand for
    _store: ObjectStore = FakeStore()
    _repo: Repository = FakeRepo()
