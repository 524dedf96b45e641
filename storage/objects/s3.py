"""ObjectStore on an S3 bucket (MinIO, SeaweedFS, AWS) through the `minio` client.

The bucket is created on first use and put under versioning, so an overwrite never loses the
earlier evidence. sha256 and the caller's metadata travel as user metadata (x-amz-meta-*).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import string
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import quote, unquote

import certifi
import urllib3
from minio import Minio
from minio.commonconfig import ENABLED
from minio.error import MinioException, S3Error, ServerError
from minio.versioningconfig import VersioningConfig
from urllib3.exceptions import (
    HTTPError,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ResponseError,
)
from urllib3.exceptions import TimeoutError as Urllib3Timeout

from evidence.ports import StoredObject
from storage.errors import ObjectMissing, StorageError, StorageUnavailable
from storage.objects.local import check_key

log = logging.getLogger(__name__)
_META = "x-amz-meta-"
SHA256_META = "sha256"
# Header values must be ASCII and S3 signing collapses/trims spaces: keep printable ASCII
# except '%' (the escape) and ' ' (encoded so it survives signing), percent-encode the rest.
_SAFE_VALUE = "".join(ch for ch in string.printable if ch not in "% \t\n\r\x0b\x0c")
# Header names are case-insensitive and servers lower-case them: keep [a-z0-9_-] readable and
# escape anything else (e.g. upper case), so any metadata key round-trips exactly.
_SAFE_NAME = frozenset(string.ascii_lowercase + string.digits + "_-")
_MISSING_CODES = {"NoSuchKey", "NoSuchVersion"}
_UNREACHABLE = (HTTPError, ConnectionError, TimeoutError)


def _encode_name(name: str) -> str:
    # quote() would keep upper-case letters as they are, so escape byte by byte ourselves.
    return "".join(ch if ch in _SAFE_NAME else "".join(f"%{b:02X}" for b in ch.encode())
                   for ch in name)


def _why(err: BaseException) -> str:
    """A short Indonesian reason instead of urllib3's multi-line repr."""
    while isinstance(err, MaxRetryError) and err.reason is not None:
        err = err.reason
    if isinstance(err, NameResolutionError):
        return "nama host tidak dikenal"
    if isinstance(err, NewConnectionError) or isinstance(err, ConnectionRefusedError):
        return "koneksi ditolak" if "refused" in str(err).lower() else "koneksi gagal"
    if isinstance(err, (Urllib3Timeout, TimeoutError)):
        return "waktu tunggu habis"
    if isinstance(err, ResponseError):  # retries used up on 5xx answers
        return f"server berulang kali menjawab galat ({err})"
    return f"{type(err).__name__}: {err}"


