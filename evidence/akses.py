"""Who may do what: roles, scopes, password hashing, the lockout rule and audit records.

Pure rules over plain values and records; the web service (tpcb.web) applies them.

Roles
-----
- admin: everything, office-wide; manages users.
- sekretariat: the TPCB secretariat of the office: files evidence, uploads signed letters,
  moves and verifies follow-ups, reads the audit log.
- kepala_dinas: reads everything office-wide, approves or rejects letters and signs them.
- pj_mutu: only their own Puskesmas: its tasks, its uploads, the letters addressed to it.
- surveyor: read-only, only the Puskesmas assigned.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any, overload

from pwdlib import PasswordHash
from pwdlib.exceptions import UnknownHashError
from pwdlib.hashers.argon2 import Argon2Hasher
from pydantic import BaseModel

from evidence.errors import InputError
from evidence.records import DINKES
from evidence.records.akun import AuditLog, Pengguna
from evidence.status import AksiTugas, Peran

ADMIN, SEKRETARIAT, KEPALA_DINAS, PJ_MUTU, SURVEYOR = (
    Peran.ADMIN, Peran.SEKRETARIAT, Peran.KEPALA_DINAS, Peran.PJ_MUTU, Peran.SURVEYOR)
ROLES = tuple(Peran)
ROLE_LABEL: dict[str, str] = {ADMIN: "Admin", SEKRETARIAT: "Sekretariat TPCB", KEPALA_DINAS: "Kepala Dinas",
                              PJ_MUTU: "PJ Mutu Puskesmas", SURVEYOR: "Surveior"}
SCOPED = (PJ_MUTU, SURVEYOR)  # roles limited to the Puskesmas listed on the user

# -- actions and the role x action table ---------------------------------------------------------
KATALOG, PUSKESMAS = "katalog", "puskesmas"
ARTEFAK_LIHAT, ARTEFAK_UNGGAH = "artefak.lihat", "artefak.unggah"
SURAT_LIHAT, SURAT_TTD, SURAT_SETUJUI = "surat.lihat", "surat.ttd", "surat.setujui"
TUGAS_LIHAT, TUGAS_UBAH = "tugas.lihat", "tugas.ubah"
KELENGKAPAN, KINERJA, BUNDEL, AUDIT, PENGGUNA = (
    "kelengkapan", "kinerja", "bundel", "audit", "pengguna")
READ = (KATALOG, PUSKESMAS, ARTEFAK_LIHAT, SURAT_LIHAT, TUGAS_LIHAT, KELENGKAPAN, KINERJA, BUNDEL)
PERMISSIONS: dict[str, frozenset[str]] = {
    ADMIN: frozenset((*READ, ARTEFAK_UNGGAH, SURAT_TTD, SURAT_SETUJUI, TUGAS_UBAH, AUDIT, PENGGUNA)),
    SEKRETARIAT: frozenset((*READ, ARTEFAK_UNGGAH, SURAT_TTD, TUGAS_UBAH, AUDIT)),
    KEPALA_DINAS: frozenset((*READ, SURAT_TTD, SURAT_SETUJUI)),
    PJ_MUTU: frozenset((*READ, ARTEFAK_UNGGAH, TUGAS_UBAH)),
    SURVEYOR: frozenset(READ),
}
# The Puskesmas moves its own tasks; verifying or refusing its work is the TPCB's.
TASK_STATUSES: dict[str, tuple[AksiTugas, ...]] = {
    PJ_MUTU: (AksiTugas.DIKERJAKAN, AksiTugas.SELESAI, AksiTugas.DIESKALASI)}
TASK_ALL = (AksiTugas.DIKERJAKAN, AksiTugas.SELESAI, AksiTugas.DIESKALASI, AksiTugas.DIVERIFIKASI,
            AksiTugas.DITOLAK)

FORBIDDEN = "Anda tidak berhak mengakses data ini."


class TidakBerwenang(Exception):
    """Access refused (HTTP 403). The message never names nor describes the resource."""

    def __init__(self, message: str = FORBIDDEN):
        super().__init__(message)


@dataclass(frozen=True)
class Actor:
    """The signed-in user as the rules see it."""

    username: str
    peran: str
    puskesmas: tuple[str, ...] = ()

    @property
    def office_wide(self) -> bool:
        return self.peran not in SCOPED


def actor(user: Pengguna) -> Actor:
    return Actor(user.username, user.peran, tuple(user.puskesmas or ()))


def may(a: Actor, action: str) -> bool:
    return action in PERMISSIONS.get(a.peran, frozenset())


def require(a: Actor, action: str) -> None:
    if not may(a, action):
        raise TidakBerwenang(f"Peran Anda ({ROLE_LABEL.get(a.peran, a.peran)}) tidak berwenang untuk "
                      "tindakan ini.")


def in_scope(a: Actor, pemilik: str | None) -> bool:
    """Whether a record owned by `pemilik` (kode Puskesmas or DINKES) is within the actor's scope."""
    if a.office_wide:
        return True
    return pemilik is not None and pemilik != DINKES and pemilik in a.puskesmas


