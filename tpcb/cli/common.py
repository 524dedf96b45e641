"""Shared CLI helpers: consoles, error exit, value parsing with Indonesian messages.

Text from users and from the database is printed as it is: both consoles interpret no Rich
markup and no emoji codes, so a Puskesmas name such as "[/x]" or "[bold]x" appears literally and
never breaks a table. Styling is explicit: `styled()` for a literal template whose interpolated
values are `escape()`d, or `Text(value, style=...)` (see `tinted`). Control characters in shown
text are made visible (`\\x1b`) instead of reaching the terminal.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import stat
import sys
import unicodedata
from datetime import date
from pathlib import Path
from typing import NoReturn, overload

from rich.console import Console, JustifyMethod
from rich.table import Table
from rich.text import Text

from evidence.errors import EvidenceError, InputError
from evidence.format_id import ukuran
from evidence.jam import hari_ini
from tpcb.wiring import App, build_app

log = logging.getLogger(__name__)
MAX_ID = 2_147_483_647  # the largest id any table holds (PostgreSQL INTEGER)
MB = 1024 * 1024
CHUNK = MB
SHOWN = 80  # characters of a user's value echoed back in a message
SHOWN_PATH = 400  # a path is shown whole unless it is absurd


def visible(text: str, keep: str = "\n\t") -> str:
    """`text` with every control character (and every unpaired surrogate, i.e. bytes that are not
    UTF-8) written as an escape such as \\x1b, except those in `keep`."""
    if text.isprintable():
        return text
    out = []
    for c in text:
        if c in keep or unicodedata.category(c) not in ("Cc", "Cs"):
            out.append(c)
        else:
            out.append(repr(c)[1:-1] if unicodedata.category(c) == "Cc" else f"\\x{ord(c) & 0xff:02x}")
    return "".join(out)


def shown(value: object, limit: int = SHOWN) -> str:
    """A user's value for a one-line message: control characters escaped, long text shortened."""
    text = visible(str(value), keep="")
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} karakter)"


class _Console(Console):
    """A Console that shows every string it renders with control characters made visible."""

    def render_str(self, text: str, **kwargs) -> Text:
        return super().render_str(visible(text), **kwargs)


# Off a terminal (CI logs, pipes) Rich would assume 80 columns; the matrix needs more.
_WIDTH = None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 120
console = _Console(width=_WIDTH, markup=False, emoji=False)
console_err = _Console(stderr=True, width=_WIDTH, markup=False, emoji=False)


def styled(template: str) -> Text:
    """Rich markup from a literal template; the caller `escape()`s every interpolated value."""
    return Text.from_markup(visible(template), emoji=False)


def tinted(value: object, style: str) -> Text:
    """One value shown literally, in a style (a table cell, a status word)."""
    return Text(visible(str(value)), style=style)


def assemble(*parts: str | tuple[str, str] | Text) -> Text:
    """`Text.assemble` whose plain and (text, style) parts are shown literally, control
    characters made visible."""
    def clean(part):
        if isinstance(part, str):
            return visible(part)
        if isinstance(part, tuple):
            return (visible(part[0]), part[1])
        return part

    return Text.assemble(*(clean(p) for p in parts))


class ArgumentError(InputError):
    """A command-line value refused at the boundary (control characters, an integer out of range,
    an empty code): bad usage, exit code 2 like Click's own usage errors."""


def today() -> date:
    return hari_ini()


def error_line(message: str) -> Text:
    return Text.assemble(("Galat:", "red"), " ", visible(message))


def fail(exc: BaseException) -> NoReturn:
    text = str(exc)
    if isinstance(exc, EvidenceError | OSError | RecursionError | MemoryError):
        log.warning("Perintah ditolak (%s): %s", type(exc).__name__, text)
    else:
        log.error("Galat tak terduga pada perintah: %s", text, exc_info=exc)
    if isinstance(exc, ArgumentError):
        console_err.print(error_line(text), highlight=False, soft_wrap=True)
        sys.exit(2)
    if isinstance(exc, EvidenceError):
        console_err.print(error_line(text), highlight=False, soft_wrap=True)
        sys.exit(1)
    if isinstance(exc, OSError):
        console_err.print(error_line(f"{os_problem(exc)} Periksa izin dan ruang disk, lalu "
                                     "coba lagi."), highlight=False, soft_wrap=True)
        sys.exit(1)
    if isinstance(exc, RecursionError):
        console_err.print(error_line("Isian bersarang terlalu dalam untuk diproses (mis. YAML dengan "
                                     "ribuan tingkat kurung); sederhanakan isinya."),
                          highlight=False, soft_wrap=True)
        sys.exit(1)
    if isinstance(exc, MemoryError):
        console_err.print(error_line("Memori tidak cukup untuk perintah ini. Periksa apakah ada yang "
                                     "sudah tersimpan (tpcb storage reconcile) sebelum mengulang."),
                          highlight=False, soft_wrap=True)
        sys.exit(1)
    console_err.print(Text.assemble(
        ("Galat tak terduga:", "red"), f" {type(exc).__name__}: {visible(text)}\n"
        "Periksa apakah perubahan sudah tersimpan (tpcb storage reconcile) sebelum mengulang; "
        "bila berulang, laporkan pesan ini ke admin."), highlight=False,
        soft_wrap=True)
    sys.exit(1)