class S3ObjectStore:
    def __init__(self, endpoint: str, bucket: str, access_key: str, secret_key: str,
                 secure: bool = False, region: str | None = None):
        self.endpoint, self.bucket = endpoint, bucket
        # Short timeouts and few retries: a stopped server must fail a request in seconds,
        # not hang a clerk's upload for the minio default of five minutes.
        http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=5, read=30),
            retries=urllib3.Retry(total=2, backoff_factor=0.2,
                                  status_forcelist=[500, 502, 503, 504]),
            maxsize=10,
            cert_reqs="CERT_REQUIRED" if secure else "CERT_NONE",
            ca_certs=certifi.where() if secure else None,
        )
        self._client = Minio(endpoint, access_key=access_key, secret_key=secret_key,
                             secure=secure, region=region, http_client=http)
        self._ready = False

    @contextlib.contextmanager
    def _translate(self, key: str | None = None) -> Iterator[None]:
        """Turn minio/urllib3 failures into storage errors with a message for the user."""
        try:
            yield
        except S3Error as err:
            if key is not None and err.code in _MISSING_CODES:
                raise ObjectMissing(key) from err
            log.error("S3 %s/%s menolak permintaan untuk %r: %s (%s)", self.endpoint, self.bucket, key,
                      err.code, err.message)
            raise StorageError(f"Penyimpanan S3 di {self.endpoint} menolak permintaan"
                               f"{f' untuk {key!r}' if key else ''}: {err.code} "
                               f"({err.message}).") from err
        except ServerError as err:  # a 5xx without an S3 error body: the server is not well
            log.error("S3 %s/%s menjawab status HTTP %s untuk %r", self.endpoint, self.bucket,
                      err.status_code, key)
            raise StorageUnavailable(self.endpoint, f"status HTTP {err.status_code}") from err
        except _UNREACHABLE as err:
            log.error("S3 %s tidak dapat dihubungi (%r): %s", self.endpoint, key, _why(err))
            raise StorageUnavailable(self.endpoint, _why(err)) from err
        except MinioException as err:
            log.error("S3 %s: jawaban tidak dapat dipahami untuk %r: %s", self.endpoint, key, err)
            raise StorageError(f"Jawaban penyimpanan S3 di {self.endpoint} tidak dapat "
                               f"dipahami: {err}") from err

    def _ensure_bucket(self) -> None:
        if self._ready:
            return
        with self._translate():
            if not self._client.bucket_exists(self.bucket):
                try:
                    self._client.make_bucket(self.bucket)
                except S3Error as err:  # another process created it meanwhile
                    if err.code not in {"BucketAlreadyOwnedByYou", "BucketAlreadyExists"}:
                        raise
            if self._client.get_bucket_versioning(self.bucket).status != ENABLED:
                self._client.set_bucket_versioning(self.bucket, VersioningConfig(ENABLED))
        self._ready = True

    def put(self, key: str, data: bytes, *, content_type: str,
            metadata: dict[str, str]) -> StoredObject:
        check_key(key)
        sha256 = hashlib.sha256(data).hexdigest()
        # Names carry the x-amz-meta- prefix already: minio would otherwise treat a key such
        # as "content-type" as the real header instead of metadata.
        headers: dict[str, str | list[str] | tuple[str]] = {  # the type minio asks for
            _META + _encode_name(name): quote(str(value), safe=_SAFE_VALUE)
            for name, value in metadata.items()}
        if _META + SHA256_META in headers:
            raise StorageError(f"Metadata '{SHA256_META}' dipakai penyimpanan sendiri; "
                               "pakai nama lain.")
        headers[_META + SHA256_META] = sha256
        self._ensure_bucket()
        with self._translate(key):
            result = self._client.put_object(self.bucket, key, io.BytesIO(data), len(data),
                                             content_type=content_type, metadata=headers)
        return StoredObject(key=key, size=len(data), sha256=sha256, content_type=content_type,
                            metadata=dict(metadata), version_id=result.version_id)

    def get(self, key: str) -> bytes:
        check_key(key)
        self._ensure_bucket()
        with self._translate(key):
            response = self._client.get_object(self.bucket, key)
            try:
                return response.read()
            finally:
                response.close()
                response.release_conn()

    def stat(self, key: str) -> StoredObject | None:
        check_key(key)
        self._ensure_bucket()
        try:
            with self._translate(key):
                info = self._client.stat_object(self.bucket, key)
        except ObjectMissing:
            return None
        sha256, metadata = "", {}
        for name, value in (info.metadata or {}).items():
            if not name.lower().startswith(_META):
                continue
            name = unquote(name[len(_META):].lower())
            if name == SHA256_META:
                sha256 = value
            else:
                metadata[name] = unquote(value)
        return StoredObject(key=key, size=info.size or 0, sha256=sha256,  # HEAD always sends a size
                            content_type=info.content_type or "application/octet-stream",
                            metadata=metadata, version_id=info.version_id)

    def delete(self, key: str) -> None:
        check_key(key)
        self._ensure_bucket()
        with self._translate(key):
            # On a versioned bucket this only adds a delete marker: history stays.
            self._client.remove_object(self.bucket, key)

    def list_objects(self, prefix: str = "") -> Iterator[StoredObject]:
        self._ensure_bucket()
        with self._translate():
            names = [obj.object_name for obj in
                     self._client.list_objects(self.bucket, prefix=prefix or None,
                                               recursive=True)
                     if not obj.is_dir]
        # Listing gives no user metadata, so each object is stat'ed; one removed in between
        # is skipped rather than reported as missing.
        for name in sorted(names):
            found = self.stat(name)
            if found is not None:
                yield found

    def leftovers(self, *, older_than_s: int) -> list[str]:
        """None: an S3 PUT is atomic, so a killed write leaves no partial object behind."""
        return []

    def remove_leftover(self, name: str) -> None:
        raise StorageError(f"'{name}' bukan berkas sementara penyimpanan.")

    def versions(self, key: str) -> list[str]:
        check_key(key)
        self._ensure_bucket()
        with self._translate(key):
            listed = [obj for obj in
                      self._client.list_objects(self.bucket, prefix=key, recursive=True,
                                                include_version=True)
                      if obj.object_name == key and not obj.is_delete_marker]
        # S3 lists a key's versions newest first; reversing and then a stable sort on time
        # gives oldest first even if a server orders otherwise or two share a timestamp.
        listed.reverse()
        listed.sort(key=lambda obj: obj.last_modified)
        return [obj.version_id for obj in listed if obj.version_id]

    def presigned_get(self, key: str, expires_seconds: int = 900) -> str:
        """A time-limited download URL, so a browser fetches the file without our keys."""
        check_key(key)
        if not 1 <= expires_seconds <= 7 * 24 * 3600:
            raise StorageError("Masa berlaku tautan unduhan harus 1 detik sampai 7 hari.")
        self._ensure_bucket()
        with self._translate(key):
            return self._client.presigned_get_object(self.bucket, key,
                                                     expires=timedelta(seconds=expires_seconds))
