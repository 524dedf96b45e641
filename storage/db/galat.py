"""One boundary between the database driver and the user.

Every database error passes through `handle_error` and leaves as a domain error with an Indonesian
message that names the cause (down, full, read-only, busy, not set up), and every value sent to the
database is checked first so that SQLite and PostgreSQL refuse the same hostile input (a NUL byte,
an integer no column can hold) in the same words.
"""

from __future__ import annotations

import logging

from sqlalchemy import event
from sqlalchemy.engine import Engine

from evidence.errors import Conflict, DatabaseNotSetUp, DatabaseUnavailable, InputError

log = logging.getLogger(__name__)

INT64 = 2**63 - 1
NUL = "Isian memuat karakter NUL (\\x00) yang tidak sah; hapus karakter itu lalu kirim ulang."
TOO_BIG = "Angka {value} di luar jangkauan yang dapat disimpan."
NEXT = " Data tidak diubah."
CLASH = ("Data bentrok dengan yang sudah tersimpan (kunci ganda), mungkin baru saja disimpan oleh "
         "proses lain. Data tidak diubah; muat ulang lalu periksa.")
UNKNOWN_OUTCOME = (" Sambungan putus saat menyimpan, sehingga hasilnya tidak pasti: periksa datanya "
                   "(atau jalankan `tpcb storage reconcile`) sebelum mengulang.")

# (cause, words in the driver's message, Indonesian message, worth retrying)
_CAUSES = (
    ("belum_disiapkan", ("no such table", "does not exist", "undefinedtable"),
     "Basis data belum disiapkan (tabel belum ada). Jalankan dulu: tpcb init", False),
    ("hanya_baca", ("readonly database", "read-only", "read only"),
     "Basis data hanya dapat dibaca (izin berkas atau server dalam mode baca saja); "
     "perubahan tidak dapat disimpan. Minta admin memeriksa izin tulis basis data.", False),
    ("penuh", ("database or disk is full", "disk i/o error", "no space left", "diskfull",
               "could not extend file"),
     "Disk basis data penuh atau rusak (galat I/O); perubahan tidak dapat disimpan. "
     "Minta admin mengosongkan ruang disk, lalu coba lagi.", True),
    ("sibuk", ("database is locked", "lock timeout", "deadlock", "could not serialize",
               "canceling statement due to"),
     "Basis data sedang sibuk dipakai proses lain; coba lagi sebentar lagi.", True),
    ("tidak_terhubung", ("connection", "could not connect", "server closed", "terminating",
                         "unable to open database", "timeout", "administrator command",
                         "broken pipe", "ssl syscall"),
     "Basis data tidak dapat dihubungi (server mati atau sambungan putus). Periksa apakah server "
     "basis data berjalan, lalu coba lagi.", True),
)


def install(engine: Engine) -> None:
    event.listen(engine, "before_cursor_execute", _check_parameters, retval=False)
    event.listen(engine, "handle_error", _translate)


def _check_parameters(conn, cursor, statement, parameters, context, executemany) -> None:
    for value in _values(parameters):
        if isinstance(value, str):
            if "\x00" in value:
                raise InputError(NUL)
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > INT64:
            raise InputError(TOO_BIG.format(value=_short(value)))


def _values(parameters):
    """Every bound value, whatever shape the driver call has (one row, many rows, batches)."""
    stack = [parameters]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
        else:
            yield item


def _short(value: int) -> str:
    text = str(value)
    return text if len(text) <= 24 else text[:20] + "…"


def unavailable(sebab: str, message: str, *, sementara: bool = True,
                pasti_gagal: bool = True) -> DatabaseUnavailable:
    """The typed error of a cause: DatabaseNotSetUp for missing tables, so that callers decide
    with isinstance (never by reading the message)."""
    if sebab == "belum_disiapkan":
        return DatabaseNotSetUp(message, pasti_gagal=pasti_gagal)
    return DatabaseUnavailable(sebab, message, sementara=sementara, pasti_gagal=pasti_gagal)


def _translate(ctx):
    """The domain error to raise instead of the driver's, or None to keep it."""
    if getattr(ctx, "is_pre_ping", False):
        return None
    error = _domain_error(ctx)
    if isinstance(error, DatabaseUnavailable):
        original = ctx.original_exception
        log.error("Basis data tidak dapat dipakai (%s%s): %s: %s", error.sebab,
                  ", sementara" if error.sementara else "", type(original).__name__,
                  str(original).strip())
    return error


def _domain_error(ctx):
    original = ctx.original_exception
    name = type(original).__name__
    text = f"{name} {original}".lower()
    if "integrity" in name.lower() or "unique" in text and "constraint" in text:
        return Conflict(CLASH)
    if "out of range" in text or isinstance(original, OverflowError):
        return InputError("Angka di luar jangkauan yang dapat disimpan." + NEXT)
    if "nul (0x00)" in text or "null character" in text:
        return InputError(NUL)
    for sebab, words, message, sementara in _CAUSES:
        if any(w in text for w in words):
            return unavailable(sebab, message, sementara=sementara)
    if ctx.is_disconnect:
        return unavailable("tidak_terhubung", _CAUSES[-1][2])
    if name in ("OperationalError", "InterfaceError", "InternalError", "DatabaseError"):
        return unavailable("lainnya", f"Basis data menolak permintaan ({name}); coba lagi, dan "
                           "bila berulang laporkan ke admin.")
    return None


def outcome_unknown(exc: DatabaseUnavailable) -> DatabaseUnavailable:
    """The same cause, told at commit: the change may or may not have been stored."""
    if exc.sebab in ("tidak_terhubung", "lainnya"):
        return unavailable(exc.sebab, str(exc) + UNKNOWN_OUTCOME, sementara=exc.sementara,
                           pasti_gagal=False)
    return unavailable(exc.sebab, str(exc) + NEXT, sementara=exc.sementara)


def release_session(session, *, close: bool = True) -> None:
    """Drop what the session holds (roll back), and close it unless it goes on being used.

    When its connection already died, the connection is dropped instead: a rollback on a dead
    connection raises, and a request would then end with no answer at all."""
    try:
        if close:
            session.close()
        else:
            session.rollback()
    except DatabaseUnavailable:
        session.invalidate()
