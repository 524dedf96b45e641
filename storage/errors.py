"""Storage errors: what can go wrong below the ports, in words a clerk can act on."""

from __future__ import annotations

from evidence.errors import DatabaseUnavailable, EvidenceError, NotFound

__all__ = ["DatabaseUnavailable", "ObjectMissing", "StorageError", "StorageUnavailable"]


class StorageError(EvidenceError):
    """The object store refused or failed an operation."""


class ObjectMissing(StorageError, NotFound):
    """No object under the key; a NotFound too, so callers that only know the domain catch it."""

    def __init__(self, key: str):
        self.key = key
        super().__init__(f"Objek '{key}' tidak ada di penyimpanan.")


class StorageUnavailable(StorageError):
    """The store cannot be reached at all (server stopped, network down)."""

    def __init__(self, endpoint: str, reason: object):
        self.endpoint = endpoint
        super().__init__(f"Penyimpanan S3 di {endpoint} tidak dapat dihubungi: {reason}. "
                         "Periksa apakah server penyimpanan berjalan, lalu coba lagi.")
