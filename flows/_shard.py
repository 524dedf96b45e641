"""Which Puskesmas a flow run takes: all of them, a list of codes, or one part of the kabupaten.

The `puskesmas` parameter of the stage flows and of `siklus_tahunan` accepts
- nothing: every registered Puskesmas;
- one code or codes separated by commas: `PKM-SKJ` or `PKM-SKJ, pkm-kra`;
- a part `i/n` (1 <= i <= n): the i-th of n contiguous, near-equal parts of the registered
  Puskesmas in code order, so n workers can each run one part of the same year in parallel
  (`prefect deployment run siklus_tahunan/siklus-tahunan --param puskesmas=1/2`, and `2/2`).

Pure functions (no I/O): the flows pass the registered codes in.
"""

from __future__ import annotations

import re

from evidence.errors import InputError

_BAGIAN = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
MAKS_BAGIAN = 1000


def bagian(codes: list[str], ke: int, dari: int) -> list[str]:
    """Part `ke` (1-based) of `dari` contiguous parts whose sizes differ by at most one."""
    if dari < 1 or dari > MAKS_BAGIAN:
        raise InputError(f"Jumlah bagian harus 1 sampai {MAKS_BAGIAN}, bukan {dari}.")
    if not 1 <= ke <= dari:
        raise InputError(f"Bagian {ke}/{dari} tidak ada: nomor bagian harus 1 sampai {dari}.")
    besar, sisa = divmod(len(codes), dari)
    mulai = (ke - 1) * besar + min(ke - 1, sisa)
    return codes[mulai:mulai + besar + (1 if ke <= sisa else 0)]


def bagian_ke(puskesmas: str | None) -> int | None:
    """The part number i when the parameter names a part `i/n`; None for codes or everything."""
    part = _BAGIAN.match(puskesmas) if puskesmas is not None else None
    return int(part.group(1)) if part else None


def pilih_puskesmas(terdaftar: list[str], puskesmas: str | None) -> list[str]:
    """The codes a run takes, in registry order; an unknown code or a bad part is refused
    (InputError, in Indonesian) before anything is made."""
    if puskesmas is None:
        return list(terdaftar)
    part = _BAGIAN.match(puskesmas)
    if part:
        return bagian(list(terdaftar), int(part.group(1)), int(part.group(2)))
    diminta = [k.strip().upper() for k in puskesmas.split(",") if k.strip()]
    if not diminta:
        raise InputError("Daftar Puskesmas kosong; sebutkan kode (mis. PKM-SKJ,PKM-KRA) "
                         "atau bagian (mis. 1/2).")
    dikenal = set(terdaftar)
    asing = [k for k in dict.fromkeys(diminta) if k not in dikenal]
    if asing:
        raise InputError(f"Puskesmas tidak terdaftar: {', '.join(asing)}.")
    wanted = set(diminta)
    return [k for k in terdaftar if k in wanted]


def bagi(codes: list[str], dari: int) -> list[str]:
    """The `puskesmas` parameter of each of `dari` parts, as codes separated by commas."""
    return [",".join(bagian(codes, ke, dari)) for ke in range(1, dari + 1)]
