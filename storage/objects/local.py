"""ObjectStore on a local directory: one file per object plus a JSON sidecar.

Layout under `root`:
  <key>                      the current bytes
  .meta/<key>.json           sha256, size, content type, metadata, version of the current bytes
  .versions/<key>/<n>        earlier bytes, <n>.json their sidecar (history is never dropped)

Version ids are "1", "2", ... per key, so `versions()` and `put().version_id` agree.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from evidence.ports import StoredObject
from storage.errors import ObjectMissing, StorageError

META_DIR = ".meta"
VERSIONS_DIR = ".versions"


def check_key(key: str) -> str:
    """Refuse a key that could escape the store or alias another key.

    Keys come from evidence/keys.py and are already safe; this is defence in depth, so a bug
    upstream cannot turn into a write outside `root` (or, on S3, into a path the server
    normalises to a different object).
    """
    if not isinstance(key, str) or not key:
        raise StorageError("Kunci objek kosong tidak dapat disimpan.")
    if "\\" in key or any(ord(ch) < 32 or ord(ch) == 127 for ch in key):
        raise StorageError(f"Kunci objek {key!r} memuat karakter yang tidak diizinkan.")
    for segment in key.split("/"):
        # Empty covers absolute keys and "//"; a leading dot covers ".", ".." and the
        # store's own .meta/.versions/.tmp names, which keys.py never produces.
        if not segment or segment.startswith("."):
            raise StorageError(f"Kunci objek {key!r} tidak aman untuk penyimpanan.")
    return key


TMP_PREFIX = ".tmp-"


def _why(err: OSError) -> str:
    """The cause in words a clerk can pass on to the admin."""
    words = {errno.ENOSPC: "disk penyimpanan penuh; minta admin mengosongkan ruang",
             errno.EDQUOT: "kuota disk penyimpanan habis",
             errno.EROFS: "disk penyimpanan hanya dapat dibaca",
             errno.EACCES: "tidak ada izin menulis ke folder penyimpanan",
             errno.EPERM: "tidak ada izin menulis ke folder penyimpanan"}
    return words.get(err.errno or 0, f"galat sistem berkas ({err.strerror or err})")  # 0: no errno


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # removed meanwhile: not a leftover
        return float("inf")


def _write_atomic(path: Path, data: bytes) -> None:
    """Write to a temp file beside `path`, then rename: readers see old or new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=TMP_PREFIX)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class LocalObjectStore:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def _data(self, key: str) -> Path:
        return self.root / check_key(key)

    def _meta(self, key: str) -> Path:
        return self.root / META_DIR / f"{check_key(key)}.json"

    def _history(self, key: str) -> Path:
        return self.root / VERSIONS_DIR / check_key(key)

    def _read_meta(self, key: str) -> dict | None:
        try:
            return json.loads(self._meta(key).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None

    def _archived(self, key: str) -> list[int]:
        history = self._history(key)
        if not history.is_dir():
            return []
        return sorted(int(p.name) for p in history.iterdir() if p.name.isdigit())

    def _archive_current(self, key: str, meta: dict) -> None:
        """Copy the current bytes and sidecar into history before they are replaced."""
        history = self._history(key)
        history.mkdir(parents=True, exist_ok=True)
        n = str(meta["version"])
        shutil.copy2(self._data(key), history / n)
        _write_atomic(history / f"{n}.json", json.dumps(meta).encode())

    def put(self, key: str, data: bytes, *, content_type: str,
            metadata: dict[str, str]) -> StoredObject:
        previous = self._read_meta(key)
        try:
            if previous is not None and self._data(key).exists():
                self._archive_current(key, previous)
            # Continue after the highest number ever used, so a key deleted and written again
            # never reuses a version id.
            used = self._archived(key) + ([int(previous["version"])] if previous else [])
            version = max(used, default=0) + 1
            meta = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data),
                    "content_type": content_type, "metadata": dict(metadata),
                    "version": version}
            _write_atomic(self._data(key), data)
            # The sidecar is written last: it is what marks the new version as complete.
            _write_atomic(self._meta(key), json.dumps(meta, ensure_ascii=False).encode())
        except OSError as err:
            if previous is None:  # a first version half written: nothing of it may stay behind
                self._data(key).unlink(missing_ok=True)
            raise StorageError(f"Objek '{key}' tidak dapat disimpan di {self.root}: {_why(err)}. "
                               "Tidak ada yang disimpan.") from err
        return self._stored(key, meta)

    def get(self, key: str) -> bytes:
        try:
            return self._data(key).read_bytes()
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            raise ObjectMissing(key) from None

    def stat(self, key: str) -> StoredObject | None:
        meta = self._read_meta(key)
        if meta is None or not self._data(key).is_file():
            return None
        return self._stored(key, meta)

    def delete(self, key: str) -> None:
        meta = self._read_meta(key)
        if meta is not None and self._data(key).is_file():
            # Like a delete marker on a versioned bucket: the object disappears from get/list,
            # its bytes stay in history.
            self._archive_current(key, meta)
        self._data(key).unlink(missing_ok=True)
        self._meta(key).unlink(missing_ok=True)

    def list_objects(self, prefix: str = "") -> Iterator[StoredObject]:
        keys = []
        for dirpath, dirnames, filenames in os.walk(self.root):
            # Skip .meta, .versions and temp files: they are the store's, not objects.
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            rel = Path(dirpath).relative_to(self.root)
            for name in filenames:
                if name.startswith("."):
                    continue
                key = (rel / name).as_posix()
                if key.startswith(prefix):
                    keys.append(key)
        for key in sorted(keys):
            try:
                found = self.stat(key)
            except StorageError:  # a stray file whose name is no valid key is not an object
                continue
            if found is not None:
                yield found

    def leftovers(self, *, older_than_s: int) -> list[str]:
        """Temporary files of writes that never finished (the process was killed mid-write),
        older than `older_than_s` so that a write in progress is never taken for one."""
        limit = time.time() - older_than_s
        found = []
        for dirpath, _dirnames, filenames in os.walk(self.root):
            for name in filenames:
                path = Path(dirpath) / name
                if name.startswith(TMP_PREFIX) and _mtime(path) < limit:
                    found.append(path.relative_to(self.root).as_posix())
        return sorted(found)

    def remove_leftover(self, name: str) -> None:
        path = (self.root / name).resolve()
        if not path.name.startswith(TMP_PREFIX) or self.root.resolve() not in path.parents:
            raise StorageError(f"'{name}' bukan berkas sementara penyimpanan.")
        path.unlink(missing_ok=True)

    def versions(self, key: str) -> list[str]:
        ids = self._archived(key)
        meta = self._read_meta(key)
        if meta is not None and self._data(key).is_file():
            ids.append(int(meta["version"]))
        return [str(n) for n in sorted(set(ids))]

    @staticmethod
    def _stored(key: str, meta: dict) -> StoredObject:
        return StoredObject(key=key, size=int(meta["size"]), sha256=meta["sha256"],
                            content_type=meta["content_type"],
                            metadata=dict(meta.get("metadata") or {}),
                            version_id=str(meta["version"]))