def require_scope(a: Actor, pemilik: str | None) -> None:
    if not in_scope(a, pemilik):
        raise TidakBerwenang()


def may_read_artefact(a: Actor, pemilik: str) -> bool:
    """Office-wide evidence (SK TPCB, the schedule) serves every Puskesmas: all may read it."""
    return pemilik == DINKES or in_scope(a, pemilik)


def visible_puskesmas(a: Actor, kodes: list[str]) -> list[str]:
    return list(kodes) if a.office_wide else [k for k in kodes if k in a.puskesmas]


def task_statuses(a: Actor, tingkat: str | None = None) -> tuple[AksiTugas, ...]:
    """The follow-up statuses this actor may request (on a task at `tingkat`).

    Once a task is escalated (tingkat dinkes) the Dinkes answers it: the Puskesmas no longer moves it.
    """
    if not may(a, TUGAS_UBAH):
        return ()
    if a.peran in TASK_STATUSES and tingkat == "dinkes":
        return ()
    return TASK_STATUSES.get(a.peran, TASK_ALL)


def require_task_status(a: Actor, status: str, tingkat: str | None = None) -> None:
    if (status or "").strip().lower() not in task_statuses(a, tingkat):
        raise TidakBerwenang(f"Peran Anda ({ROLE_LABEL.get(a.peran, a.peran)}) tidak dapat mengubah status "
                      f"tindak lanjut ini menjadi '{status}'.")


# -- users ---------------------------------------------------------------------------------------
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
MIN_PASSWORD = 10


def check_user(username: str, peran: str, puskesmas: list[str], known: set[str]) -> list[str]:
    """Validate a new user; returns the normalised Puskesmas list."""
    if not USERNAME.match(username or ""):
        raise InputError(f"Nama pengguna '{username}' tidak sah: 3-40 huruf kecil, angka, titik, "
                         "garis bawah atau tanda hubung, diawali huruf atau angka.")
    if peran not in ROLES:
        raise InputError(f"Peran '{peran}' tidak dikenal; pilih salah satu: {', '.join(ROLES)}.")
    kodes = sorted({k.strip().upper() for k in puskesmas if k.strip()})
    if peran in SCOPED and not kodes:
        raise InputError(f"Peran {peran} membutuhkan Puskesmas: sebutkan --puskesmas KODE.")
    if peran not in SCOPED and kodes:
        raise InputError(f"Peran {peran} berlaku untuk seluruh kantor; jangan sebutkan --puskesmas.")
    unknown = [k for k in kodes if k not in known]
    if unknown:
        raise InputError(f"Puskesmas tidak terdaftar: {', '.join(unknown)}.")
    return kodes


def check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise InputError(f"Kata sandi terlalu pendek: minimal {MIN_PASSWORD} karakter.")


# -- password hashing: argon2id (pwdlib), the older scrypt hashes still verify and are upgraded ----
class ScryptLama:
    """The hashes earlier versions stored (`scrypt$N$r$p$salt$key`): verified, never produced,
    always due for a rehash, so each user moves to argon2id at their next sign-in."""

    PREFIX = "scrypt$"

    @classmethod
    def identify(cls, hash: str | bytes) -> bool:  # noqa: A002 - pwdlib's protocol
        return (hash.decode() if isinstance(hash, bytes) else hash).startswith(cls.PREFIX)

    def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
        raise NotImplementedError("hash scrypt tidak dibuat lagi; pakai argon2id")

    def verify(self, password: str | bytes, hash: str | bytes) -> bool:  # noqa: A002
        try:
            text = hash.decode() if isinstance(hash, bytes) else hash
            _algo, n, r, p, salt, key = text.split("$")
            expected = base64.b64decode(key)
            secret = password.encode() if isinstance(password, str) else password
            got = hashlib.scrypt(secret, salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                                 dklen=len(expected))
        except (ValueError, TypeError):
            return False
        return hmac.compare_digest(got, expected)

    def check_needs_rehash(self, hash: str | bytes) -> bool:  # noqa: A002
        return True