def app_() -> App:
    return build_app()


# -- values typed on the command line -------------------------------------------------------------
YEARS = (2000, 2100)


def parse_date(value: str | None, field: str = "--tanggal") -> date:
    if value is None:
        return today()
    text = value.strip()
    try:
        if len(text) > 10 or not text.isascii():
            raise ValueError
        when = date.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"{field} '{shown(value)}' bukan tanggal yang sah; tulis dengan format TTTT-BB-HH, "
            "misalnya 2026-03-12."
        ) from None
    if not YEARS[0] <= when.year <= YEARS[1]:
        raise InputError(f"{field} '{shown(value)}' di luar rentang tahun {YEARS[0]}–{YEARS[1]}.")
    return when


def parse_year(value: str | None, field: str = "--tahun") -> int:
    if value is None:
        return today().year
    number = _integer(value)
    if number is None:
        raise InputError(f"{field} '{shown(value)}' bukan tahun yang sah (contoh: 2026).")
    if not YEARS[0] <= number <= YEARS[1]:
        raise ArgumentError(f"{field} '{shown(value)}' bukan tahun yang sah: di luar rentang "
                            f"{YEARS[0]}–{YEARS[1]} (contoh: 2026).")
    return number


_SIGNED = re.compile(r"[+-]?[0-9]+")


def _integer(value: str) -> int | None:
    """The whole number written in `value` (ASCII digits, optional sign), or None; a number too
    long to be sane becomes an out-of-range sentinel rather than a 4,000-digit int."""
    text = value.strip()
    if not _SIGNED.fullmatch(text):
        return None
    digits = text.lstrip("+-").lstrip("0")
    if len(digits) > 18:
        return -(2**63) if text.startswith("-") else 2**63
    return int(text)


def parse_int(value: str, field: str, low: int = 1, high: int = MAX_ID) -> int:
    """A whole number typed by the user within low..high. Not a number: exit 1, like any value
    refused by a command; a number outside the range (negative, 0, 20 digits): exit 2."""
    number = _integer(value)
    if number is None:
        raise InputError(f"{field} '{shown(value)}' bukan bilangan bulat; tulis angkanya saja, "
                         f"misalnya {low}.")
    if not low <= number <= high:
        raise ArgumentError(f"{field} '{shown(value)}' di luar rentang yang sah ({low}–{high}).")
    return number


@overload
def kode_puskesmas(value: str, field: str = ...) -> str: ...
@overload
def kode_puskesmas(value: str | None, field: str = ...) -> str | None: ...
def kode_puskesmas(value: str | None, field: str = "--puskesmas") -> str | None:
    """A Puskesmas code as typed (' pkm-mks ') in the stored form ('PKM-MKS'); empty is refused."""
    if value is None:
        return None
    kode = value.strip().upper()
    if not kode:
        raise ArgumentError(f"{field} kosong; sebutkan kode Puskesmas, misalnya PKM-SKJ.")
    return kode


def required_text(value: str, field: str) -> str:
    """A name or reference that may not be blank."""
    text = value.strip()
    if not text:
        raise ArgumentError(f"{field} kosong; isi nilainya.")
    return text


# -- files ----------------------------------------------------------------------------------------
_OS_REASON = {  # each reads after a colon: "Berkas 'x' tidak dapat dibaca: <alasan>"
    errno.ENOENT: "tidak ditemukan",
    errno.EACCES: "tidak ada izin (periksa izin berkas dan foldernya)",
    errno.EPERM: "tidak ada izin (periksa izin berkas dan foldernya)",
    errno.EISDIR: "itu folder, bukan berkas",
    errno.ENOTDIR: "salah satu bagian jalurnya bukan folder",
    errno.ENAMETOOLONG: "namanya terlalu panjang",
    errno.ENOSPC: "disk penuh",
    errno.EDQUOT: "kuota disk habis",
    errno.EROFS: "disk hanya dapat dibaca",
    errno.ELOOP: "tautan simboliknya berputar",
    errno.EIO: "galat baca/tulis disk (I/O)",
    errno.EFBIG: "terlalu besar untuk sistem berkas ini",
    errno.EBUSY: "sedang dipakai proses lain",
    errno.ETXTBSY: "sedang dipakai proses lain",
    errno.EINVAL: "nama atau operasi tidak sah",
    errno.ENXIO: "perangkat atau pipa tanpa lawan",
}


