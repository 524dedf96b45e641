"""Users of the web service: add, authenticate with lockout, and the demo's one user per role."""

from __future__ import annotations

from datetime import UTC, datetime

from evidence import akses
from evidence.akses import LockoutRule, snapshot
from evidence.errors import Conflict, EvidenceError, NotFound
from evidence.records import utcnow
from evidence.records.akun import Pengguna
from tpcb.services.audit import record
from tpcb.wiring import App

USER_FIELDS = ("username", "peran", "puskesmas", "aktif", "gagal", "terkunci_sampai", "sesi_sejak")
WRONG = "Nama pengguna atau kata sandi salah."


class LoginGagal(EvidenceError):
    """Wrong user name or password (401); the message does not say which."""


class Terkunci(EvidenceError):
    """Too many failed sign-ins: the account is locked for a while (429)."""


def add_user(repo, username: str, peran: str, puskesmas: list[str], password: str, *,
             oleh: str) -> Pengguna:
    username = (username or "").strip().lower()
    known = {p.kode for p in repo.all_puskesmas()}
    kodes = akses.check_user(username, peran, puskesmas, known)
    akses.check_password(password)
    if repo.pengguna(username) is not None:
        raise Conflict(f"Pengguna '{username}' sudah ada.")
    user = Pengguna(username=username, password_hash=akses.hash_password(password), peran=peran,
                    puskesmas=kodes)
    repo.add(user)
    record(repo, oleh, "pengguna.tambah", f"pengguna:{username}", sesudah=snapshot(user, USER_FIELDS))
    return user


def known_user(repo, username: str) -> Pengguna:
    user = repo.pengguna((username or "").strip().lower())
    if user is None:
        raise NotFound(f"Pengguna '{(username or '').strip().lower()}' tidak ada. Lihat: tpcb user list")
    return user


def _end_sessions(user: Pengguna, now: datetime) -> None:
    """Every token and page session issued so far stops working; the lock is lifted."""
    user.sesi_sejak, user.diubah = now, now
    user.gagal, user.terkunci_sampai = 0, None


def set_password(repo, username: str, password: str, *, oleh: str,
                 now: datetime | None = None) -> Pengguna:
    """A new password (forgotten, or shared by mistake): unlocks and signs out everywhere."""
    user = known_user(repo, username)
    akses.check_password(password)
    before = snapshot(user, USER_FIELDS)
    user.password_hash = akses.hash_password(password)
    _end_sessions(user, now or datetime.now(UTC))
    repo.add(user)
    record(repo, oleh, "pengguna.sandi", f"pengguna:{user.username}", sebelum=before,
           sesudah=snapshot(user, USER_FIELDS))
    return user


def set_active(repo, username: str, aktif: bool, *, oleh: str,
               now: datetime | None = None) -> Pengguna:
    """Deactivate (staff moved on: signed out at once, cannot sign in) or reactivate and unlock."""
    user = known_user(repo, username)
    before = snapshot(user, USER_FIELDS)
    user.aktif = aktif
    _end_sessions(user, now or datetime.now(UTC))
    repo.add(user)
    record(repo, oleh, "pengguna.aktif" if aktif else "pengguna.nonaktif", f"pengguna:{user.username}",
           sebelum=before, sesudah=snapshot(user, USER_FIELDS))
    return user


def authenticate(uow, username: str, password: str, *, rule: LockoutRule,
                 now: datetime | None = None, perangkat_dikenal: bool = False) -> Pengguna:
    """The user, or LoginGagal/Terkunci. Every failure of a known user counts toward the lock
    (stored as a step of its own: the refusal that follows drops nothing of it).

    A lock stops strangers only: from a device the user signed in on before (`perangkat_dikenal`)
    the password is still checked, and a right one lifts the lock. So an outsider who knows a
    username cannot keep its owner out.
    """
    repo = uow.repo
    now = now or datetime.now(UTC)
    user = repo.pengguna((username or "").strip().lower())
    if user is None or not user.aktif:
        akses.verify_password(password or "", akses.dummy_hash())  # same time as a real check
        raise LoginGagal(WRONG)
    if akses.locked(user, now) and not perangkat_dikenal:
        raise Terkunci(_locked_message(rule))
    right, upgraded = akses.verify_and_update(password or "", user.password_hash)
    if not right:
        before = snapshot(user, USER_FIELDS)
        with uow.step():
            locks = akses.record_failure(user, now, rule)
            repo.add(user)
            record(repo, user.username, "masuk.gagal", f"pengguna:{user.username}", sebelum=before,
                   sesudah=snapshot(user, USER_FIELDS))
        if locks and not perangkat_dikenal:
            raise Terkunci(_locked_message(rule))
        raise LoginGagal(WRONG)
    changed = akses.record_success(user, now)
    if upgraded is not None:  # an older hash (scrypt) or older argon2 parameters: stored anew
        user.password_hash = upgraded
        changed = True
    if changed:
        repo.add(user)
    return user


def _locked_message(rule: LockoutRule) -> str:
    return (f"Akun dikunci sementara karena {rule.max_failures} kali gagal masuk. Coba lagi setelah "
            f"{rule.minutes} menit atau hubungi admin.")


def demo_password(peran: str) -> str:
    """Deterministic demo passwords, for the fictional kabupaten only."""
    return f"demo-{peran.replace('_', '-')}-2026"


def demo_users(app: App) -> list[tuple[str, str, str]]:
    """One user per role (idempotent): [(username, role, password)]. For the demo only."""
    with app.repo() as repo:
        kodes = [p.kode for p in repo.all_puskesmas()]
        if not kodes:
            raise EvidenceError("Belum ada Puskesmas; muat data demo dulu.")
        # The first Puskesmas has finished its follow-ups in the demo: PJ Mutu gets the second.
        pj = kodes[1] if len(kodes) > 1 else kodes[0]
        wanted = [("admin", akses.ADMIN, []), ("sekretariat", akses.SEKRETARIAT, []),
                  ("kepala.dinas", akses.KEPALA_DINAS, []),
                  (f"pjmutu.{pj.lower()}", akses.PJ_MUTU, [pj]),
                  ("surveior", akses.SURVEYOR, kodes[:2])]
        out: list[tuple[str, str, str]] = []
        for username, peran, scope in wanted:
            password = demo_password(peran)
            user = repo.pengguna(username)
            if user is None:
                add_user(repo, username, peran, scope, password, oleh="demo")
            elif not akses.verify_password(password, user.password_hash) or user.gagal:
                user.password_hash, user.gagal, user.terkunci_sampai = akses.hash_password(password), 0, None
                user.diubah = utcnow()
                repo.add(user)
                record(repo, "demo", "pengguna.atur_ulang", f"pengguna:{username}")
            out.append((username, peran, password))
    return out
