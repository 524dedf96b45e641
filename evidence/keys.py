"""Object keys: built and parsed in this one place.

`{kode_wilayah}/{tahun}/{kode_puskesmas|dinkes}/1.7.1/{ep}/{item_id}/{filename}`. A name a user
typed never becomes a path: it is reduced to a safe file name first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from evidence.errors import InputError

CRITERION = "1.7.1"
_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")


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

    Drops directories, control characters and anything outside [A-Za-z0-9._ -]; refuses a name
    that is empty afterwards.
    """
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    base = "".join(ch for ch in base if ch.isprintable())
    base = _UNSAFE.sub("_", base).strip(" .")
    base = re.sub(r"\s+", "_", base)
    base = re.sub(r"_+", "_", base)
    if not base or base in {".", ".."} or not re.search(r"[A-Za-z0-9]", base):
        raise InputError(f"Nama berkas '{name}' tidak dapat dipakai; beri nama berkas yang jelas.")
    return base[:120]


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
