"""An object store that remembers what this process just wrote, by content.

Right after a filing commits, the search index (tpcb.services.cari) and the background renditions
(tpcb.services.rendisi_latar) need the bytes that were just uploaded. Reading them back from S3
cost a round trip and a second sha256 per upload. `IngatTulis` wraps the real store: every `put`
is passed on unchanged and its bytes are remembered under (key, sha256) for a while (at most
MAKS_BYTE bytes and MAKS_ISI objects, oldest first out). `isi_baru(key, sha256)` answers only when
the remembered bytes are exactly the revision asked for (the sha256 the store computed on `put`),
so it can never hand out an older or another process's revision; anything else is read from the
store as before. `get` always reads the store: downloads and bundles see what is stored.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator

from evidence.ports import ObjectStore, StoredObject

MAKS_BYTE = 64 * 1024 * 1024
MAKS_ISI = 64


class IngatTulis:
    """`ObjectStore` passing everything to `inner`, remembering recent writes for `isi_baru`."""

    def __init__(self, inner: ObjectStore, maks_byte: int = MAKS_BYTE, maks_isi: int = MAKS_ISI):
        self.inner = inner
        self.maks_byte, self.maks_isi = maks_byte, maks_isi
        self._isi: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self._byte = 0
        self._lock = threading.Lock()

    def put(self, key: str, data: bytes, *, content_type: str,
            metadata: dict[str, str]) -> StoredObject:
        stored = self.inner.put(key, data, content_type=content_type, metadata=metadata)
        if len(data) <= self.maks_byte:
            with self._lock:
                self._lupa(key)
                self._isi[(key, stored.sha256)] = data
                self._byte += len(data)
                while self._byte > self.maks_byte or len(self._isi) > self.maks_isi:
                    _, old = self._isi.popitem(last=False)
                    self._byte -= len(old)
        return stored

    def isi_baru(self, key: str, sha256: str) -> bytes | None:
        """The bytes of this revision if this process wrote them lately, else None."""
        with self._lock:
            return self._isi.get((key, sha256))

    def _lupa(self, key: str) -> None:
        for k in [k for k in self._isi if k[0] == key]:
            self._byte -= len(self._isi.pop(k))

    def delete(self, key: str) -> None:
        with self._lock:
            self._lupa(key)
        self.inner.delete(key)

    def get(self, key: str) -> bytes:
        return self.inner.get(key)

    def stat(self, key: str) -> StoredObject | None:
        return self.inner.stat(key)

    def list_objects(self, prefix: str = "") -> Iterator[StoredObject]:
        return self.inner.list_objects(prefix)

    def versions(self, key: str) -> list[str]:
        return self.inner.versions(key)

    def leftovers(self, *, older_than_s: int) -> list[str]:
        return self.inner.leftovers(older_than_s=older_than_s)

    def remove_leftover(self, name: str) -> None:
        self.inner.remove_leftover(name)

    def __getattr__(self, name: str):  # what only some stores have (S3: presigned_get)
        return getattr(self.inner, name)

