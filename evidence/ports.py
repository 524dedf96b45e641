"""Ports: what the use cases need from the outside world, as typing.Protocol.

`storage/` implements them for real (SQL database, local directory, S3); tests use fakes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

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



def baca_revisi(store: ObjectStore, key: str, sha256: str) -> bytes:
    """The bytes of revision `sha256` of `key`: from memory when the store just wrote exactly
    them in this process (the optional `isi_baru` of storage.objects.ingat), else read from the
    store; the caller still checks what the store gave against its row."""
    ingat = getattr(store, "isi_baru", None)
    data = ingat(key, sha256) if ingat is not None else None
    return data if data is not None else store.get(key)

class Repository(Protocol):
    """Records of the registry. Changes are staged; the unit of work the repository belongs to
    stores them (see `UnitOfWork`), the repository never does."""

    def office(self) -> Office | None: ...

    def puskesmas(self, kode: str) -> Puskesmas | None: ...

    def all_puskesmas(self) -> list[Puskesmas]: ...

    def tim(self) -> list[AnggotaTim]: ...

    def artefact(self, *, tahun: int, pemilik: str, item_id: str, sumber: str) -> Artefact | None: ...

    def artefact_terkunci(self, *, tahun: int, pemilik: str, item_id: str,
                          sumber: str) -> Artefact | None:
        """`artefact`, holding the item's filing lock until the transaction ends (concurrent
        filings of one item run one after the other)."""
        ...

    def artefact_by_key(self, kunci: str) -> Artefact | None: ...

    def artefacts(self, *, pemilik: str | None = None, tahun: int | None = None,
                  item_id: str | None = None, pemilik_in: list[str] | None = None) -> list[Artefact]: ...

    def add(self, record: object) -> None: ...

    def merge(self, record: object) -> None: ...

    def delete(self, record: object) -> None: ...

    def replace_all(self, model: type, records: list) -> None: ...


RepoT = TypeVar("RepoT", covariant=True)


class UnitOfWork(Protocol[RepoT]):
    """One transaction on the records, and the only owner of its commit.

    The composition root opens it (`with app.uow() as uow:`): what is staged on `uow.repo` is
    stored when the block ends without error and dropped when it raises. A use case never
    commits; one that needs a change stored before it goes on (a letter number taken in a short
    transaction, an e-mail recorded as sent before the next one goes out) marks that part as a
    `step()`: the step's changes, with everything staged before them, are stored when the step
    ends, or dropped if it raises. A step inside a step joins it, so a use case made of steps can
    be one step of a larger one.
    """

    @property
    def repo(self) -> RepoT:
        """The repository on this unit's transaction (`UnitOfWork[PengingatRepository]` says
        which queries a use case needs from it)."""
        ...

    def step(self) -> AbstractContextManager[None]: ...

    def on_failure(self, undo: Callable[[BaseException], None]) -> None:
        """Call `undo(error)` if the changes staged so far are certainly not stored: dropped
        after an error, or refused at commit. Not when a dropped connection leaves the outcome
        unknown (then `tpcb storage reconcile` decides). Used to remove an object written for a
        row that never came to be."""
        ...

    def after_commit(self, then: Callable[[], None]) -> None:
        """Call `then()` once the changes staged so far are stored (e.g. remove an object that
        no stored row points to any more)."""
        ...
