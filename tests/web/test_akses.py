"""The pure rules of evidence.akses: hashing, lockout, scope, audit shaping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from evidence import akses
from evidence.akses import Actor, LockoutRule
from evidence.records.akun import Pengguna


# An scrypt hash as earlier versions stored it (N=2^14, r=8, p=1) for "kata-sandi-lama".
def _scrypt_lama(password: str) -> str:
    import base64
    import hashlib

    salt = b"garam-acak-16bit"
    key = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return f"scrypt$16384$8$1${base64.b64encode(salt).decode()}${base64.b64encode(key).decode()}"


def test_argon2id_hash_is_salted_and_verifies():
    a, b = akses.hash_password("kata-sandi-rahasia"), akses.hash_password("kata-sandi-rahasia")
    assert a != b and a.startswith("$argon2id$")
    assert akses.verify_password("kata-sandi-rahasia", a)
    assert not akses.verify_password("kata-sandi-salah", a)
    assert not akses.verify_password("x", "rusak")
    assert akses.verify_and_update("kata-sandi-rahasia", a) == (True, None)  # current: kept


def test_an_older_scrypt_hash_still_verifies_and_is_upgraded():
    old = _scrypt_lama("kata-sandi-lama")
    right, new = akses.verify_and_update("kata-sandi-lama", old)
    assert right and new.startswith("$argon2id$") and akses.verify_password("kata-sandi-lama", new)
    assert akses.verify_and_update("kata-sandi-salah", old) == (False, None)


def test_lockout_rule():
    user = Pengguna(username="u", password_hash="-", peran="admin")
    now, rule = datetime(2026, 3, 12, 8, tzinfo=UTC), LockoutRule(3, 15)
    assert [akses.record_failure(user, now, rule) for _ in range(3)] == [False, False, True]
    assert akses.locked(user, now + timedelta(minutes=14))
    assert not akses.locked(user, now + timedelta(minutes=15))
    later = now + timedelta(minutes=16)
    assert akses.record_failure(user, later, rule) is False and user.gagal == 1  # a fresh count
    assert akses.record_success(user, later) and user.gagal == 0


def test_scope():
    pj = Actor("pj", akses.PJ_MUTU, ("PKM-A",))
    assert akses.in_scope(pj, "PKM-A") and not akses.in_scope(pj, "PKM-B")
    assert not akses.in_scope(pj, "dinkes") and akses.may_read_artefact(pj, "dinkes")
    assert akses.task_statuses(pj) == ("dikerjakan", "selesai", "dieskalasi")
    assert akses.task_statuses(pj, "dinkes") == ()  # escalated: the Dinkes answers it
    assert "diverifikasi" in akses.task_statuses(Actor("s", akses.SEKRETARIAT), "dinkes")
    with pytest.raises(akses.TidakBerwenang, match="^Anda tidak berhak mengakses data ini.$"):
        akses.require_scope(pj, "PKM-B")
    boss = Actor("k", akses.KEPALA_DINAS)
    assert akses.in_scope(boss, "PKM-B") and not akses.may(boss, akses.TUGAS_UBAH)
    assert akses.task_statuses(boss) == ()


def test_audit_entry_is_json_safe_and_hides_secrets():
    user = Pengguna(username="u", password_hash="scrypt$rahasia", peran="admin",
                    terkunci_sampai=datetime(2026, 1, 1, tzinfo=UTC))
    snap = akses.snapshot(user)
    assert "password_hash" not in snap and snap["terkunci_sampai"] == "2026-01-01T00:00:00+00:00"
    entry = akses.audit_entry("admin", "x", "y", sebelum=snap)
    assert entry.waktu.tzinfo is not None
