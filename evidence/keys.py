"""Object keys: built and parsed in this one place.

`{kode_wilayah}/{tahun}/{kode_puskesmas|dinkes}/1.7.1/{ep}/{item_id}/{filename}`. A name a user
typed never becomes a path: it is reduced to a safe file name first.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from evidence.errors import InputError

CRITERION = "1.7.1"
_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)),
             *(f"LPT{i}" for i in range(10))}


@dataclass(frozen=True)
class ObjectKey:
    kode_wilayah: str
    tahun: int
    pemilik: str
    ep: str
    item_id: str
    filename: str

    def __str__(self) -> str:
        return "/".join(
            [self.kode_wilayah, str(self.tahun), self.pemilik, CRITERION, self.ep, self.item_id,
             self.filename]
        )


def safe_filename(name: str) -> str:
    """Reduce a user-supplied file name to one safe path segment, keeping its extension.

    Drops directories and control characters, transliterates accents (NFKD) and keeps
    [A-Za-z0-9._-] only: the same result as ever for Latin names, so a file uploaded again under
    the same name is still recognised. A name written in another script keeps its extension and
    gets a stable stem derived from the original ("berkas-1a2b3c4d.pdf"). Windows device names
    (CON, NUL, COM1...) are prefixed, and trailing dots or spaces never survive.
    """
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFC", "".join(ch for ch in base if ch.isprintable()))
    stem, dot, ext = base.strip(" .").rpartition(".")
    if not dot or not re.fullmatch(r"[A-Za-z0-9]{1,10}", ext):  # no extension, only dots inside
        stem, ext = base.strip(" ."), ""
    clean = _ascii(base)
    if not re.search(r"[A-Za-z0-9]", clean) or (ext and not clean.endswith("." + ext)):
        # nothing Latin left, or the extension was eaten with the name: keep the type
        if not stem.strip(" ._-"):
            raise InputError(f"Nama berkas '{_visible(name)}' tidak dapat dipakai; beri nama berkas "
                             "yang jelas.")
        clean = "berkas-" + hashlib.sha1(stem.encode()).hexdigest()[:8] + ("." + ext if ext else "")
    if clean.split(".")[0].upper() in _RESERVED:
        clean = "berkas-" + clean
    if len(clean) > 120:  # shorten the name, never the extension
        tail = "." + ext if ext and clean.endswith("." + ext) else ""
        clean = clean[:120 - len(tail)].rstrip("._ ") + tail
    return clean


def _ascii(text: str) -> str:
    """The name as it was always reduced: ASCII, [A-Za-z0-9._ -], spaces as one underscore."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = _UNSAFE.sub("_", text).strip(" .")
    text = re.sub(r"\s+", "_", text)
    return re.sub(r"_+", "_", text)


def _visible(text: str) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in (text or ""))[:80]


def _check_segment(value: str, what: str) -> str:
    if not _SEGMENT.match(value) or ".." in value:
        raise InputError(f"{what} '{value}' tidak sah untuk kunci penyimpanan.")
    return value


def build_key(*, kode_wilayah: str, tahun: int, pemilik: str, ep: str, item_id: str,
              filename: str) -> ObjectKey:
    for value, what in ((kode_wilayah, "Kode wilayah"), (pemilik, "Kode pemilik"), (ep, "EP"),
                        (item_id, "Butir")):
        _check_segment(value, what)
    if filename != safe_filename(filename):
        raise InputError(f"Nama berkas '{filename}' tidak aman.")
    return ObjectKey(kode_wilayah, int(tahun), pemilik, ep, item_id, filename)


def parse_key(key: str) -> ObjectKey:
    parts = key.split("/")
    if len(parts) != 7 or parts[3] != CRITERION or not parts[1].isdigit():
        raise InputError(f"Kunci '{key}' bukan kunci artefak Kriteria {CRITERION}.")
    return build_key(kode_wilayah=parts[0], tahun=int(parts[1]), pemilik=parts[2], ep=parts[4],
                     item_id=parts[5], filename=parts[6])