def os_reason(exc: OSError) -> str:
    return _OS_REASON.get(exc.errno or 0, "tidak dapat diakses")  # 0: no errno


def os_problem(exc: OSError) -> str:
    if exc.filename is not None:
        return f"Berkas atau folder '{shown(exc.filename, SHOWN_PATH)}': {os_reason(exc)}."
    return f"Operasi berkas gagal: {os_reason(exc)}."


def upload_limit() -> int:
    from tpcb.settings import get_settings

    return get_settings().max_upload_bytes


def _size(n: int) -> str:
    return ukuran(n)


def read_file(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a user's file, read in chunks and refused as soon as it passes `limit`
    (TPCB_MAX_UPLOAD_MB) — also for /dev/zero, pipes and devices whose size is unknown."""
    limit = upload_limit() if limit is None else limit
    name = shown(path, SHOWN_PATH)
    chunks, total = [], 0
    try:
        if path.is_dir():
            raise InputError(f"'{name}' adalah folder, bukan berkas.")
        with path.open("rb") as fh:
            while chunk := fh.read(CHUNK):
                total += len(chunk)
                if total > limit:
                    raise InputError(f"Berkas '{name}' melebihi batas {_size(limit)} "
                                     "(TPCB_MAX_UPLOAD_MB); tidak ada yang disimpan.")
                chunks.append(chunk)
    except FileNotFoundError:
        raise InputError(f"Berkas '{name}' tidak ditemukan.") from None
    except OSError as exc:
        raise InputError(f"Berkas '{name}' tidak dapat dibaca: {os_reason(exc)}.") from None
    return b"".join(chunks)


def read_text(path: Path) -> str:
    data = read_file(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"Berkas '{shown(path, SHOWN_PATH)}' bukan teks UTF-8 (simpan ulang "
                         "sebagai CSV UTF-8).") from None


def check_out(path: Path, field: str = "--out", suffixes: tuple[str, ...] = ()) -> Path:
    """Refuse, before any work is done, a destination the result cannot be written to.

    A missing folder is not created: a typo in its name should not leave new folders behind."""
    name = shown(path, SHOWN_PATH)
    if suffixes and path.suffix.lower() not in suffixes:
        raise InputError(f"{field} '{name}' harus berakhiran {' atau '.join(suffixes)}.")
    try:
        if path.is_dir():
            example = shown(path / f"hasil{(suffixes or ('.pdf',))[0]}", SHOWN_PATH)
            raise InputError(f"{field} '{name}' adalah folder; sebutkan nama berkasnya, "
                             f"misalnya {example}.")
        parent = path.parent
        folder = shown(parent, SHOWN_PATH)
        if not parent.exists():
            raise InputError(f"{field} '{name}': foldernya tidak ada ('{folder}'). Buat dulu "
                             "foldernya atau periksa ejaannya.")
        if not parent.is_dir():
            raise InputError(f"{field} '{name}': '{folder}' bukan folder.")
        target = path if path.exists() else parent
        if not os.access(target, os.W_OK):
            raise InputError(f"{field} '{name}': tidak boleh ditulis (periksa izin "
                             f"{'berkas' if target is path else 'folder'} itu).")
    except OSError as exc:
        raise InputError(f"{field} '{name}': {os_reason(exc)}.") from None
    return path


def write_file(path: Path, data: bytes, field: str = "--out") -> None:
    """Write `data` to `path` whole or not at all: a regular file is replaced only after the new
    content is completely on disk; a device or pipe (/dev/stdout) is written directly."""
    check_out(path, field)
    name = shown(path, SHOWN_PATH)
    try:
        try:
            special = not stat.S_ISREG(path.stat().st_mode)
        except FileNotFoundError:
            special = False
        if special:
            with path.open("wb") as fh:
                fh.write(data)
            return
        target = path.resolve() if path.is_symlink() else path
        tmp = target.with_name(f".{target.name}.{os.getpid()}.sementara")
        try:
            with tmp.open("wb") as fh:
                fh.write(data)
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError as exc:
        raise InputError(f"{field} '{name}' tidak dapat ditulis: {os_reason(exc)}; berkas "
                         "tujuan tidak diubah.") from None


# -- output ---------------------------------------------------------------------------------------
TABLE_JSON = ("table", "json")


def check_format(value: str, allowed: tuple[str, ...] = TABLE_JSON) -> str:
    if value not in allowed:
        raise InputError(f"Format '{shown(value)}' tidak dikenal; pilih salah satu: "
                         f"{', '.join(allowed)}.")
    return value


def print_json(payload) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")


def add_columns(table: Table, *columns: tuple[str, JustifyMethod]) -> None:
    """Add (header, alignment) columns: typed, so that a misspelt alignment is caught."""
    for header, justify in columns:
        table.add_column(header, justify=justify)