PASSWORDS = PasswordHash((Argon2Hasher(), ScryptLama()))  # the first one makes new hashes


def hash_password(password: str) -> str:
    return PASSWORDS.hash(password)


def verify_password(password: str, stored: str) -> bool:
    return verify_and_update(password, stored)[0]


def verify_and_update(password: str, stored: str) -> tuple[bool, str | None]:
    """(right password?, a new hash to store when the stored one is outdated, else None)."""
    try:
        return PASSWORDS.verify_and_update(password, stored)
    except (UnknownHashError, ValueError, TypeError):
        return False, None


@cache
def dummy_hash() -> str:
    """A hash to check against when the user does not exist, so both answers take as long."""
    return hash_password("tidak-ada-pengguna")


# -- lockout -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LockoutRule:
    max_failures: int = 5
    minutes: int = 15


@overload
def as_utc(value: datetime) -> datetime: ...
@overload
def as_utc(value: None) -> None: ...
@overload
def as_utc(value: datetime | None) -> datetime | None: ...
def as_utc(value: datetime | None) -> datetime | None:
    """Aware UTC (SQLite hands back naive datetimes that were stored as UTC)."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def locked(user: Pengguna, now: datetime) -> bool:
    until = as_utc(user.terkunci_sampai)
    return until is not None and now < until


def record_failure(user: Pengguna, now: datetime, rule: LockoutRule) -> bool:
    """Count a failed sign-in; returns True when this failure locks the account."""
    if user.terkunci_sampai is not None and not locked(user, now):
        user.gagal = 0  # the previous lock has expired: a fresh count
        user.terkunci_sampai = None
    user.gagal += 1
    user.diubah = now
    if user.gagal >= rule.max_failures:
        user.terkunci_sampai = now + timedelta(minutes=rule.minutes)
        return True
    return False


def record_success(user: Pengguna, now: datetime) -> bool:
    """Reset the counters; returns True when something changed."""
    changed = user.gagal != 0 or user.terkunci_sampai is not None
    user.gagal, user.terkunci_sampai = 0, None
    if changed:
        user.diubah = now
    return changed


# -- audit ---------------------------------------------------------------------------------------
def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


SECRET_FIELDS = {"password_hash"}


@overload
def snapshot(record: None, fields: tuple[str, ...] | None = None) -> None: ...
@overload
def snapshot(record: BaseModel | dict[str, Any], fields: tuple[str, ...] | None = None) -> dict[str, Any]: ...
def snapshot(record: Any, fields: tuple[str, ...] | None = None) -> dict[str, Any] | None:
    """The JSON-safe state of a record (or mapping) for the audit log; secrets left out."""
    if record is None:
        return None
    data = record if isinstance(record, dict) else record.model_dump()
    keep = {k: v for k, v in data.items() if k not in SECRET_FIELDS and (fields is None or k in fields)}
    return _plain(keep)


def audit_entry(oleh: str, aksi: str, sasaran: str, *, sebelum: Any = None, sesudah: Any = None,
                now: datetime | None = None) -> AuditLog:
    now = as_utc(now) if now is not None else datetime.now(UTC)
    return AuditLog(waktu=now, oleh=oleh, aksi=aksi, sasaran=sasaran,
                    sebelum=sebelum if isinstance(sebelum, dict) or sebelum is None else _plain(sebelum),
                    sesudah=sesudah if isinstance(sesudah, dict) or sesudah is None else _plain(sesudah))


def audit_json(row: AuditLog) -> dict[str, Any]:
    return {"id": row.id, "waktu": as_utc(row.waktu).isoformat(), "oleh": row.oleh, "aksi": row.aksi,
            "sasaran": row.sasaran, "sebelum": row.sebelum, "sesudah": row.sesudah}
