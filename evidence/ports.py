"""Ports: what the use cases need from the outside world, as typing.Protocol.

`storage/` implements them for real (SQL database, local directory, S3); tests use fakes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from evidence.records import AnggotaTim, Artefact, Office, Puskesmas


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int
    sha256: str
    content_type: str
    metadata: dict[str, str] = field(default_factory=dict)
    version_id: str | None = None


class ObjectStore(Protocol):
    """A key -> bytes store that keeps sha256, size, content type and metadata per object."""

    def put(self, key: str, data: bytes, *, content_type: str,
            metadata: dict[str, str]) -> StoredObject: ...

    def get(self, key: str) -> bytes: ...

    def stat(self, key: str) -> StoredObject | None: ...

    def delete(self, key: str) -> None: ...

    def list_objects(self, prefix: str = "") -> Iterator[StoredObject]: ...

    def versions(self, key: str) -> list[str]: ...

    def leftovers(self, *, older_than_s: int) -> list[str]: ...  # partial writes a crash left

    def remove_leftover(self, name: str) -> None: ...


class Repository(Protocol):
    """Records of the registry; changes are staged until `commit()`."""

    def office(self) -> Office | None: ...

    def puskesmas(self, kode: str) -> Puskesmas | None: ...

    def all_puskesmas(self) -> list[Puskesmas]: ...

    def tim(self) -> list[AnggotaTim]: ...

    def artefact(self, *, tahun: int, pemilik: str, item_id: str, sumber: str) -> Artefact | None: ...

    def artefact_by_key(self, kunci: str) -> Artefact | None: ...

    def artefacts(self, *, pemilik: str | None = None, tahun: int | None = None,
                  item_id: str | None = None, pemilik_in: list[str] | None = None) -> list[Artefact]: ...

    def add(self, record: object) -> None: ...

    def merge(self, record: object) -> None: ...

    def delete(self, record: object) -> None: ...

    def replace_all(self, model: type, records: list) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...
